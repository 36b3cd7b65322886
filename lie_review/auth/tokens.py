"""Random link tokens: the link carries the token, the database keeps only its hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from ..clock import utcnow
from ..extensions import db
from .models import AuthToken, Invitation, User


def new_token() -> tuple[str, str]:
    """A fresh (token, hash) pair."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_auth_token(user: User, purpose: str, hours: float) -> str:
    """Store a single-use token for `user` and return the secret part for the link."""
    token, digest = new_token()
    db.session.add(
        AuthToken(token_hash=digest, purpose=purpose, user_id=user.id,
                  expires_at=utcnow() + timedelta(hours=hours))
    )
    return token


def find_auth_token(token: str, purpose: str, *, for_update: bool = False) -> AuthToken | None:
    """The unused, unexpired token of that purpose, or None."""
    query = select(AuthToken).where(
        AuthToken.token_hash == hash_token(token),
        AuthToken.purpose == purpose,
        AuthToken.used_at.is_(None),
        AuthToken.expires_at > utcnow(),
    )
    if for_update:
        query = query.with_for_update()
    return db.session.execute(query).scalar_one_or_none()


def find_invitation(token: str, *, for_update: bool = False) -> Invitation | None:
    """The invitation behind a link, whatever its state (the view explains expired or used ones)."""
    query = select(Invitation).where(Invitation.token_hash == hash_token(token))
    if for_update:
        query = query.with_for_update()
    return db.session.execute(query).scalar_one_or_none()
