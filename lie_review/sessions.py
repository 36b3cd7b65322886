"""The session cookie, signed as Flask signs it, but signed again only once it has aged a little.

Flask re-signs a permanent session's cookie on every response (SESSION_REFRESH_EACH_REQUEST), which keeps
its expiry sliding: twelve hours after the last request. Signing and setting the cookie is a visible share
of a cheap page, so here a cookie is signed again only when it is SESSION_REFRESH_AFTER seconds old (or
the session changed): the expiry still slides, in steps of that much. Whether a session is still valid is
not the cookie's to say anyway: the server-side session row is, and logout deletes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature


class SignedSession(SecureCookieSession):
    """A cookie session that knows when its cookie was signed (None: not from a valid cookie)."""

    signed_at: datetime | None = None


class AgingSessionInterface(SecureCookieSessionInterface):
    session_class = SignedSession

    def open_session(self, app: Flask, request: Request) -> SignedSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        try:
            data, signed_at = serializer.loads(value, max_age=int(app.permanent_session_lifetime.total_seconds()),
                                               return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at
        return session

    def should_set_cookie(self, app: Flask, session: SignedSession) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        if session.signed_at is None:
            return True
        age = datetime.now(timezone.utc) - session.signed_at
        return age >= timedelta(seconds=app.config["SESSION_REFRESH_AFTER"])
