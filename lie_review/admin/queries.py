"""Read-only queries behind the admin pages: people and invitations, the audit trail, the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, String, exists, func, literal_column, or_, select, union_all
from sqlalchemy.orm import aliased, joinedload

from ..audit import AuditEvent
from ..auth.economies import economies as seeded_economies
from ..auth.models import Economy, Invitation, User, UserRole
from ..database import among, contains_folded, fold, in_list_chunks, starts_with_folded
from ..extensions import db
from ..mail import OutboxMessage
from ..paging import Page, paginate

PEOPLE_PER_PAGE = 50
EVENTS_PER_PAGE = 50
MESSAGES_PER_PAGE = 20


@dataclass
class Person:
    """One line of the people list: an account, or an invitation not yet accepted or revoked."""

    user: User | None = None
    invitation: Invitation | None = None


def people_page(*, q: str = "", role: str = "", economy_code: str = "", status: str = "",
                page: int = 1) -> Page:
    """Accounts and open invitations matching the filters, by name; a fixed number of queries per page.

    status: "" everyone, "active" or "inactive" accounts only, "invited" open invitations only.
    """
    accounts = select(literal_column("'user'", String).label("kind"), User.id.label("id"), User.name.label("name"))
    invitations = select(literal_column("'invitation'", String).label("kind"), Invitation.id.label("id"),
                         Invitation.name.label("name")).where(
        Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
    if q:
        accounts = accounts.where(or_(contains_folded(User.name, q), contains_folded(User.email, q),
                                      contains_folded(User.organisation, q)))
        invitations = invitations.where(or_(contains_folded(Invitation.name, q),
                                            contains_folded(Invitation.email, q),
                                            contains_folded(Invitation.organisation, q)))
    if role:
        accounts = accounts.where(exists().where(UserRole.user_id == User.id, UserRole.role == role))
        invitations = invitations.where(Invitation.role == role)
    if economy_code:
        economy_id = select(Economy.id).where(Economy.code == economy_code).scalar_subquery()
        accounts = accounts.where(User.economy_id == economy_id)
        invitations = invitations.where(Invitation.economy_id == economy_id)
    if status in ("active", "inactive"):
        accounts = accounts.where(User.active.is_(status == "active"))
    parts = {"": [accounts, invitations], "active": [accounts], "inactive": [accounts],
             "invited": [invitations]}[status]
    people = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    listing = select(people.c.kind, people.c.id).order_by(
        fold(people.c.name), people.c.kind, people.c.id)
    pagination = paginate(listing, page=page, per_page=PEOPLE_PER_PAGE, rows=True)
    pagination.items = _load_people(pagination.items)
    return pagination


def _load_people(rows) -> list[Person]:
    """The page's accounts (with roles and economy) and invitations, in two queries whatever their number."""
    user_ids = [row.id for row in rows if row.kind == "user"]
    invitation_ids = [row.id for row in rows if row.kind == "invitation"]
    users = {u.id: u for u in db.session.execute(select(User).where(User.id.in_(user_ids))).unique().scalars()}
    invitations = {i.id: i for i in db.session.execute(
        select(Invitation).options(joinedload(Invitation.economy)).where(Invitation.id.in_(invitation_ids))
    ).scalars()}
    return [Person(user=users[row.id]) if row.kind == "user" else Person(invitation=invitations[row.id])
            for row in rows]


def open_invitations_count() -> int:
    return db.session.execute(select(func.count(Invitation.id)).where(
        Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))).scalar_one()


def invitations_of(user: User) -> list[Invitation]:
    """The invitations sent to a person's address or accepted by them, newest first."""
    return list(db.session.execute(
        select(Invitation).options(joinedload(Invitation.economy), joinedload(Invitation.invited_by))
        .where(or_(Invitation.user_id == user.id, Invitation.email == user.email))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ).unique().scalars())


def economies() -> list[tuple[int, str, str]]:
    return [(e.id, e.code, e.name) for e in seeded_economies()]


def members_and_invited(emails: list[str]) -> tuple[set[str], set[str]]:
    """Of these addresses: those with an account, and those with an invitation still open."""
    members: set[str] = set()
    invited: set[str] = set()
    for chunk in in_list_chunks(emails):
        members.update(db.session.execute(select(User.email).where(among(User.email, chunk))).scalars())
        invited.update(db.session.execute(select(Invitation.email).where(
            among(Invitation.email, chunk), Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None))).scalars())
    return members, invited


def audit_events(*, actor: str = "", action: str = "", object_type: str = "", object_id: int | None = None,
                 call_id: int | None = None, since: datetime | None = None, until: datetime | None = None,
                 only_calls: bool = False, page: int = 1) -> Page:
    """Audit events matching the filters, newest first; `only_calls` keeps those that belong to a call."""
    query: Select = select(AuditEvent).options(joinedload(AuditEvent.actor))
    if actor:
        who = aliased(User)
        query = query.join(who, AuditEvent.actor_id == who.id).where(
            or_(contains_folded(who.name, actor), contains_folded(who.email, actor)))
    if action:
        query = query.where(starts_with_folded(AuditEvent.action, action))
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    if call_id is not None:
        query = query.where(AuditEvent.call_id == call_id)
    elif only_calls:
        query = query.where(AuditEvent.call_id.is_not(None))
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return paginate(query, page=page, per_page=EVENTS_PER_PAGE)


def outbox_page(*, recipient: str = "", state: str = "", page: int = 1) -> Page:
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if recipient:
        query = query.where(contains_folded(OutboxMessage.recipient, recipient))
    if state:
        query = query.where(OutboxMessage.state == state)
    return paginate(query, page=page, per_page=MESSAGES_PER_PAGE)
