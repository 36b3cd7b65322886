"""A score save says "Saved" only when what was sent is stored; anything else says it was not saved."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lie_review.extensions import db
from lie_review.reviews.models import Review, Score

from .builders import RITA, build, hx, levels_of


def stored_comments(app) -> list[str]:
    with app.app_context():
        return list(db.session.execute(select(Score.comment)).scalars())


def test_a_saved_status_comes_only_with_the_level_and_comment_stored(app, client, auth, setup):
    auth.login(RITA)
    criterion = setup.criteria[0]
    response = client.post(f"/reviews/{setup.assignment}/criteria/{criterion}", headers=hx(),
                           data={f"criterion_{criterion}": "4", f"comment_{criterion}": "Clear local need."})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<p class="save-line saved">Saved</p>' in html and "data-save-status" in html
    with app.app_context():
        score = db.session.execute(select(Score)).scalar_one()
        assert (score.value, score.comment) == (4, "Clear local need.")


def test_a_save_after_reviewing_closed_says_not_saved_and_stores_nothing(app, client, auth):
    with app.app_context():
        setup = build(review_ends_in_days=-1)
        db.session.commit()
    auth.login(RITA)
    criterion = setup.criteria[0]
    response = client.post(f"/reviews/{setup.assignment}/criteria/{criterion}", headers=hx(),
                           data={f"criterion_{criterion}": "4", f"comment_{criterion}": "Too late."})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "this change was not saved" in html and "Saved" not in html
    assert f'id="criterion-{criterion}-status"' in html       # swapped into that criterion's status
    with app.app_context():
        assert levels_of(setup.assignment) == {}


def test_an_invalid_comment_says_not_saved_in_its_criterions_status(app, client, auth, setup):
    auth.login(RITA)
    criterion = setup.criteria[0]
    response = client.post(f"/reviews/{setup.assignment}/criteria/{criterion}", headers=hx(),
                           data={f"criterion_{criterion}": "4", f"comment_{criterion}": "bell\x07"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not saved:" in html and "control characters" in html and "Saved" not in html
    assert f'id="criterion-{criterion}-status"' in html
    with app.app_context():
        assert levels_of(setup.assignment) == {}


def test_an_overall_save_holding_none_of_its_fields_is_refused(app, client, auth, setup):
    auth.login(RITA)
    response = client.post(f"/reviews/{setup.assignment}/overall", data={"version_read": "original"},
                           headers=hx())
    assert response.status_code == 400
    assert "Nothing was saved" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Review)).first() is None


@pytest.mark.parametrize("body", [b"criterion_{c}=%FF", b"\xff", b"comment_{c}=%FF", b"comment_{c}=ab\xffcd"])
def test_a_score_save_whose_body_is_not_utf8_is_refused_and_stores_nothing(app, client, auth, setup, body):
    auth.login(RITA)
    criterion = setup.criteria[0]
    response = client.post(f"/reviews/{setup.assignment}/criteria/{criterion}",
                           data=body.replace(b"{c}", str(criterion).encode()),
                           content_type="application/x-www-form-urlencoded",
                           headers=hx(**{"X-CSRFToken": client.csrf_token()}))
    assert response.status_code == 400      # the body cannot be read, so it is never taken for a save
    assert "Saved" not in response.get_data(as_text=True)
    assert stored_comments(app) == []
    with app.app_context():
        assert levels_of(setup.assignment) == {}
