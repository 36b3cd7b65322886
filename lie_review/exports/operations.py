"""State changes of exports: the audit event each export leaves, and the export a worker is asked to make."""

from __future__ import annotations

from .. import audit
from ..audit import AuditEvent
from ..auth.models import User
from ..case_studies.models import Call
from ..i18n import current_locale
from ..jobs import work
from ..jobs.models import Job

EXPORT_JOB = "export"


def record_export(*, call: Call, export: str, fmt: str, rows: int, actor: User | None, **options) -> AuditEvent:
    """Who exported what from which call (when is the event's time), with the options and how many rows."""
    return audit.record("call.exported", object_type="call", object_id=call.id, call_id=call.id, actor=actor,
                        after={"export": export, "format": fmt, "rows": rows, **options})


def start_export(*, call: Call, export: str, fmt: str, actor: User | None, include_waitlist: bool = False,
                 include_contact: bool = False) -> Job:
    """Ask a worker to make the export (once the caller commits), in the language of whoever asked for it;
    the export is recorded when its file is made (lie_review/exports/jobs.py)."""
    options = {"include_waitlist": include_waitlist, "include_contact": include_contact} if export == "shortlist" else {}
    return work.start(EXPORT_JOB, created_by=actor, call_id=call.id,
                      payload={"export": export, "format": fmt, "locale": current_locale(), **options})
