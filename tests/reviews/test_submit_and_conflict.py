"""Submitting a review, revising it until the deadline, and declaring a conflict of interest."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Review

from ..factories import make_user
from ..helpers import link_in, outbox
from .builders import RITA, hx, levels_of, review_form


def close_review(app, setup) -> None:
    """The review deadline passes (a second ago), the reviewer still signed in."""
    with app.app_context():
        db.session.get(Assignment, setup.assignment).case_study.call.review_ends_at = utcnow() - timedelta(seconds=1)
        db.session.commit()


def full(client, setup, levels=(4, 3, 5), action="submit", **overrides):
    """The scoring page's form, every criterion scored with `levels` and the overall part filled in,
    posted with its `action` button; `overrides` change fields."""
    changes = {f"criterion_{c}": str(v) for c, v in zip(setup.criteria, levels)}
    changes.update(overall_comment="A convincing local story.", recommendation="recommend", confidence="4")
    return review_form(client, setup.assignment, action, {**changes, **overrides})


def test_submit_without_overall_comment_keeps_the_scores_and_shows_the_error_at_the_field(app, client, auth, setup):
    auth.login(RITA)
    response = client.post(f"/reviews/{setup.assignment}", data=full(client, setup, overall_comment=""))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="overall_comment-error"' in html
    assert "Write an overall comment to submit your review." in html
    assert 'aria-describedby="overall_comment-hint overall_comment-error"' in html
    assert 'href="#overall_comment"' in html                      # the summary links to the field
    assert ">68.8<" in html
    with app.app_context():
        assert levels_of(setup.assignment) == dict(zip(setup.criteria, (4, 3, 5)))
        review = db.session.execute(select(Review)).scalar_one()
        assert (review.recommendation, review.confidence, review.submitted_at) == ("recommend", 4, None)


def test_submit_with_a_criterion_unscored_marks_that_criterion(app, client, auth, setup):
    auth.login(RITA)
    data = full(client, setup)
    del data[f"criterion_{setup.criteria[1]}"]                     # left unchosen
    response = client.post(f"/reviews/{setup.assignment}", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    second = setup.criteria[1]
    assert f'id="criterion_{second}-1-error"' in html and "Choose a level for this criterion." in html
    assert f'href="#criterion_{second}-1"' in html and f'id="criterion_{second}-1"' in html
    assert f'id="criterion_{setup.criteria[0]}-1-error"' not in html
    with app.app_context():
        assert levels_of(setup.assignment) == {setup.criteria[0]: 4, setup.criteria[2]: 5}
        assert db.session.execute(select(Review)).scalar_one().overall_comment == "A convincing local story."


def test_levels_saved_earlier_through_htmx_count_for_the_submit(app, client, auth, setup):
    auth.login(RITA)
    data = review_form(client, setup.assignment, "submit", {})     # opened before the saves: no level chosen
    for criterion, level in zip(setup.criteria, (2, 2, 2)):
        client.post(f"/reviews/{setup.assignment}/criteria/{criterion}", data={f"criterion_{criterion}": str(level)},
                    headers=hx())
    data["overall_comment"] = "Done."
    response = client.post(f"/reviews/{setup.assignment}", data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "Your review is submitted. You can revise it until" in response.get_data(as_text=True)


def test_a_submitted_review_can_be_revised_until_the_deadline_and_not_after(app, client, auth, setup):
    auth.login(RITA)
    assert client.post(f"/reviews/{setup.assignment}", data=full(client, setup)).status_code == 303
    with app.app_context():
        first = db.session.execute(select(Review)).scalar_one().submitted_at
        assert first is not None
    criterion = setup.criteria[0]
    assert client.post(f"/reviews/{setup.assignment}/criteria/{criterion}", data={f"criterion_{criterion}": "1"},
                       headers=hx()).status_code == 200
    page = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert "You can revise your review until then" in page and "Save and keep submitted" in page
    close_review(app, setup)
    late = client.post(f"/reviews/{setup.assignment}/criteria/{criterion}",
                       data={f"criterion_{criterion}": "5"}, headers=hx())
    assert late.status_code == 409
    page = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert "Reviewing has closed: this review can no longer be changed." in page
    assert 'type="radio"' not in page and "Level 1 of 5" in page
    with app.app_context():
        review = db.session.execute(select(Review)).scalar_one()
        assert review.submitted_at == first
        assert levels_of(setup.assignment)[criterion] == 1
        actions = db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars().all()
        assert "review.submitted" in actions


def test_a_submitted_review_keeps_its_overall_comment(app, client, auth, setup):
    auth.login(RITA)
    client.post(f"/reviews/{setup.assignment}", data=full(client, setup))
    response = client.post(f"/reviews/{setup.assignment}/overall", data={"overall_comment": "  "}, headers=hx())
    assert response.status_code == 422
    assert "a submitted review needs its overall comment" in response.get_data(as_text=True)
    plain = client.post(f"/reviews/{setup.assignment}", data=full(client, setup, overall_comment="", action="save"))
    assert plain.status_code == 422
    with app.app_context():
        assert db.session.execute(select(Review)).scalar_one().overall_comment == "A convincing local story."


def test_declaring_a_conflict_takes_the_assignment_off_the_list_and_tells_the_editors(app, client, auth, setup):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        make_user("editor", email="gone@example.org", active=False)
        make_user("admin", email="ad@example.org")
        db.session.commit()
    auth.login(RITA)
    criterion = setup.criteria[0]
    client.post(f"/reviews/{setup.assignment}/criteria/{criterion}", data={f"criterion_{criterion}": "3"},
                headers=hx())
    form = client.get(f"/reviews/{setup.assignment}/conflict")
    assert form.status_code == 200 and 'name="reason"' in form.get_data(as_text=True)
    response = client.post(f"/reviews/{setup.assignment}/conflict", data={"reason": "I mentor their founder."},
                           follow_redirects=True)
    assert response.request.path == "/reviews/"
    html = response.get_data(as_text=True)
    assert "You declared a conflict of interest" in html
    assert f'href="/reviews/{setup.assignment}"' not in html
    assert client.get(f"/reviews/{setup.assignment}").status_code == 404
    with app.app_context():
        assignment = db.session.get(Assignment, setup.assignment)
        assert (assignment.status, assignment.conflict_reason) == ("conflict", "I mentor their founder.")
        assert assignment.conflict_declared_at is not None
        assert levels_of(setup.assignment) == {criterion: 3}         # kept, though no longer counted
        [message] = outbox("ed@example.org")
        assert outbox("gone@example.org") == [] and outbox("ad@example.org") == []
        assert "Mountain tea goes online" in message.subject
        assert "Rita Reviewer" in message.body and "I mentor their founder." in message.body
        assert link_in(message) == "/editor/calls"


def test_a_conflict_needs_a_reason(app, client, auth, setup):
    auth.login(RITA)
    response = client.post(f"/reviews/{setup.assignment}/conflict", data={"reason": " "})
    assert response.status_code == 422
    assert 'id="reason-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assignment, setup.assignment).status == "active"


def test_a_conflict_cannot_be_declared_after_the_deadline(app, client, auth, setup):
    auth.login(RITA)
    close_review(app, setup)
    assert "Reviewing has closed" in client.get(f"/reviews/{setup.assignment}/conflict").get_data(as_text=True)
    assert client.post(f"/reviews/{setup.assignment}/conflict", data={"reason": "Late"}).status_code == 409
    with app.app_context():
        assert db.session.get(Assignment, setup.assignment).status == "active"
