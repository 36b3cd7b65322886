"""Builders for export tests: a call whose queue holds accepted case studies with submitted reviews."""

from __future__ import annotations

from sqlalchemy import select

from lie_review.case_studies.models import Forum
from lie_review.editorial.models import Decision
from lie_review.editorial.queue.operations import follow_decision
from lie_review.extensions import db

from ..factories import make_case_study, make_user


def forum(city: str) -> Forum:
    return db.session.execute(select(Forum).where(Forum.city == city)).scalar_one()


def decide(case_study, outcome: str = "accepted") -> Decision:
    """Record a decision and keep the report queue in step, as the editor's decision form does."""
    decision = Decision(case_study_id=case_study.id, outcome=outcome, rationale="Decided in a test.")
    db.session.add(decision)
    db.session.flush()
    follow_decision(case_study=case_study, old=None, new=outcome, actor=None)
    return decision


def submitted(call, title: str, *, city: str | None = "Taipei", consent: bool = True, economy_code: str = "THA",
              **fields):
    applicant = make_user(email=fields.pop("email", None), organisation=fields.pop("organisation", "Tea Co-op"),
                          economy_code=economy_code)
    return make_case_study(call, applicant, status="submitted", title=title, economy_code=economy_code,
                           forum_id=forum(city).id if city else None, consent_to_publish=consent,
                           contact_name="Ploy Srisuk", contact_email="ploy@example.org", **fields)
