"""Reads for the exports page: the call's recent exports made by workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..jobs.models import Job, JobFile
from .operations import EXPORT_JOB

RECENT_EXPORTS = 20


@dataclass
class RecentExport:
    """An export job as the exports page lists it: the job, who started it, and its file while kept."""

    job: Job
    started_by: str | None
    file_name: str | None
    file_size: int | None
    kept_until: datetime | None

    @property
    def file_kept(self) -> bool:
        return self.kept_until is not None and self.kept_until > utcnow()


def recent_exports(call_id: int, limit: int = RECENT_EXPORTS) -> list[RecentExport]:
    """The call's latest export jobs, newest first, in one query that leaves the files' bytes unread."""
    rows = db.session.execute(
        select(Job, User.name, JobFile.filename, JobFile.size, JobFile.expires_at)
        .outerjoin(User, User.id == Job.created_by_id)
        .outerjoin(JobFile, JobFile.job_id == Job.id)
        .where(Job.call_id == call_id, Job.kind == EXPORT_JOB)
        .order_by(Job.id.desc()).limit(limit)).all()
    return [RecentExport(*row) for row in rows]

