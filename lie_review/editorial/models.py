"""Decisions on case studies and the report queue they feed."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, and_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..case_studies.models import Call, CaseStudy, Forum
from ..clock import UTCDateTime, utcnow
from ..extensions import db, one_of


class Outcome(str, enum.Enum):
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"


class Decision(db.Model):
    """The editor's outcome for a case study, with the scores it was taken on."""

    __tablename__ = "decision"
    __table_args__ = (CheckConstraint(one_of("outcome", [o.value for o in Outcome]), name="outcome"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_study_id: Mapped[int] = mapped_column(ForeignKey("case_study.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[str] = mapped_column(String(16))
    rationale: Mapped[str] = mapped_column(Text, default="")
    feedback: Mapped[str] = mapped_column(Text, default="")
    scores_snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    released_outcome: Mapped[str | None] = mapped_column(String(16))

    case_study: Mapped[CaseStudy] = relationship()
    decided_by: Mapped[User | None] = relationship()

    @hybrid_property
    def is_released(self) -> bool:
        """The applicant has been told this outcome (a decision changed after release is not released)."""
        return self.released_at is not None and self.released_outcome == self.outcome

    @is_released.inplace.expression
    @classmethod
    def _is_released_expression(cls):
        return and_(cls.released_at.is_not(None), cls.released_outcome == cls.outcome)


class Feedback(db.Model):
    """What the applicant is told of their reviews with the decision: the editor's version of the summary
    built from them (the levels chosen, each criterion's mean, the comments marked for the applicant).

    `items` is a list of {"key", "kind", "text"}, kind one of "heading", "level", "mean", "comment";
    `edited` says an editor saved it (else it is the summary as built, kept only once released).
    `released_items` is what the applicant was sent at the last release, all they ever see; `locale` the
    language of the items last saved or released (the applicant's, when they were built).
    """

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_study_id: Mapped[int] = mapped_column(ForeignKey("case_study.id", ondelete="CASCADE"), unique=True)
    items: Mapped[list] = mapped_column(JSON, default=list)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    locale: Mapped[str] = mapped_column(String(16), default="en")  # the language the items are written in
    released_items: Mapped[list | None] = mapped_column(JSON)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case_study: Mapped[CaseStudy] = relationship()


class ReportSection(db.Model):
    """A chapter of the report: by forum by default, or a thematic one the editor adds."""

    __tablename__ = "report_section"
    __table_args__ = (UniqueConstraint("call_id", "title"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forum.id"))

    call: Mapped[Call] = relationship()
    forum: Mapped[Forum | None] = relationship()
    entries: Mapped[list[ReportEntry]] = relationship(
        back_populates="section", order_by="ReportEntry.position"
    )


class ReportEntry(db.Model):
    """An accepted case study's place in the report queue."""

    __tablename__ = "report_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_study_id: Mapped[int] = mapped_column(ForeignKey("case_study.id", ondelete="CASCADE"), unique=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("report_section.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    case_study: Mapped[CaseStudy] = relationship()
    section: Mapped[ReportSection] = relationship(back_populates="entries")


class TargetKind(str, enum.Enum):
    """What a report target counts the accepted case studies by."""

    FORUM = "forum"
    ECONOMY = "economy"
    ORGANISATION_TYPE = "organisation_type"
    GROUP = "group"


# The value of an economy target meaning one target for each of the call's panel economies.
EVERY_PANEL_ECONOMY = "*"


class ReportTarget(db.Model):
    """A balance the editors aim for in a call's accepted set: at least `at_least` case studies, or at least
    `share` percent of them, of one forum (its id), economy (its code, or every panel economy), organisation
    type or group served (their codes). One target per thing counted."""

    __tablename__ = "report_target"
    __table_args__ = (
        CheckConstraint(one_of("kind", [k.value for k in TargetKind]), name="kind"),
        CheckConstraint("(at_least IS NULL AND share BETWEEN 1 AND 100) OR (share IS NULL AND at_least >= 1)",
                        name="one_measure"),
        UniqueConstraint("call_id", "kind", "value"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(64))
    at_least: Mapped[int | None] = mapped_column(Integer)
    share: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
