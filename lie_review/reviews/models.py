"""The rubric (criteria and their levels), assignments, reviews and scores."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..case_studies.models import Call, CaseStudy
from ..case_studies.versions import Version
from ..clock import UTCDateTime, utcnow
from ..extensions import db, one_of
from ..translatable import Translatable


class Criterion(Translatable, db.Model):
    """One rubric line of a call: label, guidance (both translatable), weight and an integer scale."""

    __tablename__ = "criterion"
    __table_args__ = (
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint("scale_min < scale_max", name="scale_order"),
        CheckConstraint("scale_min >= 0 AND scale_max <= 10", name="scale_bounds"),
        Index("ix_criterion_call_position", "call_id", "position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(160))
    guidance: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    scale_min: Mapped[int] = mapped_column(Integer, default=1)
    scale_max: Mapped[int] = mapped_column(Integer, default=5)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    call: Mapped[Call] = relationship()
    levels: Mapped[list[CriterionLevel]] = relationship(
        back_populates="criterion", cascade="all, delete-orphan",
        order_by="CriterionLevel.value", lazy="selectin",
    )


class CriterionLevel(Translatable, db.Model):
    """The descriptor of one level of a criterion's scale (translatable)."""

    __tablename__ = "criterion_level"
    __table_args__ = (UniqueConstraint("criterion_id", "value"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(Integer)
    descriptor: Mapped[str] = mapped_column(String(500), default="")
    criterion: Mapped[Criterion] = relationship(back_populates="levels")


class AssignmentStatus(str, enum.Enum):
    ACTIVE = "active"
    CONFLICT = "conflict"  # declared by the reviewer; kept so auto-assign never repeats it


class Assignment(db.Model):
    """One reviewer asked to review one case study."""

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("case_study_id", "reviewer_id"),
        CheckConstraint(one_of("status", [s.value for s in AssignmentStatus]), name="status"),
        Index("ix_assignment_reviewer_status", "reviewer_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_study_id: Mapped[int] = mapped_column(ForeignKey("case_study.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(16), default=AssignmentStatus.ACTIVE.value)
    conflict_reason: Mapped[str] = mapped_column(Text, default="")
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    conflict_declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case_study: Mapped[CaseStudy] = relationship()
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    review: Mapped[Review | None] = relationship(back_populates="assignment", uselist=False)


class Recommendation(str, enum.Enum):
    STRONGLY_RECOMMEND = "strongly_recommend"
    RECOMMEND = "recommend"
    NEUTRAL = "neutral"
    DO_NOT_RECOMMEND = "do_not_recommend"


class Review(db.Model):
    """The reviewer's overall comment, recommendation and confidence; scores hang off the assignment."""

    __tablename__ = "review"
    __table_args__ = (
        CheckConstraint(
            "recommendation IS NULL OR " + one_of("recommendation", [r.value for r in Recommendation]),
            name="recommendation",
        ),
        CheckConstraint("confidence IS NULL OR confidence BETWEEN 1 AND 5", name="confidence"),
        CheckConstraint(one_of("version_read", [v.value for v in Version]), name="version_read"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), unique=True
    )
    overall_comment: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str | None] = mapped_column(String(32))
    confidence: Mapped[int | None] = mapped_column(Integer)
    # The version of the case study on the reviewer's screen when they last saved: original or English.
    version_read: Mapped[str] = mapped_column(String(16), default=Version.ORIGINAL.value)
    # Whether the reviewer marked the overall comment for the applicant too (else for the editors only).
    # It is not a score: nothing a total, the scores version or a kept fragment is built from.
    overall_comment_for_applicant: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The review's total, 0–100 (scoring.weighted_total; None before the first level), stored so that a
    # call's scores read one column instead of joining every score to its criterion. Only
    # totals.refresh_totals sets it: the session runs it after every flush that writes this review, a
    # score of a submitted review, or a criterion's weight, scale or active flag
    # (totals.keep_totals_current). So a submitted review's total always equals the formula; a draft's
    # is brought up to date when it is submitted.
    total: Mapped[float | None] = mapped_column(Float)

    assignment: Mapped[Assignment] = relationship(back_populates="review")


class Score(db.Model):
    """One criterion's level for one assignment, with an optional comment."""

    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("assignment_id", "criterion_id"),
        CheckConstraint("value IS NULL OR (value >= 0 AND value <= 10)", name="value_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    value: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    # Whether the reviewer marked the comment for the applicant too (else for the editors only): not a score.
    comment_for_applicant: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    assignment: Mapped[Assignment] = relationship()
    criterion: Mapped[Criterion] = relationship()


class KeptReviewChange(db.Model):
    """A score save posted after the reviewer's session or form token expired, kept until they log in again.

    The signed session cookie is cleared at login and the app servers share no memory, so the change
    waits here, found again through a cookie of its own. `based_on` holds what was stored for the posted
    fields when the change was kept, so that a save made since is never overwritten by it.
    """

    __tablename__ = "kept_review_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    fields: Mapped[dict] = mapped_column(JSON)
    based_on: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
