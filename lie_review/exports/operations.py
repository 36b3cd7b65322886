"""State changes of exports: the audit event each export leaves."""

from __future__ import annotations

from .. import audit
from ..audit import AuditEvent
from ..auth.models import User
from ..case_studies.models import Call


def record_export(*, call: Call, export: str, fmt: str, rows: int, actor: User | None, **options) -> AuditEvent:
    """Who exported what from which call (when is the event's time), with the options and how many rows."""
    return audit.record("call.exported", object_type="call", object_id=call.id, call_id=call.id, actor=actor,
                        after={"export": export, "format": fmt, "rows": rows, **options})
