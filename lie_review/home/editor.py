"""The editor's section of the home: every call with its progress, in one aggregate query."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from ..auth.models import User
from ..case_studies.models import Call, CaseStudy, CaseStudyStatus, call_economy
from ..extensions import db
from ..editorial.models import Decision
from ..reviews.models import Assignment, AssignmentStatus, Review

ACTIVE = AssignmentStatus.ACTIVE.value
SUBMITTED = CaseStudyStatus.SUBMITTED.value


@dataclass(frozen=True)
class CallProgress:
    """How far a call's submitted case studies have come; each count is of case studies."""

    call: Call
    submitted: int
    assigned: int  # with at least one active assignment
    reviewed: int  # every panel economy's reviews in, as the dashboard's "Reviewed" status counts them
    decided: int


def _counted(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def calls_progress() -> list[CallProgress]:
    """Every call, the latest opening first, with its progress; one query whatever the number of calls.

    "Reviewed" follows the dashboard's status rule (editorial/scores/progress.py) for every call at once:
    a case study is reviewed once each of its call's panel economies (at least one) has
    reviews_per_economy submitted reviews by reviewers of that economy."""
    assigned = (select(Assignment.case_study_id.label("case_study_id"))
                .where(Assignment.status == ACTIVE).group_by(Assignment.case_study_id).subquery("assigned"))
    per_economy = (select(Assignment.case_study_id.label("case_study_id"), Call.reviews_per_economy.label("needed"),
                          func.count(Review.id).label("n"))
                   .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
                   .join(Call, Call.id == CaseStudy.call_id)
                   .join(User, User.id == Assignment.reviewer_id)
                   .join(call_economy, and_(call_economy.c.call_id == CaseStudy.call_id,
                                            call_economy.c.economy_id == User.economy_id))
                   .join(Review, and_(Review.assignment_id == Assignment.id, Review.submitted_at.is_not(None)))
                   .where(Assignment.status == ACTIVE)
                   .group_by(Assignment.case_study_id, User.economy_id, Call.reviews_per_economy)
                   .subquery("per_economy"))
    covered = (select(per_economy.c.case_study_id, func.count().label("economies"))
               .where(per_economy.c.n >= per_economy.c.needed)
               .group_by(per_economy.c.case_study_id).subquery("covered"))
    panel = (select(call_economy.c.call_id, func.count().label("size"))
             .group_by(call_economy.c.call_id).subquery("panel"))
    rows = db.session.execute(
        select(Call, func.count(CaseStudy.id), _counted(assigned.c.case_study_id.is_not(None)),
               _counted(covered.c.economies >= func.coalesce(panel.c.size, 0)), func.count(Decision.id))
        .outerjoin(CaseStudy, and_(CaseStudy.call_id == Call.id, CaseStudy.status == SUBMITTED))
        .outerjoin(assigned, assigned.c.case_study_id == CaseStudy.id)
        .outerjoin(covered, covered.c.case_study_id == CaseStudy.id)
        .outerjoin(panel, panel.c.call_id == Call.id)
        .outerjoin(Decision, Decision.case_study_id == CaseStudy.id)
        .group_by(Call.id)
        .order_by(Call.opens_at.desc(), Call.id.desc())
    ).all()
    return [CallProgress(call, int(submitted), int(assigned_), int(reviewed), int(decided))
            for call, submitted, assigned_, reviewed, decided in rows]
