"""What review and decision tell the applicant's pages, and do when a case study is withdrawn: the
implementation of case_studies.stages."""

from __future__ import annotations

from sqlalchemy import exists, func, select

from ..auth.models import User
from ..case_studies.models import CaseStudy
from ..case_studies.stages import StageState
from ..extensions import db
from ..reviews.models import Assignment, AssignmentStatus
from .decisions.operations import follow_withdrawal
from .models import Decision, Feedback

ACTIVE = AssignmentStatus.ACTIVE.value


class LaterStages:
    """Answers from the assignment and decision tables; stateless, so one instance serves every request."""

    def is_reviewer_of(self, user_id: int, case_study_id: int) -> bool:
        return db.session.execute(
            select(Assignment.id).where(Assignment.case_study_id == case_study_id,
                                        Assignment.reviewer_id == user_id, Assignment.status == ACTIVE)
        ).first() is not None

    def states_of(self, case_study_ids: list[int]) -> dict[int, StageState]:
        under_review = exists().where(Assignment.case_study_id == CaseStudy.id, Assignment.status == ACTIVE)
        rows = db.session.execute(
            select(CaseStudy.id, under_review.label("under_review"), Decision.released_at,
                   # the outcome as released; a later change of mind stays unseen until released again
                   func.coalesce(Decision.released_outcome, Decision.outcome).label("released_outcome"),
                   Decision.feedback, Feedback.released_items,
                   Feedback.locale.label("feedback_locale"))
            .outerjoin(Decision, Decision.case_study_id == CaseStudy.id)
            .outerjoin(Feedback, Feedback.case_study_id == CaseStudy.id)
            .where(CaseStudy.id.in_(case_study_ids))
        )
        return {row.id: StageState(under_review=bool(row.under_review), released_at=row.released_at,
                                   released_outcome=row.released_outcome, feedback=row.feedback or "",
                                   feedback_items=tuple(row.released_items or ()),
                                   feedback_locale=row.feedback_locale or "en")
                for row in rows}

    def case_study_withdrawn(self, case_study: CaseStudy, *, actor: User | None) -> None:
        follow_withdrawal(case_study=case_study, actor=actor)
