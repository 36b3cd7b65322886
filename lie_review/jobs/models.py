"""What the workers do, kept in the application's database: its jobs, their files, and the workers' heartbeats.

The database, not the queue, says what is to be done: the queue only rings the doorbell, so a task the
queue lost is found here again (lie_review/jobs/maintenance.py) and nothing committed is ever dropped.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import UTCDateTime, utcnow
from ..extensions import db, one_of


class JobState(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


JOB_STATES = [state.value for state in JobState]


class Job(db.Model):
    """One piece of long work: who started it, for which call, how far it got and how it ended.

    `done` is the job's cursor as well as its progress: a job's steps commit their work together with it,
    so a job run again after its worker died starts where the last committed step ended.
    """

    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint(one_of("state", JOB_STATES), name="state"),
        Index("ix_job_state_lease", "state", "lease_until"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED.value)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                      index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The worker holding the job keeps its lease ahead of the clock; a lease that ran out is a dead worker's.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    # What the job works on (the batch of a bulk invitation, an export's options) and what it found.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict] = mapped_column(JSON, default=dict)

    file: Mapped[JobFile | None] = relationship(back_populates="job", uselist=False, cascade="all, delete-orphan",
                                                lazy="select")

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE.value, JobState.FAILED.value)


class JobFile(db.Model):
    """The file a job made, kept for its readers until it expires (a day), in the database every host reads."""

    __tablename__ = "job_file"
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    ascii_filename: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    # Read only to be sent: the job's page and the lists of files load the rest of the row, not its bytes.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    job: Mapped[Job] = relationship(back_populates="file")


class WorkerBeat(db.Model):
    """A worker process's last sign of life, which /healthz reports."""

    __tablename__ = "worker_beat"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
