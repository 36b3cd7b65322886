"""Marking a comment for the applicant or for the editors only: htmx saves, the whole form, bad input, and
that the mark is no score (totals and the call's scores version stay as they were)."""

from __future__ import annotations

from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import Call
from lie_review.extensions import db
from lie_review.reviews.models import Review, Score

from .builders import RITA, hx, review_form, submit_directly


def marks(assignment_id):
    scores = dict(db.session.execute(select(Score.criterion_id, Score.comment_for_applicant)
                                     .where(Score.assignment_id == assignment_id)).all())
    review = db.session.execute(select(Review).where(Review.assignment_id == assignment_id)).scalar_one_or_none()
    return scores, review.overall_comment_for_applicant if review else None


def state(app, setup):
    with app.app_context():
        call = db.session.get(Call, setup.call_id)
        review = db.session.execute(select(Review).where(Review.assignment_id == setup.assignment)).scalar_one()
        return call.scores_version, review.total


def test_each_comment_offers_both_audiences_with_editors_only_chosen(client, auth, setup):
    auth.login(RITA)
    page = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    for criterion in setup.criteria:
        assert f'name="audience_{criterion}" type="radio" value="editors" checked' in page
        assert f'name="audience_{criterion}" type="radio" value="applicant"' in page
        assert f"audience_{criterion}," in page  # sent with the criterion's htmx saves
    assert 'name="overall_audience" type="radio" value="editors" checked' in page
    assert "overall_comment,overall_audience," in page
    assert "The editors and the applicant, in their feedback (without your name)" in page


def test_marking_a_comment_through_htmx_saves_only_the_mark(app, client, auth, setup):
    auth.login(RITA)
    criterion = setup.criteria[0]
    url = f"/reviews/{setup.assignment}/criteria/{criterion}"
    client.post(url, data={f"criterion_{criterion}": "4", f"comment_{criterion}": "Share this."}, headers=hx())
    response = client.post(url, data={f"audience_{criterion}": "applicant"}, headers=hx())
    assert response.status_code == 200 and "Saved" in response.get_data(as_text=True)
    with app.app_context():
        assert marks(setup.assignment)[0] == {criterion: True}
        score = db.session.execute(select(Score).where(Score.assignment_id == setup.assignment)).scalar_one()
        assert (score.value, score.comment) == (4, "Share this.")
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "score.saved")
                                   .order_by(AuditEvent.id.desc())).scalars().first()
        assert event.after == {"criterion_id": criterion, "comment_for_applicant": True}
    client.post(url, data={f"audience_{criterion}": "editors"}, headers=hx())
    with app.app_context():
        assert marks(setup.assignment)[0] == {criterion: False}


def test_the_overall_comment_is_marked_through_htmx_and_without_javascript(app, client, auth, setup):
    auth.login(RITA)
    url = f"/reviews/{setup.assignment}/overall"
    client.post(url, data={"overall_comment": "Good work.", "overall_audience": "editors"}, headers=hx())
    assert client.post(url, data={"overall_audience": "applicant"}, headers=hx()).status_code == 200
    with app.app_context():
        assert marks(setup.assignment)[1] is True
    response = client.post(url, data={"overall_audience": "editors"})
    assert response.status_code == 303
    with app.app_context():
        assert marks(setup.assignment)[1] is False


def test_the_whole_form_saves_every_mark(app, client, auth, setup):
    auth.login(RITA)
    first, second = setup.criteria[0], setup.criteria[1]
    data = review_form(client, setup.assignment, "save", {
        f"criterion_{first}": "3", f"comment_{first}": "For them.", f"audience_{first}": "applicant",
        f"criterion_{second}": "2", f"comment_{second}": "For us.",
        "overall_comment": "Overall for them.", "overall_audience": "applicant"})
    assert data[f"audience_{second}"] == "editors"  # the default, as the page offers it
    assert client.post(f"/reviews/{setup.assignment}", data=data).status_code == 303
    with app.app_context():
        assert marks(setup.assignment) == ({first: True, second: False}, True)
    page = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert f'name="audience_{first}" type="radio" value="applicant" checked' in page
    assert 'name="overall_audience" type="radio" value="applicant" checked' in page


def test_an_unknown_audience_is_refused_with_422_and_saves_nothing(app, client, auth, setup):
    auth.login(RITA)
    criterion = setup.criteria[0]
    response = client.post(f"/reviews/{setup.assignment}/criteria/{criterion}",
                           data={f"comment_{criterion}": "Hello", f"audience_{criterion}": "everyone"}, headers=hx())
    assert response.status_code == 422 and "Not saved" in response.get_data(as_text=True)
    response = client.post(f"/reviews/{setup.assignment}/overall", data={"overall_audience": "public"}, headers=hx())
    assert response.status_code == 422
    with app.app_context():
        assert marks(setup.assignment) == ({}, None)


def test_marking_a_submitted_review_changes_neither_its_total_nor_the_scores_version(app, client, auth, setup):
    with app.app_context():
        submit_directly(setup.assignment, setup.criteria, [4, 3, 5])
        db.session.commit()
    auth.login(RITA)
    client.get(f"/reviews/{setup.assignment}")
    before = state(app, setup)
    for criterion in setup.criteria:
        response = client.post(f"/reviews/{setup.assignment}/criteria/{criterion}",
                               data={f"audience_{criterion}": "applicant"}, headers=hx())
        assert response.status_code == 200
    client.post(f"/reviews/{setup.assignment}/overall", data={"overall_audience": "applicant"}, headers=hx())
    with app.app_context():
        assert marks(setup.assignment) == ({c: True for c in setup.criteria}, True)
    assert state(app, setup) == before
    client.post(f"/reviews/{setup.assignment}/criteria/{setup.criteria[0]}",
                data={f"criterion_{setup.criteria[0]}": "1"}, headers=hx())
    assert state(app, setup)[0] == before[0] + 1  # a level still counts
