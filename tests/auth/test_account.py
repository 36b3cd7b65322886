"""A signed-in person's own details: name, time zone and password."""

from __future__ import annotations

from sqlalchemy import select

from lie_review.auth.models import User
from lie_review.extensions import db

from ..factories import PASSWORD, make_call, make_case_study, make_user
from ..helpers import page_form

NEW_PASSWORD = "another long passphrase"


def sign_in(app, auth, **kwargs):
    with app.app_context():
        make_user("applicant", email="amy@example.org", **kwargs)
        db.session.commit()
    assert auth.login("amy@example.org").status_code == 303


def account_form(client, **changes):
    """The account page's details form as a browser posts it, with `changes` made."""
    fields = page_form(client, "/account")
    for name, value in changes.items():
        fields[name] = value
    return fields


def test_time_zone_choice_changes_how_deadlines_are_shown(app, client, auth):
    sign_in(app, auth)
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        make_case_study(make_call(timezone="Asia/Taipei"), user)
        db.session.commit()
    assert "(Asia/Taipei)" in client.get("/case-studies/").get_data(as_text=True)
    response = client.post("/account", data=account_form(client, name="Amy Tan", timezone="Europe/Moscow"))
    assert response.status_code == 303
    page = client.get("/case-studies/").get_data(as_text=True)
    assert "(Europe/Moscow)" in page and "(Asia/Taipei)" not in page
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        assert (user.name, user.timezone) == ("Amy Tan", "Europe/Moscow")


def test_unknown_time_zone_is_refused_at_the_field(app, client, auth):
    sign_in(app, auth)
    response = client.post("/account", data=account_form(client, name="Amy", timezone="Mars/Olympus_Mons"))
    assert response.status_code == 422
    assert 'id="timezone-error"' in response.get_data(as_text=True)


def test_password_change_needs_the_current_password(app, client, auth):
    sign_in(app, auth)
    response = client.post("/account/password", data={"current_password": "wrong guess!",
                                                      "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 422
    assert "That is not your current password." in response.get_data(as_text=True)
    auth.logout()
    assert auth.login("amy@example.org", PASSWORD).status_code == 303


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, auth):
    sign_in(app, auth)
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert other.get("/home").status_code == 200
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                      "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert client.get("/home").status_code == 200
    assert other.get("/home").status_code == 302
    auth.logout()
    assert auth.login("amy@example.org", NEW_PASSWORD).status_code == 303


def test_account_page_needs_a_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/account")
