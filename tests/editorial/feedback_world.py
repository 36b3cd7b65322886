"""A decided case study whose reviews hold comments for the applicant and for the editors only, with
distinctive text everywhere the applicant must not read, for the feedback tests."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from sqlalchemy import select

from lie_review.extensions import db
from lie_review.editorial.models import Decision
from lie_review.reviews.models import Review, Score

from ..factories import make_call, make_case_study, make_user
from .builders import criteria_of, make_reviewer, review

_numbers = itertools.count(1)
SECRETS = ["Zoryana Hiddenname", "Quillon Unseenorg", "Bartholomew Maskedname", "Vexworth Private Agency",
           "EDITORS-ONLY-CRITERION", "EDITORS-ONLY-OVERALL", "Peru", "Mexico"]


def build_world(*, reviews: int = 2, locale: str = "en", decide: bool = True, title: str = "Tea terraces"):
    """`reviews` submitted reviews (from Peru, then Mexico, alternately) of one submitted case study with a
    decision; each review marks its first criterion's comment and its overall comment for the applicant."""
    call = make_call(title="Feedback call", panel=("PE", "MEX"))
    applicant = make_user(email=f"applicant-{next(_numbers)}@example.org", name="Anan Applicant",
                          locale=locale, organisation="Terrace Tea Ltd")
    case_study = make_case_study(call, applicant, status="submitted", title=title)
    criteria = [c for c in criteria_of(call) if c.active]
    people = [("PE", "Zoryana Hiddenname", "Quillon Unseenorg"), ("MEX", "Bartholomew Maskedname",
                                                                  "Vexworth Private Agency")]
    shared = []
    for n in range(reviews):
        code, name, organisation = people[n % 2]
        reviewer = make_reviewer(code, name=name if n < 2 else f"{name} {n}", organisation=organisation)
        assignment = review(case_study, reviewer, [4 if n % 2 == 0 else 2, 3, 5])
        scores = db.session.execute(select(Score).where(Score.assignment_id == assignment.id)).scalars().all()
        for score in scores:
            if score.criterion_id == criteria[0].id:
                score.comment, score.comment_for_applicant = f"SHARED-CRITERION-{n} keep the terraces", True
                shared.append(score.comment)
            else:
                score.comment = f"EDITORS-ONLY-CRITERION-{n} by Zoryana Hiddenname"
        written = db.session.execute(select(Review).where(Review.assignment_id == assignment.id)).scalar_one()
        written.overall_comment = f"SHARED-OVERALL-{n} a fine project" if n == 0 else "EDITORS-ONLY-OVERALL remark"
        written.overall_comment_for_applicant = n == 0
        if n == 0:
            shared.append(written.overall_comment)
    if decide:
        db.session.add(Decision(case_study_id=case_study.id, outcome="accepted", rationale="EDITORS-ONLY-RATIONALE",
                                feedback="Editor's own message."))
    db.session.flush()
    return SimpleNamespace(call=call.id, case_study=case_study.id, applicant=applicant.email,
                           criteria=[c.id for c in criteria], labels=[c.label for c in criteria], shared=shared)
