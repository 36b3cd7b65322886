"""Invitations one at a time: refused for members and invited addresses, resent, revoked, listed.

Many at once, from a CSV file, are tests/admin/test_bulk_invitations.py."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from lie_review.auth.models import Invitation
from lie_review.auth.operations import create_invitation
from lie_review.clock import utcnow
from lie_review.extensions import db

from ..factories import PASSWORD, economy, make_user
from ..helpers import link_in, outbox


def invitations() -> list[Invitation]:
    return list(db.session.execute(select(Invitation).order_by(Invitation.id)).scalars())


def test_invite_one_person_refuses_a_member_or_an_invited_address(app, client, admin):
    with app.app_context():
        make_user("applicant", email="member@example.org")
        create_invitation(email="invited@example.org", name="I", role="editor", economy_id=None)
        db.session.commit()
    for email, message in (("Member@example.org", "already has an account"),
                           ("invited@example.org", "already been invited")):
        response = client.post("/admin/invitations/new", data={"email": email, "name": "X", "role": "editor",
                                                               "economy": "", "organisation": ""})
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    with app.app_context():
        assert len(invitations()) == 1


def test_invite_a_reviewer_needs_an_economy(app, client, admin):
    response = client.post("/admin/invitations/new", data={"email": "r@example.org", "name": "R",
                                                           "role": "reviewer", "economy": "", "organisation": ""})
    assert response.status_code == 422
    assert 'id="economy-error"' in response.get_data(as_text=True)


def test_resend_gives_a_new_link_and_expiry_and_the_old_link_stops_working(app, client, auth, admin):
    with app.app_context():
        phl = economy("PHL").id
        db.session.commit()
    client.post("/admin/invitations/new", data={"email": "maria@example.org", "name": "Maria", "role": "reviewer",
                                                "economy": str(phl), "organisation": ""})
    with app.app_context():
        [invitation] = invitations()
        old_path, first_expiry = link_in(outbox("maria@example.org")[0]), invitation.expires_at
    with time_machine.travel(utcnow() + timedelta(days=20)):
        assert client.get(old_path).status_code == 410  # expired
        auth.login("admin@example.org")  # the admin's own session has ended in the meantime
        response = client.post(f"/admin/invitations/{invitation.id}/resend",
                               data={"next": "/admin/people?status=invited"})
        assert response.status_code == 303
        assert response.headers["Location"] == "/admin/people?status=invited"
        with app.app_context():
            [invitation] = invitations()
            assert invitation.expires_at > first_expiry + timedelta(days=19)
            assert invitation.send_count == 2
            new_path = link_in(outbox("maria@example.org")[1])
        assert new_path != old_path
        assert client.get(old_path).status_code == 404
        assert client.get(new_path).status_code == 200


def test_resend_never_redirects_off_the_site(app, client, admin):
    with app.app_context():
        invitation, _ = create_invitation(email="a@example.org", name="A", role="editor", economy_id=None)
        db.session.commit()
        invitation_id = invitation.id
    response = client.post(f"/admin/invitations/{invitation_id}/resend", data={"next": "//evil.example/"})
    assert response.headers["Location"] == "/admin/people?status=invited"


def test_revoked_invitation_link_gets_a_clear_page(app, client, admin):
    with app.app_context():
        invitation, token = create_invitation(email="a@example.org", name="A", role="editor", economy_id=None)
        db.session.commit()
        invitation_id = invitation.id
    assert client.post(f"/admin/invitations/{invitation_id}/revoke").status_code == 303
    page = client.get(f"/invitations/{token}")
    assert page.status_code == 410
    assert "This invitation was withdrawn" in page.get_data(as_text=True)
    again = client.post(f"/admin/invitations/{invitation_id}/resend")
    assert again.status_code == 409
    assert "was revoked" in again.get_data(as_text=True)
    with app.app_context():
        assert invitations()[0].send_count == 0


def test_an_accepted_invitation_can_be_neither_resent_nor_revoked(app, client, admin):
    with app.app_context():
        invitation, token = create_invitation(email="a@example.org", name="A", role="editor", economy_id=None)
        db.session.commit()
        invitation_id = invitation.id
    guest = app.test_client()
    guest.post(f"/invitations/{token}", data={"name": "A", "password": PASSWORD, "confirm": PASSWORD})
    for action in ("resend", "revoke"):
        response = client.post(f"/admin/invitations/{invitation_id}/{action}")
        assert response.status_code == 409
        assert "already accepted" in response.get_data(as_text=True)
    assert client.post("/admin/invitations/999999/revoke").status_code == 404


def test_people_list_shows_open_invitations_with_their_expiry(app, client, auth, admin):
    with app.app_context():
        create_invitation(email="a@example.org", name="Awaiting Person", role="editor", economy_id=None)
        db.session.commit()
    page = client.get("/admin/people?status=invited").get_data(as_text=True)
    assert "Awaiting Person" in page and "Expires" in page and "13 days left" in page
    assert "Resend" in page and "Revoke" in page
    with time_machine.travel(utcnow() + timedelta(days=15)):
        auth.login("admin@example.org")
        expired = client.get("/admin/people?status=invited").get_data(as_text=True)
    assert "Invitation expired" in expired and "Resend" in expired
