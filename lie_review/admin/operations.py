"""State changes made by admins: roles, details, deactivation, and invitations one by one or in bulk.

Each operation locks the rows it reads before changing them, flushes, and writes one audit event
per change; the view commits.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..auth.models import Economy, Invitation, Role, User, UserRole
from ..auth.operations import create_invitation, end_all_sessions, send_invitation
from ..auth.tokens import new_token
from ..clock import utcnow
from ..extensions import db
from .queries import members_and_invited
from .roster import NEW, RosterRow, classify


class NotAllowed(Exception):
    """The change cannot be made in the state found; the message says why, for the admin."""


def _lock_accounts(actor: User, person: User) -> None:
    """Lock both accounts (in id order, so two admins never wait on each other) and re-read them.

    Re-reading after the lock means two admins demoting each other at once cannot both succeed:
    the second finds it is no longer an admin.
    """
    db.session.execute(
        select(User).where(User.id.in_({actor.id, person.id})).order_by(User.id)
        .with_for_update(of=User).execution_options(populate_existing=True)
    ).unique().all()
    still_admin = db.session.execute(
        select(UserRole.user_id).join(User).where(
            UserRole.user_id == actor.id, UserRole.role == Role.ADMIN.value, User.active.is_(True))
    ).first()
    if still_admin is None:
        raise NotAllowed(_("You are no longer an admin."))


def change_roles(*, person: User, roles: set[str], actor: User) -> bool:
    """Give `person` exactly these roles; an admin cannot remove their own admin role."""
    _lock_accounts(actor, person)
    if person.id == actor.id and Role.ADMIN.value not in roles:
        raise NotAllowed(_("You cannot remove your own admin role: ask another admin to do it."))
    before = sorted(person.roles)
    if set(before) == roles:
        return False
    person.set_roles(roles)
    db.session.flush()
    audit.record("user.roles_changed", object_type="user", object_id=person.id, actor=actor,
                 before={"roles": before}, after={"roles": sorted(roles)})
    return True


def change_details(*, person: User, economy_id: int | None, organisation: str, actor: User) -> bool:
    """Change a person's economy and organisation."""
    _lock_accounts(actor, person)
    old_code = person.economy.code if person.economy else None
    before, after = audit.changes(person, ("economy_id", "organisation"),
                                  economy_id=economy_id, organisation=organisation.strip())
    if not after:
        return False
    if "economy_id" in after:
        before["economy"], after["economy"] = old_code, (
            db.session.get(Economy, economy_id).code if economy_id is not None else None)
        del before["economy_id"], after["economy_id"]
    db.session.flush()
    audit.record("user.updated", object_type="user", object_id=person.id, actor=actor,
                 before=before, after=after)
    return True


def deactivate_user(*, person: User, actor: User) -> bool:
    """Stop an account from signing in and end its sessions; its history stays."""
    _lock_accounts(actor, person)
    if person.id == actor.id:
        raise NotAllowed(_("You cannot deactivate your own account: ask another admin to do it."))
    if not person.active:
        return False
    person.active = False
    end_all_sessions(person)
    audit.record("user.deactivated", object_type="user", object_id=person.id, actor=actor,
                 before={"active": True}, after={"active": False})
    return True


def reactivate_user(*, person: User, actor: User) -> bool:
    _lock_accounts(actor, person)
    if person.active:
        return False
    person.active = True
    audit.record("user.reactivated", object_type="user", object_id=person.id, actor=actor,
                 before={"active": False}, after={"active": True})
    return True


def invite_person(*, email: str, name: str, role: str, economy_id: int | None, organisation: str,
                  invited_by: User) -> Invitation:
    """Create an invitation and mail its link."""
    invitation, token = create_invitation(email=email, name=name, role=role, economy_id=economy_id,
                                          organisation=organisation, invited_by=invited_by)
    send_invitation(invitation, token)
    return invitation


def invite_rows(*, rows: list[RosterRow], invited_by: User) -> tuple[int, int]:
    """Invite the previewed rows still new now; return (sent, skipped).

    The inviting admin's row is locked first, so two of their files sending at once take turns, and
    the second finds the people of both already invited.
    """
    db.session.execute(select(User.id).where(User.id == invited_by.id).with_for_update())
    members, invited = members_and_invited([row.email for row in rows])
    classify(rows, members=members, invited=invited)
    # Held while the rows are invited, so each invitation's economy is found in the session (whose map of
    # loaded rows keeps only what is referenced) rather than read again for every row and its mail.
    economies = db.session.execute(select(Economy)).scalars().all()  # noqa: F841
    sent = 0
    for row in rows:
        if row.status == NEW:
            invite_person(email=row.email, name=row.name, role=row.role, economy_id=row.economy_id,
                          organisation=row.organisation, invited_by=invited_by)
            sent += 1
    return sent, len(rows) - sent


def _lock_invitation(invitation: Invitation) -> Invitation:
    return db.session.execute(
        select(Invitation).where(Invitation.id == invitation.id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def resend_invitation(*, invitation: Invitation, actor: User) -> None:
    """Mail a new link with a new expiry; the previous link stops working."""
    invitation = _lock_invitation(invitation)
    if invitation.accepted_at is not None:
        raise NotAllowed(_("%(email)s has already accepted this invitation.", email=invitation.email))
    if invitation.revoked_at is not None:
        raise NotAllowed(_("This invitation was revoked: invite %(email)s again instead.",
                           email=invitation.email))
    before = {"expires_at": invitation.expires_at, "send_count": invitation.send_count}
    token, invitation.token_hash = new_token()
    invitation.expires_at = utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"])
    send_invitation(invitation, token)
    db.session.flush()
    audit.record("invitation.resent", object_type="invitation", object_id=invitation.id, actor=actor,
                 before=before, after={"expires_at": invitation.expires_at, "send_count": invitation.send_count})


def revoke_invitation(*, invitation: Invitation, actor: User) -> bool:
    """Make the invitation's link useless; its page then says the invitation was withdrawn."""
    invitation = _lock_invitation(invitation)
    if invitation.accepted_at is not None:
        raise NotAllowed(_("%(email)s has already accepted this invitation: deactivate the account instead.",
                           email=invitation.email))
    if invitation.revoked_at is not None:
        return False
    invitation.revoked_at = utcnow()
    db.session.flush()
    audit.record("invitation.revoked", object_type="invitation", object_id=invitation.id, actor=actor,
                 before={"revoked_at": None}, after={"revoked_at": invitation.revoked_at})
    return True
