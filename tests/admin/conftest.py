"""An admin, signed in, for the admin tests."""

from __future__ import annotations

import pytest

from lie_review.extensions import db

from ..factories import make_user


@pytest.fixture
def admin(app, auth):
    """Sign in as an admin (admin@example.org) and return their id."""
    with app.app_context():
        user = make_user("admin", email="admin@example.org", name="Ada Admin", economy_code=None)
        db.session.commit()
        admin_id = user.id
    assert auth.login("admin@example.org").status_code == 303
    return admin_id
