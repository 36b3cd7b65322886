"""A call's progress in aggregate SQL: per case study its assignments, reviews done, economies fully
reviewed and the status they give; per case study and economy the coverage; per reviewer their load."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from ...auth.models import Economy, User
from ...case_studies.models import Call, CaseStudy
from ...reviews.models import Assignment, AssignmentStatus, Review
from ..models import Decision

ACTIVE = AssignmentStatus.ACTIVE.value


@dataclass
class Parts:
    counts: object
    covered: object
    status: object


def progress_parts(call: Call, panel_ids: list[int]) -> Parts:
    """Progress per case study (assignments, reviews, economies fully reviewed) and the status it gives."""
    scope = [CaseStudy.call_id == call.id, Assignment.status == ACTIVE]
    counts = (select(Assignment.case_study_id.label("case_study_id"),
                     func.count(Assignment.id).label("assigned"),
                     func.count(Review.submitted_at).label("done"))
              .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
              .outerjoin(Review, Review.assignment_id == Assignment.id)
              .where(*scope)
              .group_by(Assignment.case_study_id).subquery("counts"))
    per_economy = (select(Assignment.case_study_id.label("case_study_id"), func.count(Review.id).label("n"))
                   .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
                   .join(User, User.id == Assignment.reviewer_id)
                   .join(Review, and_(Review.assignment_id == Assignment.id, Review.submitted_at.is_not(None)))
                   .where(*scope, User.economy_id.in_(panel_ids))
                   .group_by(Assignment.case_study_id, User.economy_id).subquery("per_economy"))
    covered = (select(per_economy.c.case_study_id, func.count().label("economies"))
               .where(per_economy.c.n >= call.reviews_per_economy)
               .group_by(per_economy.c.case_study_id).subquery("covered"))
    status = case(
        (CaseStudy.status == "draft", "draft"),
        (CaseStudy.status == "withdrawn", "withdrawn"),
        (Decision.is_released, "released"),
        (Decision.id.is_not(None), "decided"),
        (func.coalesce(covered.c.economies, 0) >= max(1, len(panel_ids)), "reviewed"),
        (func.coalesce(counts.c.assigned, 0) > 0, "under_review"),
        else_="submitted",
    )
    return Parts(counts, covered, status)


def from_call(query, call: Call, parts: Parts):
    """`query` over the call's case studies, with their progress and decision joined."""
    return (query.select_from(CaseStudy)
            .outerjoin(parts.counts, parts.counts.c.case_study_id == CaseStudy.id)
            .outerjoin(parts.covered, parts.covered.c.case_study_id == CaseStudy.id)
            .outerjoin(Decision, Decision.case_study_id == CaseStudy.id)
            .where(CaseStudy.call_id == call.id))


def coverage_select(call: Call):
    """(case study, reviewer's economy, assigned, done) over the call's active assignments."""
    return (select(Assignment.case_study_id, User.economy_id, func.count(Assignment.id),
                   func.count(Review.submitted_at))
            .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
            .join(User, User.id == Assignment.reviewer_id)
            .outerjoin(Review, Review.assignment_id == Assignment.id)
            .where(CaseStudy.call_id == call.id, Assignment.status == ACTIVE)
            .group_by(Assignment.case_study_id, User.economy_id))


def reviewers_select(call: Call):
    """(reviewer, name, economy code, assigned, done, number and sum of counted totals) per reviewer of the
    call, by name."""
    counted = and_(Review.submitted_at.is_not(None), Review.total.is_not(None))
    return (select(User.id, User.name, Economy.code, func.count(Assignment.id), func.count(Review.submitted_at),
                   func.count(case((counted, 1))), func.sum(case((counted, Review.total))))
            .select_from(Assignment)
            .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
            .join(User, User.id == Assignment.reviewer_id)
            .outerjoin(Economy, Economy.id == User.economy_id)
            .outerjoin(Review, Review.assignment_id == Assignment.id)
            .where(CaseStudy.call_id == call.id, Assignment.status == ACTIVE)
            .group_by(User.id, User.name, Economy.code)
            .order_by(User.name, User.id))
