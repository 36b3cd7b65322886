"""Registering, confirming, logging in and out, and what a session cookie is worth afterwards."""

from __future__ import annotations

from sqlalchemy import select

from lie_review.auth.models import User, UserSession
from lie_review.extensions import db

from ..factories import PASSWORD, economy, make_user
from ..helpers import link_in, outbox


def register(client, **overrides):
    with client.application.app_context():
        tha = economy("THA").id
    data = {"name": "Lamai Srisuk", "email": "lamai@example.org", "password": PASSWORD,
            "confirm": PASSWORD, "organisation": "Doi Tea Cooperative",
            "economy": str(tha)}
    data.update(overrides)
    return client.post("/register", data=data)


def test_register_confirm_and_login_reaches_applicant_home(client, app):
    response = register(client)
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == "lamai@example.org")).scalar_one()
        assert user.roles == {"applicant"}
        assert user.economy.code == "THA"
        assert user.password_hash != PASSWORD
        [message] = outbox("lamai@example.org")
    assert client.post("/login", data={"email": "lamai@example.org", "password": PASSWORD}).status_code == 403

    assert client.get(link_in(message)).status_code == 303
    response = client.post("/login", data={"email": "Lamai@Example.org ", "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/home"
    home = client.get("/home").get_data(as_text=True)
    assert "Welcome, Lamai Srisuk" in home
    assert "applicant" in home


def test_register_with_malformed_email_shows_error_at_field(client):
    response = register(client, email="not-an-email")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="email-error"' in page
    assert 'aria-describedby="email-error"' in page


def test_register_with_mismatched_passwords_says_so(client):
    response = register(client, confirm="something else entirely")
    assert response.status_code == 422
    assert "The passwords do not match." in response.get_data(as_text=True)


def test_register_with_existing_email_does_not_reveal_the_account(client, app):
    with app.app_context():
        make_user("applicant", email="lamai@example.org", locale="en")  # mail in English
        db.session.commit()
    response = register(client)
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    with app.app_context():
        assert [m.subject for m in outbox("lamai@example.org")] == ["You already have a lie_review account"]
        assert db.session.execute(select(User).where(User.email == "lamai@example.org")).scalars().all()[0].name != "Lamai Srisuk"


def test_login_failure_is_the_same_for_unknown_email_and_wrong_password(client, app):
    with app.app_context():
        make_user("applicant", email="known@example.org")
        db.session.commit()
    wrong = client.post("/login", data={"email": "known@example.org", "password": "wrong password!"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "wrong password!"})
    assert wrong.status_code == unknown.status_code == 401
    message = "The email or password is not right."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_deactivated_account_cannot_log_in(client, app):
    with app.app_context():
        make_user("applicant", email="gone@example.org", active=False)
        db.session.commit()
    assert client.post("/login", data={"email": "gone@example.org", "password": PASSWORD}).status_code == 401


def test_session_cookie_copied_before_logout_stops_working(app, auth, client):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    auth.login("ed@example.org")
    cookie = client.get_cookie("session")
    assert client.get("/home").status_code == 200

    assert auth.logout().status_code == 303
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    response = thief.get("/home")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.execute(select(UserSession)).scalars().all() == []


def test_deactivation_ends_an_open_session_at_the_next_request(app, auth, client):
    with app.app_context():
        user = make_user("reviewer", email="rev@example.org")
        db.session.commit()
        user_id = user.id
    auth.login("rev@example.org")
    assert client.get("/home").status_code == 200
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    assert client.get("/home").status_code == 302


def test_logout_needs_a_post(client):
    assert client.get("/logout").status_code == 405
