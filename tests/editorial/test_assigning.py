"""Assigning reviewers by hand and automatically, and the emails that tell them."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from lie_review.audit import AuditEvent
from lie_review.auth.models import User
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Score

from ..factories import make_call, make_case_study, make_user
from ..helpers import outbox
from .builders import assign, make_reviewer, review


@pytest.fixture
def world(app, auth):
    """A call with the four co-hosts' panels, two reviewers each (one of THA's is in conflict), and
    three submitted case studies from Thailand (one by the Doi Tea Cooperative)."""
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(title="2028")
        reviewers = {code: [make_reviewer(code, email=f"{code.lower()}{i}@example.org", name=f"{code} reviewer {i}")
                            for i in (1, 2)] for code in ("CT", "RUS", "PHL")}
        reviewers["THA"] = [make_reviewer("THA", email="tha1@example.org", name="THA reviewer 1",
                                          organisation="Doi Tea Cooperative")]
        applicant = make_user(organisation="Doi Tea Cooperative")
        studies = [make_case_study(call, applicant, status="submitted", title=f"Study {i}") for i in range(3)]
        make_case_study(call, make_user(), status="draft", title="A draft")
        db.session.commit()
        ids = SimpleNamespace(call=call.id, studies=[s.id for s in studies],
                              reviewers={code: [r.id for r in rs] for code, rs in reviewers.items()})
    auth.login("ed@example.org")
    return ids


def count(model, *where):
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def plan_of(page: str) -> str:
    return re.search(r'name="plan"[^>]*value="([^"]*)"', page).group(1)


def test_manual_assignment_adds_the_reviewer_without_emailing_yet(app, client, world):
    reviewer_id = world.reviewers["CT"][0]
    response = client.post(f"/editor/case-studies/{world.studies[0]}/assignments", data={"reviewer_id": reviewer_id},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="assignments"')
    assert "CT reviewer 1 is assigned." in fragment
    with app.app_context():
        assert count(Assignment, Assignment.reviewer_id == reviewer_id) == 1
        assert outbox() == []
        assert count(AuditEvent, AuditEvent.action == "assignment.created") == 1
    page = client.get(f"/editor/calls/{world.call}/assignments").get_data(as_text=True)
    assert "1 assignment is not yet announced to its reviewer. 1 reviewer is waiting to hear." in page


def test_a_conflicted_reviewer_is_refused_with_the_reason(app, client, world):
    same_org = world.reviewers["THA"][0]
    response = client.post(f"/editor/case-studies/{world.studies[0]}/assignments", data={"reviewer_id": same_org})
    assert response.status_code == 422
    assert "THA reviewer 1 cannot review this case study: same organisation as the applicant." in \
        response.get_data(as_text=True)
    fragment = client.post(f"/editor/case-studies/{world.studies[0]}/assignments", data={"reviewer_id": same_org},
                           headers={"HX-Request": "true"})
    assert fragment.status_code == 422 and "same organisation as the applicant" in fragment.get_data(as_text=True)
    with app.app_context():
        assert count(Assignment) == 0


def test_declared_conflicts_duplicates_and_non_reviewers_are_refused(app, client, world):
    with app.app_context():
        applicant_id = make_user().id
        study = db.session.get(CaseStudy, world.studies[1])
        declared = db.session.get(User, world.reviewers["RUS"][0])
        assign(study, declared, status="conflict")
        db.session.commit()
    url = f"/editor/case-studies/{world.studies[1]}/assignments"
    declared_page = client.post(url, data={"reviewer_id": world.reviewers["RUS"][0]}).get_data(as_text=True)
    assert "declared a conflict" in declared_page
    assert client.post(url, data={"reviewer_id": world.reviewers["CT"][0]}).status_code == 303
    again = client.post(url, data={"reviewer_id": world.reviewers["CT"][0]})
    assert again.status_code == 422 and "already assigned" in again.get_data(as_text=True)
    assert client.post(url, data={"reviewer_id": applicant_id}).status_code == 422
    assert client.post(url, data={"reviewer_id": "not a number"}).status_code == 422
    assert client.post(url, data={"reviewer_id": "999999"}).status_code == 422


def test_removing_an_assignment_deletes_draft_scores_but_keeps_submitted_reviews(app, client, world):
    with app.app_context():
        study = db.session.get(CaseStudy, world.studies[0])
        draft = review(study, db.session.get(User, world.reviewers["CT"][0]), [3, 3, 3], submitted=False).id
        done = review(study, db.session.get(User, world.reviewers["RUS"][0]), [3, 3, 3]).id
        db.session.commit()
    assert client.post(f"/editor/assignments/{draft}/remove").status_code == 303
    refused = client.post(f"/editor/assignments/{done}/remove")
    assert refused.status_code == 422
    assert "has submitted their review" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assignment, draft) is None
        assert count(Score, Score.assignment_id == draft) == 0
        assert db.session.get(Assignment, done) is not None
        assert count(AuditEvent, AuditEvent.action == "assignment.removed") == 1


def test_auto_assign_previews_applies_emails_once_per_reviewer_and_reports_shortages(app, client, world):
    page = client.get(f"/editor/calls/{world.call}/assignments").get_data(as_text=True)
    assert "This adds 9 assignments" in page
    assert "no eligible reviewer from THA for 3 case studies" in page
    with app.app_context():
        assert count(Assignment) == 0  # a preview changes nothing

    response = client.post(f"/editor/calls/{world.call}/assignments/auto", data={"plan": plan_of(page)})
    assert response.status_code == 303
    with app.app_context():
        pairs = db.session.execute(select(Assignment.case_study_id, Assignment.reviewer_id)).all()
        assert len(pairs) == 9
        for code in ("CT", "RUS", "PHL"):
            loads = [sum(1 for _, r in pairs if r == rid) for rid in world.reviewers[code]]
            assert sorted(loads) == [1, 2]  # balanced within one
            for study in world.studies:
                assert sum(1 for c, r in pairs if c == study and r in world.reviewers[code]) == 1
        assert world.reviewers["THA"][0] not in {r for _, r in pairs}
        messages = outbox()
        assert sorted(m.recipient for m in messages) == sorted(
            f"{code.lower()}{i}@example.org" for code in ("CT", "RUS", "PHL") for i in (1, 2))
        two = next(m for m in messages if m.subject.startswith("2 new case studies"))
        assert two.body.count("- Study ") == 2
        assert count(Assignment, Assignment.notified_at.is_(None)) == 0

    again = client.get(f"/editor/calls/{world.call}/assignments").get_data(as_text=True)
    assert "Nothing to add" in again
    client.post(f"/editor/calls/{world.call}/assignments/notify")
    with app.app_context():
        assert len(outbox()) == 6  # re-running and re-notifying send nothing twice
        assert count(Assignment) == 9


def test_applying_a_plan_that_changed_since_the_preview_adds_nothing(app, client, world):
    page = client.get(f"/editor/calls/{world.call}/assignments").get_data(as_text=True)
    client.post(f"/editor/case-studies/{world.studies[0]}/assignments", data={"reviewer_id": world.reviewers["CT"][1]})
    response = client.post(f"/editor/calls/{world.call}/assignments/auto", data={"plan": plan_of(page)})
    assert response.status_code == 409
    assert "changed since your preview" in response.get_data(as_text=True)
    with app.app_context():
        assert count(Assignment) == 1
        assert outbox() == []


def test_manual_assignments_are_announced_in_one_email_per_reviewer(app, client, world):
    reviewer_id = world.reviewers["PHL"][0]
    for study in world.studies:
        client.post(f"/editor/case-studies/{study}/assignments", data={"reviewer_id": reviewer_id})
    assert client.post(f"/editor/calls/{world.call}/assignments/notify").status_code == 303
    client.post(f"/editor/calls/{world.call}/assignments/notify")
    with app.app_context():
        messages = outbox()
        assert [m.recipient for m in messages] == ["phl1@example.org"]
        assert messages[0].subject == "3 new case studies to review: 2028"
        assert "http://lie-review.test/reviews/" in messages[0].body


def test_reminders_go_to_every_reviewer_with_unfinished_reviews(app, client, world):
    with app.app_context():
        study = db.session.get(CaseStudy, world.studies[0])
        def user(code, i=0):
            return db.session.get(User, world.reviewers[code][i])
        review(study, user("CT"), [3, 3, 3])
        review(study, user("RUS"), [3, 3, 3], submitted=False)
        assign(study, user("PHL"))
        assign(study, user("PHL", 1), status="conflict")
        db.session.commit()
    assert client.post(f"/editor/calls/{world.call}/assignments/remind").status_code == 303
    with app.app_context():
        assert sorted(m.recipient for m in outbox()) == ["phl1@example.org", "rus1@example.org"]
        assert outbox("phl1@example.org")[0].subject == "Reminder: reviews to finish for 2028"
        call = db.session.get(Call, world.call)
        call.closes_at, call.review_ends_at = utcnow() - timedelta(days=2), utcnow() - timedelta(days=1)
        db.session.commit()
    client.post(f"/editor/calls/{world.call}/assignments/remind")
    with app.app_context():
        assert len(outbox()) == 2  # review closed: nobody is reminded
