"""Password reset and invitation links: they expire, work once, and are built from BASE_URL."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from lie_review.auth.models import Invitation, User
from lie_review.clock import utcnow
from lie_review.extensions import db

from ..factories import PASSWORD, economy, make_user
from ..helpers import link_in, outbox, without_tokens

NEW_PASSWORD = "a brand new passphrase"


def request_reset(client, email):
    return client.post("/forgot-password", data={"email": email})


def test_reset_link_changes_password_once(app, client, auth):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        db.session.commit()
    assert request_reset(client, "amy@example.org").status_code == 200
    with app.app_context():
        [message] = outbox("amy@example.org")
    path = link_in(message)
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert auth.login("amy@example.org", PASSWORD).status_code == 401
    assert auth.login("amy@example.org", NEW_PASSWORD).status_code == 303

    again = client.post(path, data={"password": "yet another passphrase", "confirm": "yet another passphrase"})
    assert again.status_code == 404
    assert "already been used" in again.get_data(as_text=True)


def test_reset_link_expires(app, client):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        db.session.commit()
    request_reset(client, "amy@example.org")
    with app.app_context():
        path = link_in(outbox("amy@example.org")[0])
    with time_machine.travel(utcnow() + timedelta(hours=3)):
        response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 404


def test_reset_request_for_unknown_email_looks_the_same(app, client):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        db.session.commit()
    known = without_tokens(request_reset(client, "amy@example.org").get_data(as_text=True))
    unknown = without_tokens(request_reset(client, "nobody@example.org").get_data(as_text=True))
    assert known.replace("amy@example.org", "X") == unknown.replace("nobody@example.org", "X")
    with app.app_context():
        assert outbox("nobody@example.org") == []


def test_password_reset_ends_other_sessions(app, client, auth):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        db.session.commit()
    auth.login("amy@example.org")
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert request_reset(app.test_client(), "amy@example.org").status_code == 200
    with app.app_context():
        path = link_in(outbox("amy@example.org")[0])
    app.test_client().post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert other.get("/home").status_code == 302


def test_reset_link_uses_base_url_not_the_request_host(app, client):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        db.session.commit()
    response = client.post("/forgot-password", data={"email": "amy@example.org"},
                           base_url="http://evil.example")
    assert response.status_code == 200
    with app.app_context():
        body = outbox("amy@example.org")[0].body
    assert "evil.example" not in body
    assert "http://lie-review.test/reset-password/" in body


def invite(app, client, auth, **overrides):
    with app.app_context():
        make_user("admin", email="admin@example.org")
        phl = economy("PHL").id
        db.session.commit()
    auth.login("admin@example.org")
    data = {"email": "maria@example.org", "name": "Maria Santos", "role": "reviewer",
            "economy": str(phl), "organisation": "DTI"}
    data.update(overrides)
    response = client.post("/admin/invitations/new", data=data)
    auth.logout()
    return response


def test_invitation_sets_password_role_and_economy_and_works_once(app, client, auth):
    assert invite(app, client, auth).status_code == 303
    with app.app_context():
        [message] = outbox("maria@example.org")
    path = link_in(message)
    page = client.get(path)
    assert page.status_code == 200
    assert "reviewer" in page.get_data(as_text=True)

    response = client.post(path, data={"name": "Maria Santos", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 303
    assert "Welcome" in client.get("/home").get_data(as_text=True)
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == "maria@example.org")).scalar_one()
        assert user.roles == {"reviewer"}
        assert user.economy.code == "PHL"

    auth.logout()
    again = client.post(path, data={"name": "Someone", "password": "other password 1", "confirm": "other password 1"})
    assert again.status_code == 410
    assert "already been accepted" in again.get_data(as_text=True)


def test_invitation_expires(app, client, auth):
    invite(app, client, auth)
    with app.app_context():
        path = link_in(outbox("maria@example.org")[0])
    with time_machine.travel(utcnow() + timedelta(days=15)):
        response = client.get(path)
    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)


def test_unknown_invitation_token_gets_a_clear_page(client):
    response = client.get("/invitations/not-a-real-token")
    assert response.status_code == 404
    assert "We do not recognise this invitation link" in response.get_data(as_text=True)


def test_invitation_with_malformed_email_is_refused_at_the_field(app, client, auth):
    response = invite(app, client, auth, email="maria at example")
    assert response.status_code == 422
    assert 'id="email-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Invitation)).first() is None
