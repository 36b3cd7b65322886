"""Loading case studies for a user, and what the applicant is told about them."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from lie_review.auth.models import User
from lie_review.case_studies.models import Attachment, CaseStudy
from lie_review.case_studies.queries import get_case_study_or_404, open_calls, progress_of
from lie_review.case_studies.rules import ApplicantStatus, NextAction
from lie_review.clock import utcnow
from lie_review.editorial.models import Decision
from lie_review.extensions import db
from lie_review.reviews.models import Assignment

from ..factories import make_call, make_case_study, make_user
from ..helpers import count_queries
from .support import PDF, page_queries, setup_applicant


def test_get_case_study_or_404_lets_through_exactly_who_may_see_it(app):
    with app.app_context():
        amy = make_user("applicant")
        case_study = make_case_study(make_call(), amy, status="submitted")
        assigned, conflicted, other = (make_user("reviewer") for _ in range(3))
        db.session.add_all([Assignment(case_study_id=case_study.id, reviewer_id=assigned.id),
                            Assignment(case_study_id=case_study.id, reviewer_id=conflicted.id, status="conflict")])
        db.session.flush()
        allowed = [amy, assigned, make_user("editor"), make_user("admin"), make_user("applicant", "editor")]
        refused = [make_user("applicant"), other, conflicted, AnonymousUserMixin()]
        for user in allowed:
            assert get_case_study_or_404(case_study.id, for_user=user) is case_study
        for user in refused:
            with pytest.raises(NotFound):
                get_case_study_or_404(case_study.id, for_user=user)
        with pytest.raises(NotFound):
            get_case_study_or_404(case_study.id + 1000, for_user=make_user("admin"))


def test_progress_of_tells_review_and_only_a_released_decision(app):
    with app.app_context():
        amy = make_user("applicant")
        reviewer = make_user("reviewer")
        call = make_call()
        draft, waiting, reviewing, decided, hidden = (
            make_case_study(call, amy, status=status)
            for status in ("draft", "submitted", "submitted", "submitted", "submitted"))
        for case_study in (reviewing, decided, hidden):
            db.session.add(Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id))
        db.session.add(Decision(case_study_id=decided.id, outcome="accepted", feedback="Well told.",
                                released_at=utcnow(), released_outcome="accepted"))
        db.session.add(Decision(case_study_id=hidden.id, outcome="rejected", feedback="Not yet said."))
        db.session.flush()
        progress = progress_of([draft, waiting, reviewing, decided, hidden])
        assert {cs.id: progress[cs.id].status for cs in (draft, waiting, reviewing, decided, hidden)} == {
            draft.id: ApplicantStatus.DRAFT, waiting.id: ApplicantStatus.SUBMITTED,
            reviewing.id: ApplicantStatus.UNDER_REVIEW, decided.id: ApplicantStatus.DECISION,
            hidden.id: ApplicantStatus.UNDER_REVIEW,
        }
        assert (progress[decided.id].released_outcome, progress[decided.id].feedback) == ("accepted", "Well told.")
        assert (progress[hidden.id].released_outcome, progress[hidden.id].feedback) == (None, "")
        assert progress[draft.id].action is NextAction.CONTINUE
        assert progress_of([]) == {}


def test_open_calls_are_those_open_now_soonest_deadline_first(app):
    with app.app_context():
        later = make_call(title="Later", closes_in_days=20)
        sooner = make_call(title="Sooner", closes_in_days=2)
        make_call(title="Closed", opens_in_days=-30, closes_in_days=-1)
        make_call(title="Not yet", opens_in_days=1, closes_in_days=30)
        assert [c.title for c in open_calls()] == [sooner.title, later.title]


def test_my_case_studies_query_count_does_not_grow_with_the_rows(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org")
        call = make_call()
        make_case_study(call, amy)
        db.session.commit()
    auth.login("amy@example.org")
    one = page_queries(app, client, "/case-studies/")
    with app.app_context():
        amy = db.session.execute(select(User).where(User.email == "amy@example.org")).scalar_one()
        reviewer = make_user("reviewer")
        for status in ("submitted", "withdrawn"):
            cs = make_case_study(make_call(), amy, status=status)
            db.session.add(Assignment(case_study_id=cs.id, reviewer_id=reviewer.id))
            db.session.add(Decision(case_study_id=cs.id, outcome="accepted", released_at=utcnow(),
                                    released_outcome="accepted"))
        db.session.commit()
    three = page_queries(app, client, "/case-studies/")
    assert one == three


@pytest.mark.parametrize("path", ["/case-studies/{id}/edit", "/case-studies/{id}"])
def test_form_and_status_page_query_counts_do_not_grow_with_attachments(app, client, auth, path):
    case_study_id, _, _ = setup_applicant(app)

    def attach(n):
        with app.app_context():
            case_study = db.session.get(CaseStudy, case_study_id)
            for i in range(n):
                case_study.attachments.append(Attachment(filename=f"f{i}.pdf", content_type="application/pdf",
                                                         size=len(PDF), sha256="0" * 64, data=PDF))
            db.session.commit()

    auth.login("amy@example.org")
    attach(1)
    one = page_queries(app, client, path.format(id=case_study_id))
    attach(2)
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as queries:
        assert client.get(path.format(id=case_study_id)).status_code == 200
    assert len(queries) == one
    assert not [q for q in queries if "attachment.data" in q], "the files' bytes are never loaded for a page"
