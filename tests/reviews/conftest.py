"""The review tests' common starting point: Rita and Oleg assigned to one submitted case study."""

from __future__ import annotations

import pytest

from lie_review.extensions import db

from .builders import build


@pytest.fixture
def setup(app):
    with app.app_context():
        built = build()
        db.session.commit()
    return built
