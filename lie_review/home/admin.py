"""The admin's section of the home: the invitations not yet accepted and the latest audit events."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..admin.audit_values import action_label
from ..admin.queries import open_invitations_count
from ..audit import AuditEvent
from ..auth.models import Invitation
from ..extensions import db

SHOWN = 5


@dataclass
class AdminHome:
    invitations: list[Invitation]
    invitations_total: int
    events: list[AuditEvent]
    action_labels: dict[str, str]  # each event's action in words, as the audit trail names it


def admin_home() -> AdminHome:
    """The latest open invitations, how many are open, and the latest events, in three queries."""
    invitations = list(db.session.execute(
        select(Invitation).options(joinedload(Invitation.economy))
        .where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc()).limit(SHOWN)
    ).scalars())
    events = list(db.session.execute(
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(SHOWN)
    ).scalars())
    total = open_invitations_count() if len(invitations) == SHOWN else len(invitations)
    return AdminHome(invitations=invitations, invitations_total=total, events=events,
                     action_labels={event.action: action_label(event.action) for event in events})
