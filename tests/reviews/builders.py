"""Builders for review tests: a call whose rubric is weighted (1, 2, 1), a submitted case study, two reviewers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from lie_review.auth.models import User
from lie_review.extensions import db
from lie_review.reviews.models import Criterion, CriterionLevel, Review, Score
from lie_review.clock import utcnow

from ..factories import make_assignment, make_call, make_case_study, make_user
from ..helpers import page_form

RITA = "rita@example.org"
OLEG = "oleg@example.org"


@dataclass
class Setup:
    call_id: int
    case_study_id: int
    criteria: list[int]
    assignment: int            # Rita's
    other_assignment: int      # Oleg's, on the same case study


def build(*, weights=(1, 2, 1), extra_criteria: int = 0, review_ends_in_days: float = 30,
          reviewers: tuple[str, str] = (RITA, OLEG), **call_settings) -> Setup:
    """Rita and Oleg both review one submitted case study of a call whose review is open (by default)."""
    closes = min(-1.0, review_ends_in_days - 1)
    call = make_call(opens_in_days=closes - 20, closes_in_days=closes, review_ends_in_days=review_ends_in_days,
                     **call_settings)
    criteria = sorted(call_criteria(call.id), key=lambda c: c.position)
    for criterion, weight in zip(criteria, weights):
        criterion.weight = weight
    for i in range(extra_criteria):
        extra = Criterion(call_id=call.id, position=10 + i, label=f"Extra criterion {i}", guidance="More.",
                          levels=[CriterionLevel(value=v, descriptor=f"Extra level {v}") for v in range(1, 6)])
        db.session.add(extra)
        criteria.append(extra)
    applicant = make_user("applicant", name="Anong Applicant", organisation="Secret Tea Cooperative",
                          economy_code="THA")
    case_study = make_case_study(call, applicant, status="submitted", title="Mountain tea goes online",
                                 organisation_name="Secret Tea Cooperative", website="https://secret-tea.example",
                                 contact_name="Anong Applicant", local_challenge="Prices were too low.")
    rita = _reviewer(reviewers[0], "Rita Reviewer", "CT")
    oleg = _reviewer(reviewers[1], "Oleg Reviewer", "RUS")
    mine = make_assignment(case_study, rita)
    other = make_assignment(case_study, oleg)
    db.session.flush()
    return Setup(call.id, case_study.id, [c.id for c in criteria], mine.id, other.id)


def _reviewer(email: str, name: str, economy_code: str) -> User:
    existing = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    return existing or make_user("reviewer", email=email, name=name, economy_code=economy_code)


def call_criteria(call_id: int) -> list[Criterion]:
    return list(db.session.execute(select(Criterion).where(Criterion.call_id == call_id)).scalars())


def submit_directly(assignment_id: int, criteria: list[int], levels, comment: str = "Solid case.") -> None:
    """A review written and submitted without going through the pages (someone else's)."""
    for criterion_id, value in zip(criteria, levels):
        db.session.add(Score(assignment_id=assignment_id, criterion_id=criterion_id, value=value,
                             comment=f"Note on {criterion_id}"))
    db.session.add(Review(assignment_id=assignment_id, overall_comment=comment, recommendation="recommend",
                          confidence=4, submitted_at=utcnow()))
    db.session.flush()


def levels_of(assignment_id: int) -> dict[int, int | None]:
    return dict(db.session.execute(
        select(Score.criterion_id, Score.value).where(Score.assignment_id == assignment_id)).all())


def review_form(client, assignment_id: int, action: str, changes: dict, *, version: str | None = None) -> MultiDict:
    """The scoring page's form as a browser posts it with the `action` button ("save" or "submit"),
    read in `version` if given, with `changes` made."""
    url = f"/reviews/{assignment_id}"
    data = page_form(client, f"{url}?version={version}" if version else url, url, button=f"action={action}")
    for name, value in changes.items():
        data[name] = value
    return data


def hx(**extra) -> dict:
    return {"HX-Request": "true", **extra}
