"""Reads for decisions: a case study's decision, the decisions waiting to be released."""

from __future__ import annotations

from sqlalchemy import not_, select
from sqlalchemy.orm import selectinload

from ...case_studies.models import CaseStudy
from ...extensions import db
from ..models import Decision


def decision_of(case_study_id: int, *, for_update: bool = False) -> Decision | None:
    query = select(Decision).where(Decision.case_study_id == case_study_id)
    if for_update:
        query = query.with_for_update()
    return db.session.execute(query).scalar_one_or_none()


def unreleased_decisions(call_id: int, *, for_update: bool = False) -> list[Decision]:
    """Decisions of submitted case studies that the applicant has not been told (or told otherwise)."""
    query = (select(Decision).join(CaseStudy, CaseStudy.id == Decision.case_study_id)
             .where(CaseStudy.call_id == call_id, CaseStudy.status == "submitted", not_(Decision.is_released))
             .options(selectinload(Decision.case_study).selectinload(CaseStudy.applicant))
             .order_by(CaseStudy.title, Decision.id))
    if for_update:
        # The case study's row too: an applicant reopening it at this moment holds that row, so the
        # release waits and then sees a draft (left out), or the reopen waits and sees the release.
        query = query.with_for_update(of=(Decision, CaseStudy))
    return list(db.session.execute(query).scalars())
