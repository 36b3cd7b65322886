"""Nothing lost when the session ends mid-review: a score save is kept, and saved once the reviewer is back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from lie_review.audit import AuditEvent
from lie_review.auth.models import UserSession
from lie_review.case_studies.models import Call
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reviews.models import KeptReviewChange, Review, Score

from ..helpers import page_form
from .builders import OLEG, RITA, hx, levels_of

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def end_sessions(app):
    with app.app_context():
        db.session.execute(delete(UserSession))
        db.session.commit()


def kept_rows(app) -> list[KeptReviewChange]:
    with app.app_context():
        return list(db.session.execute(select(KeptReviewChange)).scalars())


def comment_of(app, criterion_id: int) -> str | None:
    with app.app_context():
        return db.session.execute(select(Score.comment).where(Score.criterion_id == criterion_id)).scalar()


def save_level(client, setup, index, level, headers=None, comment=None):
    """An htmx save of one criterion; with `headers`, exactly those (the CSRF token among them)."""
    criterion = setup.criteria[index]
    data = {f"criterion_{criterion}": str(level)}
    if comment is not None:
        data[f"comment_{criterion}"] = comment
    return client.post(f"/reviews/{setup.assignment}/criteria/{criterion}", data=data, csrf=headers is None,
                       headers={**hx(), **SAME_ORIGIN} if headers is None else headers)


def test_a_criterion_save_after_the_session_ended_is_saved_once_the_reviewer_logs_in(app, client, auth, setup):
    auth.login(RITA)
    token = client.csrf_token()
    end_sessions(app)
    criterion = setup.criteria[0]
    response = save_level(client, setup, 0, 4, comment="Written as the session ended",
                          headers={**hx(), **SAME_ORIGIN, "X-CSRFToken": token})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"/login?next=/reviews/{setup.assignment}"
    assert "lie_review_kept_review=" in response.headers["Set-Cookie"]
    assert f"Path=/reviews/{setup.assignment}" in response.headers["Set-Cookie"]
    with app.app_context():
        assert levels_of(setup.assignment) == {}
    assert "Log in again and it will be saved." in client.get(response.headers["HX-Redirect"]).get_data(as_text=True)

    login = auth.login(RITA)
    page = client.get(f"/reviews/{setup.assignment}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "It is saved now." in html
    assert f'id="criterion_{criterion}-4" value="4" checked' in html
    assert "lie_review_kept_review=;" in page.headers["Set-Cookie"]          # handed over once
    assert login.status_code == 303
    with app.app_context():
        assert levels_of(setup.assignment) == {criterion: 4}
        actions = {e.action: e for e in db.session.execute(select(AuditEvent)).scalars()}
        assert actions["review.change_kept"].actor_id is None
        rita = actions["review.kept_change_taken"].actor_id
        assert rita is not None and actions["score.saved"].actor_id == rita
        assert actions["review.kept_change_taken"].after == {
            "saved": [f"comment_{criterion}", f"criterion_{criterion}"], "not_saved": []}
    assert comment_of(app, criterion) == "Written as the session ended"
    assert kept_rows(app) == []
    assert "It is saved now." not in client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)


def test_the_whole_form_posted_without_javascript_after_the_session_ended_is_saved_after_login(
        app, client, auth, setup):
    auth.login(RITA)
    url = f"/reviews/{setup.assignment}"
    data = page_form(client, url, button="action=save")
    first, second, _third = setup.criteria
    data[f"criterion_{first}"] = "2"
    data[f"comment_{second}"] = "Figures are missing."
    data["overall_comment"] = "Promising, needs figures."
    client.delete_cookie("session")  # the browser dropped the expired session cookie
    response = client.post(url, data=data, headers=SAME_ORIGIN)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/login?next={url}"
    auth.login(RITA)
    html = client.get(url).get_data(as_text=True)
    assert "It is saved now." in html
    with app.app_context():
        assert levels_of(setup.assignment) == {first: 2, second: None}
        review = db.session.execute(select(Review)).scalar_one()
        assert (review.overall_comment, review.submitted_at) == ("Promising, needs figures.", None)
    assert comment_of(app, second) == "Figures are missing."


def test_an_expired_form_token_while_logged_in_saves_the_change_on_the_way_back(app, client, auth, setup):
    auth.login(RITA)
    response = save_level(client, setup, 1, 5, headers={**hx(), **SAME_ORIGIN, "X-CSRFToken": "expired"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"/reviews/{setup.assignment}"
    html = client.get(response.headers["HX-Redirect"]).get_data(as_text=True)
    assert "It is saved now." in html
    with app.app_context():
        assert levels_of(setup.assignment) == {setup.criteria[1]: 5}


def test_a_newer_save_is_not_overwritten_and_the_kept_change_is_handed_back(app, client, auth, setup):
    auth.login(RITA)
    first = setup.criteria[0]
    save_level(client, setup, 0, 3)
    token = client.csrf_token()
    end_sessions(app)
    save_level(client, setup, 0, 5, comment="The older tab's words",
               headers={**hx(), **SAME_ORIGIN, "X-CSRFToken": token})
    other = app.test_client()                  # another device, still logged in, saves after the change was kept
    other.post("/login", data={"email": RITA, "password": "correct horse battery"})
    save_level(other, setup, 0, 2)
    auth.login(RITA)
    html = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert "Your change to Local challenge addressed is not saved." in html
    assert f'id="criterion_{first}-5" value="5" checked' in html            # what was entered, back in the form
    assert "The older tab&#39;s words" in html
    assert "this was saved again after your change was kept" in html
    assert "It is saved now." not in html
    with app.app_context():
        assert levels_of(setup.assignment) == {first: 2}                     # the newer save stays
        taken = db.session.execute(select(AuditEvent).where(AuditEvent.action == "review.kept_change_taken"))
        assert taken.scalar_one().after == {"saved": [], "not_saved": [f"comment_{first}", f"criterion_{first}"]}


def test_parts_a_whole_form_post_did_not_change_leave_newer_saves_alone(app, client, auth, setup):
    auth.login(RITA)
    first, second, _third = setup.criteria
    save_level(client, setup, 1, 3)
    url = f"/reviews/{setup.assignment}"
    data = page_form(client, url, button="action=save")
    data[f"criterion_{first}"] = "4"
    end_sessions(app)
    client.post(url, data=data, headers=SAME_ORIGIN)
    other = app.test_client()
    other.post("/login", data={"email": RITA, "password": "correct horse battery"})
    save_level(other, setup, 1, 1)                                           # criterion 2, untouched by the post
    auth.login(RITA)
    html = client.get(url).get_data(as_text=True)
    assert "It is saved now." in html and "is not saved" not in html
    with app.app_context():
        assert levels_of(setup.assignment) == {first: 4, second: 1}


def test_a_change_kept_after_reviewing_closed_is_not_saved_and_says_so(app, client, auth, setup):
    auth.login(RITA)
    token = client.csrf_token()
    end_sessions(app)
    save_level(client, setup, 0, 4, headers={**hx(), **SAME_ORIGIN, "X-CSRFToken": token})
    with app.app_context():
        db.session.get(Call, setup.call_id).review_ends_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    auth.login(RITA)
    html = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert "Reviewing has closed, so the change you made as your session ended could not be saved." in html
    with app.app_context():
        assert levels_of(setup.assignment) == {}
    assert kept_rows(app) == []


def test_another_site_cannot_plant_a_score(app, client, auth, setup):
    auth.login(RITA)
    token = client.csrf_token()
    end_sessions(app)
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}, {}):
        response = save_level(client, setup, 0, 1, headers={**hx(), **headers, "X-CSRFToken": token})
        assert response.status_code == 204 and "/login" in response.headers["HX-Redirect"]
        assert "lie_review_kept_review" not in response.headers.get("Set-Cookie", "")
    auth.login(RITA)
    response = save_level(client, setup, 0, 1, headers={**hx(), "Sec-Fetch-Site": "cross-site",
                                                        "X-CSRFToken": "forged"})
    assert response.status_code == 400
    assert kept_rows(app) == []
    with app.app_context():
        assert levels_of(setup.assignment) == {}


def test_a_kept_change_is_never_saved_into_another_reviewers_account(app, client, auth, setup):
    auth.login(RITA)
    token = client.csrf_token()
    end_sessions(app)
    save_level(client, setup, 0, 4, headers={**hx(), **SAME_ORIGIN, "X-CSRFToken": token})
    auth.login(OLEG)                 # someone else logs in on the same browser
    assert client.get(f"/reviews/{setup.assignment}").status_code == 404
    with app.app_context():
        assert levels_of(setup.assignment) == {}
    assert len(kept_rows(app)) == 1


def test_two_saves_kept_in_one_browser_are_saved_together(app, client, auth, setup):
    auth.login(RITA)
    token = client.csrf_token()
    end_sessions(app)
    headers = {**hx(), **SAME_ORIGIN, "X-CSRFToken": token}
    save_level(client, setup, 0, 4, headers=headers)
    save_level(client, setup, 2, 1, headers=headers)
    client.post(f"/reviews/{setup.assignment}/overall", data={"overall_comment": "Kept too."}, headers=headers)
    assert len(kept_rows(app)) == 1
    auth.login(RITA)
    client.get(f"/reviews/{setup.assignment}")
    with app.app_context():
        assert levels_of(setup.assignment) == {setup.criteria[0]: 4, setup.criteria[2]: 1}
        assert db.session.execute(select(Review.overall_comment)).scalar_one() == "Kept too."
