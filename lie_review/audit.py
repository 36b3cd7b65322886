"""The audit trail: one append-only row per state change, written by operations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .auth.models import User
from .clock import UTCDateTime, utcnow
from .extensions import db


class AuditEvent(db.Model):
    """Who did what to which object, when, with the values before and after."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_object", "object_type", "object_id"),
        Index("ix_audit_event_call_at", "call_id", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None]
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id", ondelete="SET NULL"))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    address: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _append_only(mapper, connection, target) -> None:
    """The application never edits or deletes an audit event; a flush that tries to fails loudly."""
    raise RuntimeError(f"audit event {target.id} is append-only")


def record(
    action: str,
    *,
    object_type: str,
    actor: User | None,
    object_id: int | None = None,
    call_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits).

    `actor` is whoever made the change, passed by the operation: None for the command line, or
    someone not signed in (a failed login, text kept after the session ended).
    """
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=object_id,
        actor_id=actor.id if actor is not None else None,
        call_id=call_id,
        before=_plain(before),
        after=_plain(after),
        address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def _plain(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in values.items()}


def changes(obj: Any, fields: list[str] | tuple[str, ...], **new: Any) -> tuple[dict, dict]:
    """Apply `new` to `obj` and return (before, after) of the fields that changed."""
    before, after = {}, {}
    for name in fields:
        if name in new and getattr(obj, name) != new[name]:
            before[name] = getattr(obj, name)
            after[name] = new[name]
            setattr(obj, name, new[name])
    return before, after
