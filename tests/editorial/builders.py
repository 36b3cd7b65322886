"""Builders for editorial tests: reviewers, assignments and submitted reviews through the models."""

from __future__ import annotations

from sqlalchemy import select

from lie_review.case_studies.models import Call, CaseStudy
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Criterion, Review, Score

from ..factories import make_user


def make_reviewer(code: str, **fields):
    fields.setdefault("organisation", f"Review Agency {code}")
    return make_user("reviewer", economy_code=code, **fields)


def criteria_of(call: Call) -> list[Criterion]:
    return list(db.session.execute(
        select(Criterion).where(Criterion.call_id == call.id).order_by(Criterion.position, Criterion.id)
    ).scalars())


def assign(case_study: CaseStudy, reviewer, *, status: str = "active") -> Assignment:
    assignment = Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id, status=status)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def review(case_study: CaseStudy, reviewer, values, *, submitted: bool = True, assignment=None,
           recommendation: str | None = "recommend", confidence: int | None = 4) -> Assignment:
    """Assign (unless given an assignment) and score each active criterion in order with `values`."""
    assignment = assignment or assign(case_study, reviewer)
    criteria = [c for c in criteria_of(case_study.call) if c.active]
    for criterion, value in zip(criteria, values, strict=True):
        db.session.add(Score(assignment_id=assignment.id, criterion_id=criterion.id, value=value,
                             comment=f"Comment on {criterion.label}"))
    db.session.add(Review(assignment_id=assignment.id, overall_comment="Overall comment.",
                          recommendation=recommendation, confidence=confidence,
                          submitted_at=utcnow() if submitted else None))
    db.session.flush()
    return assignment
