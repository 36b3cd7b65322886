"""Every admin URL, walked from the URL map: 403 for every other role, the login page for nobody."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lie_review.admin.models import InvitationBatch
from lie_review.auth.models import Invitation, User
from lie_review.auth.operations import create_invitation
from lie_review.extensions import db
from lie_review.mail import FAILED, OutboxMessage

from ..factories import make_user


def admin_urls(app) -> list[tuple[str, str]]:
    """(method, URL) for every rule of the admin blueprint, with ids of rows that exist."""
    with app.app_context():
        user_id = db.session.execute(select(User.id)).scalars().first()
        invitation_id = db.session.execute(select(Invitation.id)).scalars().first()
        message_id = db.session.execute(select(OutboxMessage.id)).scalars().first()
        batch_id = db.session.execute(select(InvitationBatch.id)).scalars().first()
    values = {"user_id": user_id, "invitation_id": invitation_id, "message_id": message_id, "batch_id": batch_id}
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if rule.endpoint.split(".")[0] != "admin":
                continue
            url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
            urls += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return urls


@pytest.fixture
def people(app):
    with app.app_context():
        for role in ("applicant", "reviewer", "editor"):
            make_user(role, email=f"{role}@example.org")
        create_invitation(email="guest@example.org", name="Guest", role="editor", economy_id=None)
        admin = db.session.execute(select(User).where(User.email == "admin@example.org")).scalar_one_or_none()
        admin = admin or make_user("admin", email="admin@example.org")
        db.session.add(InvitationBatch(created_by_id=admin.id, filename="people.csv",
                                       counts={"new": 1, "member": 0, "invited": 0, "error": 0}))
        db.session.add(OutboxMessage(recipient="guest@example.org", subject="Hello", body="Hello", state=FAILED,
                                     attempts=10))
        db.session.commit()


def test_the_walk_covers_the_admin_pages(app, people):
    urls = admin_urls(app)
    assert len(urls) >= 12
    assert ("GET", "/admin/people") in urls and ("POST", "/admin/invitations/batches/1/send") in urls


@pytest.mark.parametrize("role", ["applicant", "reviewer", "editor"])
def test_non_admins_get_403_on_every_admin_url(app, client, auth, people, role):
    auth.login(f"{role}@example.org")
    for method, url in admin_urls(app):
        response = client.open(url, method=method, data={})
        assert response.status_code == 403, (role, method, url)
    with app.app_context():
        invitation = db.session.execute(select(Invitation)).scalar_one()
        assert (invitation.revoked_at, invitation.send_count) == (None, 0)
        assert all(u.active for u in db.session.execute(select(User)).scalars())
        assert db.session.execute(select(OutboxMessage.state)).scalar_one() == FAILED
        assert db.session.execute(select(InvitationBatch.job_id)).scalar_one() is None


def test_signed_out_visitors_are_sent_to_log_in_from_every_admin_url(app, client, people):
    for method, url in admin_urls(app):
        response = client.open(url, method=method, data={})
        assert response.status_code in (302, 303), (method, url)
        assert response.headers["Location"].startswith("/login"), (method, url)


def test_admin_reaches_every_admin_page(app, client, admin, people):
    for method, url in admin_urls(app):
        if method == "GET":
            assert client.get(url).status_code == 200, url
