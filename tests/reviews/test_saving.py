"""Saving levels and comments: htmx fragments, the no-JavaScript form, bad input, deadlines, races."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from lie_review.audit import AuditEvent
from lie_review.extensions import db
from lie_review.reviews.models import Criterion, Review, Score

from .builders import RITA, build, hx, levels_of, review_form


def save(client, setup, index, level=None, comment=None, headers=None, assignment=None):
    criterion = setup.criteria[index]
    data = {}
    if level is not None:
        data[f"criterion_{criterion}"] = str(level)
    if comment is not None:
        data[f"comment_{criterion}"] = comment
    return client.post(f"/reviews/{assignment or setup.assignment}/criteria/{criterion}", data=data,
                       headers=hx() if headers is None else headers)


def test_choosing_a_level_returns_only_its_status_and_the_new_total(app, client, auth, setup):
    auth.login(RITA)
    response = save(client, setup, 1, level=4)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and "<fieldset" not in html and "<input" not in html
    assert f'id="criterion-{setup.criteria[1]}-status"' in html
    assert "Saved" in html
    assert "Economically self-sustaining with a measurable environmental benefit." in html  # level 4's descriptor
    assert '<div id="review-total" hx-swap-oob="innerHTML">' in html
    assert "Review total so far" in html and ">75.0<" in html          # criterion 2 alone: 3/4
    assert "2 criteria still unscored" in html
    assert len(response.data) < 1200
    assert "HX-Request" in response.headers["Vary"]
    with app.app_context():
        assert levels_of(setup.assignment) == {setup.criteria[1]: 4}


def test_review_total_with_weights_1_2_1_matches_hand_computed_values(client, auth, setup):
    auth.login(RITA)
    save(client, setup, 0, level=4)                                  # 0.75 · 1 / 1 = 75
    assert ">75.0<" in save(client, setup, 0, level=4).get_data(as_text=True)
    html = save(client, setup, 1, level=3).get_data(as_text=True)     # (0.75 + 2·0.5) / 3 = 58.33
    assert ">58.3<" in html and "1 criterion still unscored" in html
    html = save(client, setup, 2, level=5).get_data(as_text=True)     # (0.75 + 1 + 1) / 4 = 68.75
    assert ">68.8<" in html and "All criteria scored" in html and "Review total<" in html
    page = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert ">68.8<" in page


def test_a_comment_saves_without_touching_the_level(app, client, auth, setup):
    auth.login(RITA)
    save(client, setup, 0, level=2)
    response = save(client, setup, 0, comment="  Needs figures.  ")
    assert response.status_code == 200 and "Saved" in response.get_data(as_text=True)
    with app.app_context():
        score = db.session.execute(select(Score).where(Score.criterion_id == setup.criteria[0])).scalar_one()
        assert (score.value, score.comment) == (2, "Needs figures.")


def test_an_empty_save_creates_no_score_row(app, client, auth, setup):
    auth.login(RITA)
    assert save(client, setup, 0, comment="").status_code == 200
    with app.app_context():
        assert db.session.execute(select(func.count(Score.id))).scalar_one() == 0


@pytest.mark.parametrize("level", ["0", "6", "9", "-1", "3.5", "abc", "٣", "99999999999999999999"])
def test_a_level_outside_the_scale_is_refused_with_400(app, client, auth, setup, level):
    auth.login(RITA)
    criterion = setup.criteria[0]
    response = client.post(f"/reviews/{setup.assignment}/criteria/{criterion}",
                           data={f"criterion_{criterion}": level}, headers=hx())
    assert response.status_code == 400
    assert "is not a level of “Local challenge addressed”: choose a level from 1 to 5." in \
        response.get_data(as_text=True)
    plain = client.post(f"/reviews/{setup.assignment}", data={f"criterion_{criterion}": level, "action": "save"})
    assert plain.status_code == 400
    assert "choose a level from 1 to 5" in plain.get_data(as_text=True)
    with app.app_context():
        assert levels_of(setup.assignment) == {}


def test_a_criterion_of_another_call_is_refused_with_400(app, client, auth, setup):
    with app.app_context():
        elsewhere = build(reviewers=("x@example.org", "y@example.org"))
        db.session.commit()
    auth.login(RITA)
    foreign = elsewhere.criteria[0]
    response = client.post(f"/reviews/{setup.assignment}/criteria/{foreign}", data={f"criterion_{foreign}": "3"},
                           headers=hx())
    assert response.status_code == 400
    assert "not part of the rubric of this case study&#39;s call" in response.get_data(as_text=True)
    plain = client.post(f"/reviews/{setup.assignment}", data={f"criterion_{foreign}": "3", "action": "save"})
    assert plain.status_code == 400
    assert f"Criterion {foreign} is not part of this call&#39;s rubric." in plain.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count(Score.id))).scalar_one() == 0


def test_an_inactive_criterion_cannot_be_scored(app, client, auth, setup):
    with app.app_context():
        db.session.get(Criterion, setup.criteria[2]).active = False
        db.session.commit()
    auth.login(RITA)
    assert save(client, setup, 2, level=3).status_code == 400
    assert "2 criteria still unscored" in client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)


def test_an_overlong_comment_is_refused_at_the_field_and_not_saved(app, client, auth, setup):
    auth.login(RITA)
    response = save(client, setup, 0, level=3, comment="x" * 5001)
    assert response.status_code == 422
    assert "Not saved:" in response.get_data(as_text=True) and "5000" in response.get_data(as_text=True)
    with app.app_context():
        assert levels_of(setup.assignment) == {}


def test_nothing_can_be_saved_after_the_review_deadline(app, client, auth):
    with app.app_context():
        setup = build(review_ends_in_days=-1)
        db.session.commit()
    auth.login(RITA)
    criterion = setup.criteria[0]
    response = save(client, setup, 0, level=3)
    assert response.status_code == 409
    assert "Reviewing has closed: this change was not saved." in response.get_data(as_text=True)
    overall = client.post(f"/reviews/{setup.assignment}/overall", data={"overall_comment": "Late"}, headers=hx())
    assert overall.status_code == 409
    plain = client.post(f"/reviews/{setup.assignment}",
                        data={f"criterion_{criterion}": "3", "overall_comment": "Late", "action": "submit"})
    assert plain.status_code == 409
    assert "your changes were not saved" in plain.get_data(as_text=True)
    assert 'type="radio"' not in plain.get_data(as_text=True)    # read-only now
    with app.app_context():
        assert levels_of(setup.assignment) == {}
        assert db.session.execute(select(func.count(Review.id))).scalar_one() == 0


def test_two_quick_saves_of_one_criterion_leave_the_later_value(app, client, auth, setup):
    auth.login(RITA)
    save(client, setup, 0, level=2)
    save(client, setup, 0, level=5)
    with app.app_context():
        assert levels_of(setup.assignment) == {setup.criteria[0]: 5}
        events = db.session.execute(select(AuditEvent).where(AuditEvent.action == "score.saved")
                                    .order_by(AuditEvent.id)).scalars().all()
        assert [(e.before.get("value"), e.after["value"]) for e in events] == [(None, 2), (2, 5)]


def test_simultaneous_first_saves_of_one_criterion_make_one_row_and_no_error(app, auth, setup):
    clients = [app.test_client() for _ in range(4)]
    for c in clients:
        c.post("/login", data={"email": RITA, "password": "correct horse battery"})
    tokens = [c.csrf_token() for c in clients]
    barrier = threading.Barrier(len(clients))
    statuses = []
    criterion = setup.criteria[0]

    def post(c, token, level):
        barrier.wait()
        response = c.post(f"/reviews/{setup.assignment}/criteria/{criterion}", csrf=False,
                          data={f"criterion_{criterion}": str(level)},
                          headers=hx(**{"X-CSRFToken": token}))
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=(c, t, i + 1)) for i, (c, t) in enumerate(zip(clients, tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(clients)
    with app.app_context():
        rows = db.session.execute(select(Score).where(Score.assignment_id == setup.assignment)).scalars().all()
        assert len(rows) == 1 and rows[0].value in {1, 2, 3, 4}
        last = db.session.execute(select(AuditEvent).where(AuditEvent.action == "score.saved")
                                  .order_by(AuditEvent.id.desc())).scalars().first()
        assert last.after["value"] == rows[0].value          # the last one written is the one kept


def test_without_htmx_a_criterion_save_goes_back_to_the_page(client, auth, setup):
    auth.login(RITA)
    response = save(client, setup, 0, level=3, headers={})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/reviews/{setup.assignment}#criterion-{setup.criteria[0]}"


def test_the_whole_form_saves_every_field_without_javascript(app, client, auth, setup):
    auth.login(RITA)
    changes = {f"criterion_{c}": str(v) for c, v in zip(setup.criteria, (2, 3))}
    changes.update({f"comment_{setup.criteria[0]}": "Thin evidence.", f"comment_{setup.criteria[2]}": "",
                    "overall_comment": "Promising.", "recommendation": "neutral", "confidence": "3"})
    data = review_form(client, setup.assignment, "save", changes)
    response = client.post(f"/reviews/{setup.assignment}", data=data, follow_redirects=True)
    assert response.request.path == f"/reviews/{setup.assignment}"
    html = response.get_data(as_text=True)
    assert "Your review is saved." in html
    assert "1 criterion still unscored" in html
    assert f'id="criterion_{setup.criteria[0]}-2" value="2" checked' in html
    with app.app_context():
        assert levels_of(setup.assignment) == {setup.criteria[0]: 2, setup.criteria[1]: 3}
        review = db.session.execute(select(Review)).scalar_one()
        assert (review.overall_comment, review.recommendation, review.confidence, review.submitted_at) == \
            ("Promising.", "neutral", 3, None)


def test_overall_fields_autosave_and_bad_choices_are_refused(app, client, auth, setup):
    auth.login(RITA)
    url = f"/reviews/{setup.assignment}/overall"
    response = client.post(url, data={"overall_comment": "Clear & <b>useful</b>"}, headers=hx())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="overall-status"' in html and "Saved" in html and "<html" not in html
    assert len(response.data) < 400
    assert client.post(url, data={"confidence": "4"}, headers=hx()).status_code == 200
    assert client.post(url, data={"confidence": "7"}, headers=hx()).status_code == 422
    assert client.post(url, data={"recommendation": "adore"}, headers=hx()).status_code == 422
    with app.app_context():
        review = db.session.execute(select(Review)).scalar_one()
        assert (review.overall_comment, review.confidence, review.recommendation) == \
            ("Clear & <b>useful</b>", 4, None)
    page = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert "Clear &amp; &lt;b&gt;useful&lt;/b&gt;" in page


def test_without_htmx_a_refused_criterion_save_shows_why_on_a_page(client, auth, setup):
    auth.login(RITA)
    response = save(client, setup, 0, comment="x" * 5001, headers={})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" in html and "Not saved:" in html and "Back to the review" in html


def test_text_with_a_nul_character_is_refused_on_every_database(app, client, auth, setup):
    auth.login(RITA)
    criterion = setup.criteria[0]
    assert save(client, setup, 0, level=3, comment="a\x00b").status_code == 422
    assert client.post(f"/reviews/{setup.assignment}/overall", data={"overall_comment": "a\x00b"},
                       headers=hx()).status_code == 422
    plain = client.post(f"/reviews/{setup.assignment}",
                        data=review_form(client, setup.assignment, "save", {f"comment_{criterion}": "a\x00b"}))
    assert plain.status_code == 422 and "cannot be saved" in plain.get_data(as_text=True)
    assert client.post(f"/reviews/{setup.assignment}/conflict", data={"reason": "\x00"}).status_code == 422
    with app.app_context():
        assert levels_of(setup.assignment) == {}
