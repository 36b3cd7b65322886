"""The rubric editor: add, edit, reorder and deactivate criteria; scales fixed once scored."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import Call
from lie_review.reviews.totals import review_totals
from lie_review.extensions import db
from lie_review.reviews.models import Criterion

from ..factories import make_call, make_case_study, make_user
from .builders import criteria_of, make_reviewer, review


@pytest.fixture
def call_id(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call_id = make_call().id
        db.session.commit()
    auth.login("ed@example.org")
    return call_id


def levels(low, high, text="Level"):
    return {f"level_{v}": f"{text} {v}" for v in range(low, high + 1)}


def stamp_of(client, criterion_id):
    page = client.get(f"/editor/criteria/{criterion_id}/edit").get_data(as_text=True)
    return re.search(r'name="stamp"[^>]*value="([^"]*)"', page).group(1)


def criteria(app, call_id):
    with app.app_context():
        return [(c.label, c.position, c.active, c.weight) for c in criteria_of(db.session.get(Call, call_id))]


def test_adding_a_criterion_puts_it_last_with_a_descriptor_per_level(app, client, call_id):
    response = client.post(f"/editor/calls/{call_id}/rubric/new", data={
        "label": "Replicability", "guidance": "Could another locality do it?", "weight": "0.5",
        "scale_min": "0", "scale_max": "3", **levels(0, 3)})
    assert response.status_code == 303
    assert criteria(app, call_id)[-1] == ("Replicability", 3, True, 0.5)
    with app.app_context():
        added = db.session.execute(select(Criterion).where(Criterion.label == "Replicability")).scalar_one()
        assert [(lv.value, lv.descriptor) for lv in added.levels] == [(v, f"Level {v}") for v in range(4)]


def test_each_level_needs_a_descriptor_and_the_scale_an_order(app, client, call_id):
    response = client.post(f"/editor/calls/{call_id}/rubric/new", data={
        "label": "Replicability", "weight": "1", "scale_min": "1", "scale_max": "3", **levels(1, 2)})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="level_3-error"' in page and 'id="level_1-error"' not in page
    response = client.post(f"/editor/calls/{call_id}/rubric/new", data={
        "label": "X", "weight": "0", "scale_min": "4", "scale_max": "2"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="weight-error"' in page and "The highest level must be above the lowest." in page
    assert len(criteria(app, call_id)) == 3


def test_weight_changes_and_every_total_follows(app, client, call_id):
    with app.app_context():
        call = db.session.get(Call, call_id)
        review(make_case_study(call, make_user(), status="submitted"), make_reviewer("CT"), [5, 1, 1])
        first_id = criteria_of(call)[0].id
        db.session.commit()
        assert review_totals(call_id)[0].total == pytest.approx(100 / 3)
    response = client.post(f"/editor/criteria/{first_id}/edit", data={
        "label": "Local challenge addressed", "weight": "2", "scale_min": "1", "scale_max": "5",
        "stamp": stamp_of(client, first_id), **levels(1, 5)})
    assert response.status_code == 303
    with app.app_context():
        assert review_totals(call_id)[0].total == pytest.approx(50.0)  # 2·1 / (2 + 1 + 1)
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "criterion.updated")).scalar_one()
        assert (event.before["weight"], event.after["weight"]) == (1.0, 2.0)


def test_a_scored_criterion_keeps_its_scale_and_the_page_says_why(app, client, call_id):
    with app.app_context():
        call = db.session.get(Call, call_id)
        review(make_case_study(call, make_user(), status="submitted"), make_reviewer("CT"), [5, 1, 1])
        first_id = criteria_of(call)[0].id
        db.session.commit()
    page = client.get(f"/editor/criteria/{first_id}/edit").get_data(as_text=True)
    assert "Reviewers have already scored this criterion, so its scale cannot change" in page
    assert re.search(r'<input[^>]*id="scale_max"[^>]*readonly', page)
    response = client.post(f"/editor/criteria/{first_id}/edit", data={
        "label": "Local challenge addressed", "weight": "1", "scale_min": "1", "scale_max": "7",
        "stamp": stamp_of(client, first_id), **levels(1, 7)})
    assert response.status_code == 422
    assert "This criterion already has scores, so its scale cannot change." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Criterion, first_id).scale_max == 5


def test_an_unscored_scale_can_grow_once_the_new_levels_are_described(app, client, call_id):
    with app.app_context():
        first_id = criteria_of(db.session.get(Call, call_id))[0].id
    data = {"label": "Local challenge addressed", "weight": "1", "scale_min": "1", "scale_max": "7",
            "stamp": stamp_of(client, first_id), **levels(1, 5)}
    response = client.post(f"/editor/criteria/{first_id}/edit", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="level_7"' in page and 'id="level_7-error"' in page
    response = client.post(f"/editor/criteria/{first_id}/edit", data={**data, **levels(1, 7)})
    assert response.status_code == 303
    with app.app_context():
        assert [lv.value for lv in db.session.get(Criterion, first_id).levels] == list(range(1, 8))


def test_a_stale_criterion_edit_is_refused(app, client, call_id):
    with app.app_context():
        first_id = criteria_of(db.session.get(Call, call_id))[0].id
    stamp = stamp_of(client, first_id)
    with app.app_context():
        db.session.get(Criterion, first_id).weight = 4.0
        db.session.commit()
    response = client.post(f"/editor/criteria/{first_id}/edit", data={
        "label": "Mine", "weight": "1", "scale_min": "1", "scale_max": "5", "stamp": stamp, **levels(1, 5)})
    assert response.status_code == 409
    assert criteria(app, call_id)[0][0] == "Local challenge addressed"


def test_criteria_move_up_and_down_with_and_without_htmx(app, client, call_id):
    with app.app_context():
        ids = [c.id for c in criteria_of(db.session.get(Call, call_id))]
    response = client.post(f"/editor/criteria/{ids[2]}/move", data={"direction": "up"})
    assert response.status_code == 303
    assert [c[0] for c in criteria(app, call_id)] == ["Local challenge addressed", "Inclusiveness", "Sustainability"]
    response = client.post(f"/editor/criteria/{ids[0]}/move", data={"direction": "down"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="rubric"') and "<html" not in fragment
    assert [c[:2] for c in criteria(app, call_id)] == [("Inclusiveness", 0), ("Local challenge addressed", 1),
                                                      ("Sustainability", 2)]
    assert client.post(f"/editor/criteria/{ids[0]}/move", data={"direction": "sideways"}).status_code == 303
    assert [c[0] for c in criteria(app, call_id)][1] == "Local challenge addressed"


def test_deactivating_leaves_a_criterion_out_but_never_the_last_one(app, client, call_id):
    with app.app_context():
        ids = [c.id for c in criteria_of(db.session.get(Call, call_id))]
    assert client.post(f"/editor/criteria/{ids[0]}/deactivate").status_code == 303
    assert client.post(f"/editor/criteria/{ids[1]}/deactivate").status_code == 303
    refused = client.post(f"/editor/criteria/{ids[2]}/deactivate", headers={"HX-Request": "true"})
    assert refused.status_code == 409
    assert "A call needs at least one active criterion." in refused.get_data(as_text=True)
    assert [c[2] for c in criteria(app, call_id)] == [False, False, True]
    page = client.get(f"/editor/calls/{call_id}/rubric").get_data(as_text=True)
    preview = page[page.index("Preview: what reviewers see"):]
    assert "Inclusiveness" in preview and "Sustainability" not in preview
    assert client.post(f"/editor/criteria/{ids[0]}/activate").status_code == 303
    assert [c[2] for c in criteria(app, call_id)] == [True, False, True]
