"""A call's scores (SPEC §5.2): every submitted review total, from one query, and their aggregates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...case_studies.models import Call
from ...extensions import db
from ...reviews.models import Assignment, Criterion, Score
from ...reviews.totals import review_totals
from .ranking import Aggregate, ReviewTotal, aggregate


@dataclass
class CallScores:
    """Every submitted review total of a call and the aggregates computed from them."""

    totals: list[ReviewTotal]
    by_assignment: dict[int, float]
    aggregates: dict[int, Aggregate]

    def totals_of(self, case_study_id: int) -> list[ReviewTotal]:
        return [row for row in self.totals if row.case_study_id == case_study_id]


def _levels_of_case_study(case_study_id: int) -> dict[int, dict[int, int]]:
    """The levels each assignment of the case study gave, by assignment and criterion."""
    levels: dict[int, dict[int, int]] = {}
    for assignment_id, criterion_id, value in db.session.execute(
        select(Score.assignment_id, Score.criterion_id, Score.value)
        .join(Assignment, Assignment.id == Score.assignment_id)
        .join(Criterion, Criterion.id == Score.criterion_id)
        .where(Assignment.case_study_id == case_study_id, Criterion.active.is_(True), Score.value.is_not(None))
    ):
        levels.setdefault(assignment_id, {})[criterion_id] = value
    return levels


def call_scores(call: Call, *, scores_of: int | None = None) -> CallScores:
    """Aggregates of the whole call (calibration needs every total); with `scores_of`, that case
    study's per-criterion means too (one more query)."""
    levels = _levels_of_case_study(scores_of) if scores_of is not None else {}
    # Plain loops over unpacked rows: a large call has tens of thousands of them per request.
    totals, by_assignment, no_scores = [], {}, ReviewTotal(0, 0, 0.0).scores
    for assignment_id, case_study_id, reviewer_id, total in review_totals(call.id):
        by_assignment[assignment_id] = total
        totals.append(ReviewTotal(case_study_id, reviewer_id, total, levels.get(assignment_id, no_scores)))
    return CallScores(totals, by_assignment, aggregate(totals, call.disagreement_threshold))
