"""Plain builders for test data, used by every domain's tests."""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from lie_review.auth.models import Economy, User
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reference_data import COHOSTS
from lie_review.reviews.models import Assignment
from lie_review.reviews.rubric import default_criteria

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def economy(code: str) -> Economy:
    return db.session.execute(select(Economy).where(Economy.code == code)).scalar_one()


def make_user(*roles: str, email: str | None = None, economy_code: str | None = "THA",
              organisation: str = "Test Organisation", name: str | None = None,
              password: str = PASSWORD, confirmed: bool = True, active: bool = True,
              locale: str | None = None) -> User:
    n = next(_counter)
    user = User(
        email=email or f"user{n}@example.org",
        name=name or f"Test User {n}",
        organisation=organisation,
        economy_id=economy(economy_code).id if economy_code else None,
        password_hash=generate_password_hash(password, method="pbkdf2:sha256:1000"),
        email_confirmed_at=utcnow() if confirmed else None,
        active=active,
        locale=locale,
    )
    user.set_roles(roles or ("applicant",))
    db.session.add(user)
    db.session.flush()
    return user


def make_call(*, title: str | None = None, opens_in_days: float = -10, closes_in_days: float = 10,
              review_ends_in_days: float = 30, panel: tuple[str, ...] = COHOSTS, with_rubric: bool = True,
              **settings) -> Call:
    now = utcnow()
    call = Call(
        title=title or f"Call {next(_counter)}",
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
        review_ends_at=now + timedelta(days=review_ends_in_days),
        panel_economies=[economy(code) for code in panel],
        **settings,
    )
    db.session.add(call)
    if with_rubric:
        for criterion in default_criteria():
            criterion.call = call
            db.session.add(criterion)
    db.session.flush()
    return call


def make_case_study(call: Call, applicant: User, *, status: str = "draft", economy_code: str = "THA",
                    **fields) -> CaseStudy:
    values = {
        "title": f"Case study {next(_counter)}",
        "organisation_name": applicant.organisation,
        "organisation_type": "startup",
        "locality": "Chiang Mai",
        "sector": "agriculture",
        "summary": "A short summary.",
    }
    values.update(fields)
    case_study = CaseStudy(call_id=call.id, applicant_id=applicant.id, status=status,
                           economy_id=economy(economy_code).id,
                           submitted_at=utcnow() if status == "submitted" else None, **values)
    db.session.add(case_study)
    db.session.flush()
    return case_study


def make_assignment(case_study: CaseStudy, reviewer: User, **fields) -> Assignment:
    assignment = Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id, **fields)
    db.session.add(assignment)
    db.session.flush()
    return assignment
