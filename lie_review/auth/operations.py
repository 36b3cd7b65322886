"""State changes of accounts: registration, sessions, passwords, invitations."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..i18n import current_locale, mail_locale
from ..mail import external_url, send_mail
from ..reference_versions import FORA_VERSION, seen_fora_version
from .labels import ROLE_LABELS
from .models import Invitation, Role, TokenPurpose, User, UserSession
from .tokens import find_auth_token, find_invitation, hash_token, issue_auth_token, new_token

# Checked against when the email is unknown, so a failed login takes as long either way.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def register_applicant(*, name: str, email: str, password: str, organisation: str,
                       economy_id: int | None) -> User | None:
    """Create an unconfirmed applicant and mail a confirmation link; an existing address is told instead."""
    existing = user_by_email(email)
    if existing is not None:
        send_mail(existing.email, "already_registered", locale=mail_locale(existing), user=existing,
                  login_url=external_url("auth.login"), reset_url=external_url("auth.forgot_password"))
        return None
    user = User(name=name.strip(), email=normalise_email(email), organisation=organisation.strip(),
                economy_id=economy_id, password_hash=generate_password_hash(password), locale=current_locale())
    user.set_roles([Role.APPLICANT])
    db.session.add(user)
    db.session.flush()
    audit.record("user.registered", object_type="user", object_id=user.id, actor=user,
                 after={"email": user.email, "roles": ["applicant"]})
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    token = issue_auth_token(user, TokenPurpose.CONFIRM.value, current_app.config["CONFIRM_TOKEN_HOURS"])
    send_mail(user.email, "confirm_email", locale=mail_locale(user), user=user, url=external_url("auth.confirm_email", token=token))


def confirm_email(*, token: str) -> User | None:
    row = find_auth_token(token, TokenPurpose.CONFIRM.value, for_update=True)
    if row is None:
        return None
    row.used_at = utcnow()
    if row.user.email_confirmed_at is None:
        row.user.email_confirmed_at = utcnow()
        audit.record("user.email_confirmed", object_type="user", object_id=row.user.id, actor=row.user)
    return row.user


def check_credentials(email: str, password: str) -> User | None:
    """The active user with that email and password, or None (in the same time either way)."""
    user = user_by_email(email)
    if user is None or user.password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def record_failed_login(email: str) -> None:
    user = user_by_email(email)
    audit.record("user.login_failed", object_type="user", object_id=user.id if user else None,
                 actor=user, after={"email": normalise_email(email)[:254]})


def start_session(user: User) -> None:
    """Sign `user` in with a server-side session row that logout or deactivation can delete."""
    session.clear()
    token, digest = new_token()
    db.session.add(UserSession(token_hash=digest, user_id=user.id))
    session["sid"] = token
    session.permanent = True
    login_user(user)
    audit.record("user.login", object_type="user", object_id=user.id, actor=user, after={"email": user.email})


def end_session() -> None:
    token = session.get("sid")
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == hash_token(token)))
    logout_user()
    session.clear()


def end_all_sessions(user: User) -> None:
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


# Built once: composing the statement cost more than running it, on the path of every signed-in request.
# It reads the fora's change count too (reference_versions), so that checking the kept fora costs no query.
_SESSION_USER = (
    select(User, FORA_VERSION)
    .join(UserSession, UserSession.user_id == User.id)
    .options(joinedload(User.role_rows))
    .where(User.id == bindparam("user_id"), User.active.is_(True),
           UserSession.token_hash == bindparam("token_hash"))
)


def load_session_user(user_id: str) -> User | None:
    """The user of this browser's session row; None once the row or the account is gone.

    One query on every signed-in request: the session row, the account, its economy and its roles,
    so no page reads the roles again."""
    token = session.get("sid")
    if not token or not user_id.isdigit():
        return None
    row = db.session.execute(
        _SESSION_USER, {"user_id": int(user_id), "token_hash": hash_token(token)}
    ).unique().one_or_none()
    if row is None:
        return None
    seen_fora_version(row[1])
    return row[0]


def request_password_reset(*, email: str) -> None:
    """Mail a reset link if the address belongs to an active account; say nothing either way."""
    user = user_by_email(email)
    if user is None or not user.active:
        return
    token = issue_auth_token(user, TokenPurpose.RESET.value, current_app.config["RESET_TOKEN_HOURS"])
    send_mail(user.email, "reset_password", locale=mail_locale(user), user=user,
              url=external_url("auth.reset_password", token=token),
              hours=current_app.config["RESET_TOKEN_HOURS"])
    audit.record("user.reset_requested", object_type="user", object_id=user.id, actor=user)


def reset_password(*, token: str, password: str) -> User | None:
    row = find_auth_token(token, TokenPurpose.RESET.value, for_update=True)
    if row is None or not row.user.active:
        return None
    row.used_at = utcnow()
    set_password(row.user, password)
    # The link came by email, so the address is confirmed now.
    row.user.email_confirmed_at = row.user.email_confirmed_at or utcnow()
    return row.user


def set_password(user: User, password: str) -> None:
    """Change the password and end every session of the account."""
    user.password_hash = generate_password_hash(password)
    end_all_sessions(user)
    audit.record("user.password_changed", object_type="user", object_id=user.id, actor=user)


def update_account(*, user: User, name: str, timezone: str | None, locale: str) -> None:
    """Change the user's own name, time zone (None: follow each call's zone) and language."""
    before, after = audit.changes(user, ("name", "timezone", "locale"), name=name.strip(), timezone=timezone or None,
                                  locale=locale)
    if after:
        audit.record("user.updated", object_type="user", object_id=user.id, actor=user, before=before, after=after)


def set_locale(*, user: User, locale: str) -> None:
    """Keep the language the user chose on their account, so pages and mail follow it everywhere."""
    before, after = audit.changes(user, ("locale",), locale=locale)
    if after:
        audit.record("user.updated", object_type="user", object_id=user.id, actor=user, before=before, after=after)


def change_password(*, user: User, current: str, new: str) -> bool:
    """Change the password if `current` is right; every session ends and this browser gets a new one."""
    if user.password_hash is None or not check_password_hash(user.password_hash, current):
        return False
    set_password(user, new)
    start_session(user)
    return True


def create_invitation(*, email: str, name: str, role: str, economy_id: int | None,
                      organisation: str = "", invited_by: User | None = None) -> tuple[Invitation, str]:
    """Store an invitation and return it with the secret token for its link (not yet sent)."""
    token, digest = new_token()
    invitation = Invitation(
        token_hash=digest, email=normalise_email(email), name=name.strip(), role=role,
        economy_id=economy_id, organisation=organisation.strip(),
        invited_by_id=invited_by.id if invited_by else None,
        expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record("invitation.created", object_type="invitation", object_id=invitation.id, actor=invited_by,
                 after={"email": invitation.email, "role": role,
                        "economy": invitation.economy.code if invitation.economy else None})
    return invitation, token


def send_invitation(invitation: Invitation, token: str) -> None:
    send_mail(invitation.email, "invitation", locale=mail_locale(invitation, from_economy=True),
              invitation=invitation, role_labels=ROLE_LABELS,
              url=external_url("auth.accept_invitation", token=token),
              days=current_app.config["INVITATION_DAYS"])
    invitation.sent_at = utcnow()
    invitation.send_count += 1


def accept_invitation(*, token: str, name: str, password: str) -> User | None:
    """Create the invited account (or add the role to an existing one); None when the link is no good."""
    invitation = find_invitation(token, for_update=True)
    if invitation is None or not invitation.is_pending:
        return None
    user = user_by_email(invitation.email)
    if user is None:
        user = User(email=invitation.email, name=name.strip() or invitation.name,
                    organisation=invitation.organisation, economy_id=invitation.economy_id,
                    locale=current_locale())
        db.session.add(user)
    user.set_roles(user.roles | {invitation.role})
    if invitation.economy_id is not None:
        user.economy_id = invitation.economy_id
    user.password_hash = generate_password_hash(password)
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.flush()
    invitation.accepted_at = utcnow()
    invitation.user_id = user.id
    audit.record("invitation.accepted", object_type="invitation", object_id=invitation.id, actor=user,
                 before={"accepted_at": None}, after={"accepted_at": invitation.accepted_at,
                                                      "role": invitation.role})
    return user
