"""A call's maintained scores: one row per case study, built whole for one version of the call's data
(Call.scores_version), and the call's summary of that build (status counts, panels and reviewers).

Rows carry the version they were built from. A build writes the new version's rows beside the previous
one's and then points call_scores at it, so a reader who looked up the version reads only its rows;
the build after next removes them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ...clock import UTCDateTime, utcnow
from ...extensions import db

# The orders a dashboard pages through: for each, the positions 0, 1, 2… of the whole call's case studies.
SORTED_BY = ("title", "calibrated", "mean", "weighted", "spread", "reviews")
# The dashboard's filters that narrow a call most, each with an index, so a filtered page reads its matches only.
FILTERED_BY = ("economy_id", "forum_id", "sector", "organisation_type", "status")
POSITIONS = ("title",) + tuple(f"{key}_{direction}" for key in SORTED_BY[1:] for direction in ("asc", "desc"))


class CallScores(db.Model):
    """Which version of a call's scores is built, with what the dashboard shows above its table."""

    __tablename__ = "call_scores"
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)  # -1 until the first build
    previous_version: Mapped[int | None] = mapped_column(Integer)  # its rows are kept for readers of it
    case_studies: Mapped[int] = mapped_column(Integer, default=0)
    statuses: Mapped[dict] = mapped_column(JSON, default=dict)  # status → number of case studies
    # Per economy: code, in_panel, done, assigned, mean and its reviewers (id, name, done, assigned, mean).
    panels: Mapped[list] = mapped_column(JSON, default=list)
    # Per active criterion, in rubric order: its label (and translations), and per panel economy and for
    # all panels together Krippendorff's ordinal alpha and the mean level (0–100), with the panels'
    # largest difference of means and whether it passes the call's threshold (build.py, agreement.py).
    agreement: Mapped[list] = mapped_column(JSON, default=list)  # see panels.py
    # The accepted set counted by kind and value, and the call's report targets, as the dashboard's balance
    # summary reads them (accepted.py): {"total", "counts", "targets"}.
    balance: Mapped[dict] = mapped_column(JSON, default=dict)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Someone is building the next version until then (current.py); a build that died frees it then.
    building_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    building_version: Mapped[int | None] = mapped_column(Integer)  # at least this version
    build_seconds: Mapped[float] = mapped_column(Float, default=0.0)


class CaseStudyScore(db.Model):
    """One case study's line of the dashboard, as of one version of its call's scores."""

    __tablename__ = "case_study_score"
    __table_args__ = (
        *(Index(f"ix_case_study_score_{name}", "call_id", "version", f"pos_{name}") for name in POSITIONS),
        *(Index(f"ix_case_study_score_by_{name}", "call_id", "version", name) for name in FILTERED_BY),
    )
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_study_id: Mapped[int] = mapped_column(ForeignKey("case_study.id", ondelete="CASCADE"), primary_key=True,
                                               index=True)
    title: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    organisation_type: Mapped[str | None] = mapped_column(String(32))
    sector: Mapped[str | None] = mapped_column(String(32))
    economy_id: Mapped[int | None] = mapped_column(Integer)
    forum_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(16))
    done: Mapped[int] = mapped_column(Integer)
    assigned: Mapped[int] = mapped_column(Integer)
    required: Mapped[int] = mapped_column(Integer)
    coverage: Mapped[list] = mapped_column(JSON)  # [[economy code, "done" | "pending" | "missing"], …]
    reviews: Mapped[int] = mapped_column(Integer)  # submitted reviews that count in the scores
    mean: Mapped[float | None] = mapped_column(Float)
    median: Mapped[float | None] = mapped_column(Float)
    calibrated: Mapped[float | None] = mapped_column(Float)
    spread: Mapped[float | None] = mapped_column(Float)
    flagged: Mapped[bool] = mapped_column(db.Boolean, default=False)
    criterion_means: Mapped[dict] = mapped_column(JSON)  # criterion id (as text) → mean level
    panel_means: Mapped[dict] = mapped_column(JSON)  # reviewers' economy code → mean of their totals
    recommendations: Mapped[dict] = mapped_column(JSON)  # recommendation code → number of reviews
    confidence_mean: Mapped[float | None] = mapped_column(Float)
    weighted_mean: Mapped[float | None] = mapped_column(Float)  # by confidence (sql.py)
    rank_calibrated: Mapped[int | None] = mapped_column(Integer)  # over the whole call, highest 1
    rank_mean: Mapped[int | None] = mapped_column(Integer)
    rank_weighted: Mapped[int | None] = mapped_column(Integer)
    pos_title: Mapped[int] = mapped_column(Integer)  # in title order (case-folded), then by id
    pos_calibrated_asc: Mapped[int] = mapped_column(Integer)
    pos_calibrated_desc: Mapped[int] = mapped_column(Integer)
    pos_mean_asc: Mapped[int] = mapped_column(Integer)
    pos_mean_desc: Mapped[int] = mapped_column(Integer)
    pos_weighted_asc: Mapped[int] = mapped_column(Integer)
    pos_weighted_desc: Mapped[int] = mapped_column(Integer)
    pos_spread_asc: Mapped[int] = mapped_column(Integer)
    pos_spread_desc: Mapped[int] = mapped_column(Integer)
    pos_reviews_asc: Mapped[int] = mapped_column(Integer)
    pos_reviews_desc: Mapped[int] = mapped_column(Integer)


    @property
    def means_by_criterion(self) -> dict[int, float]:
        """criterion_means with the criterion ids as numbers (JSON keeps them as text)."""
        return {int(criterion_id): mean for criterion_id, mean in self.criterion_means.items()}
