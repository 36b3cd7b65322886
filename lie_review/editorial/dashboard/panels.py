"""The dashboard's panel summary: reviews done / assigned per economy, and each reviewer's mean beside their panel's."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import fmean

from sqlalchemy import func, select

from ...auth.models import Economy, User
from ...case_studies.models import Call, CaseStudy
from ...extensions import db
from ...reviews.models import Assignment, AssignmentStatus, Review

ACTIVE = AssignmentStatus.ACTIVE.value


@dataclass
class ReviewerSummary:
    id: int
    name: str
    done: int
    assigned: int
    mean: float | None


@dataclass
class PanelSummary:
    economy_code: str
    in_panel: bool
    done: int = 0
    assigned: int = 0
    mean: float | None = None
    reviewers: list[ReviewerSummary] = field(default_factory=list)


def panels_of(call: Call, totals) -> list[PanelSummary]:
    """Reviews done / assigned per economy, and each reviewer's mean total beside their panel's."""
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for row in totals:
        by_reviewer[row.reviewer_id].append(row.total)
    panels = {e.code: PanelSummary(economy_code=e.code, in_panel=True) for e in call.panel_economies}
    for reviewer_id, name, code, assigned, done in db.session.execute(
        select(User.id, User.name, Economy.code, func.count(Assignment.id), func.count(Review.submitted_at))
        .select_from(Assignment)
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
        .join(User, User.id == Assignment.reviewer_id)
        .outerjoin(Economy, Economy.id == User.economy_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(CaseStudy.call_id == call.id, Assignment.status == ACTIVE)
        .group_by(User.id, User.name, Economy.code)
        .order_by(User.name, User.id)
    ):
        panel = panels.setdefault(code or "—", PanelSummary(economy_code=code or "—", in_panel=False))
        values = by_reviewer.get(reviewer_id, [])
        panel.reviewers.append(ReviewerSummary(reviewer_id, name, done, assigned, fmean(values) if values else None))
        panel.done += done
        panel.assigned += assigned
    for panel in panels.values():
        values = [t for reviewer in panel.reviewers for t in by_reviewer.get(reviewer.id, [])]
        panel.mean = fmean(values) if values else None
    return list(panels.values())
