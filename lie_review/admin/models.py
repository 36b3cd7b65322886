"""A checked CSV of people to invite, kept on the server between its preview and the job that sends it.

The rows stay here rather than travelling in the preview's form: a file of 20,000 people is megabytes, and
the job that sends them reads them here a step at a time. The batch names its job once Send was pressed,
which is how a second Send finds the first one's job instead of starting another.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import UTCDateTime, utcnow
from ..extensions import db, one_of

TO_INVITE, NOT_INVITED = "invite", "skip"
PAGE_KINDS = (TO_INVITE, NOT_INVITED)


class InvitationBatch(db.Model):
    """One uploaded file, as its admin previewed it: its counts, and the job sending it once sent."""

    __tablename__ = "invitation_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    filename: Mapped[str] = mapped_column(String(255))
    # How many rows had each status at the preview: {"new": …, "member": …, "invited": …, "error": …}.
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"), unique=True)


class InvitationBatchPage(db.Model):
    """A page of the file's checked rows, as RosterRow fields: the rows to invite in pages of the sending
    job's steps, the others (errors, members, people invited) in pages of the preview's list of them.

    Pages rather than a row each: a file of 20,000 people is a hundred inserts rather than 20,000, and a
    step of the job or a page of the preview reads one."""

    __tablename__ = "invitation_batch_page"
    __table_args__ = (CheckConstraint(one_of("kind", PAGE_KINDS), name="kind"),)
    batch_id: Mapped[int] = mapped_column(ForeignKey("invitation_batch.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True)  # from 0
    rows: Mapped[list[dict]] = mapped_column(JSON)
