"""The review total in SQL, the twin of scoring.weighted_total for queries over many reviews.

Both give Σ w·(s − min)/(max − min) / Σ w × 100 over the active criteria a review scored; the
tests check that they agree on random rubrics. Only submitted reviews of active assignments count.
"""

from __future__ import annotations

from sqlalchemy import Float, and_, case, cast, func, select

from ..case_studies.models import CaseStudy
from ..extensions import db
from .models import Assignment, AssignmentStatus, Criterion, Review, Score


def review_total_column():
    """Σ w·(s − min)/(max − min) / Σ w × 100 over the active criteria an assignment's scores cover."""
    share = cast(Score.value - Criterion.scale_min, Float) / cast(Criterion.scale_max - Criterion.scale_min, Float)
    return (100.0 * func.sum(Criterion.weight * share) / func.sum(Criterion.weight)).label("total")


def review_totals_select(call_id: int, criterion_ids=()):
    """(assignment_id, case_study_id, reviewer_id, total) of every submitted review of an active
    assignment in the call; with `criterion_ids`, each of those criteria's score as score_<id> too."""
    scores = [func.max(case((Score.criterion_id == criterion_id, Score.value))).label(f"score_{criterion_id}")
              for criterion_id in criterion_ids]
    return (
        select(Assignment.id.label("assignment_id"), Assignment.case_study_id, Assignment.reviewer_id,
               review_total_column(), *scores)
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
        .join(Review, and_(Review.assignment_id == Assignment.id, Review.submitted_at.is_not(None)))
        .join(Score, and_(Score.assignment_id == Assignment.id, Score.value.is_not(None)))
        # As in weighted_total, a level outside the criterion's scale counts as unscored.
        .join(Criterion, and_(Criterion.id == Score.criterion_id, Criterion.active.is_(True),
                              Score.value.between(Criterion.scale_min, Criterion.scale_max)))
        .where(CaseStudy.call_id == call_id, Assignment.status == AssignmentStatus.ACTIVE.value)
        .group_by(Assignment.id, Assignment.case_study_id, Assignment.reviewer_id)
    )


def review_totals(call_id: int):
    """The rows of review_totals_select, in one query."""
    return db.session.execute(review_totals_select(call_id)).all()
