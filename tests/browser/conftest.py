"""Fixtures for the browser tests: logging a page in through the real login form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD


@pytest.fixture
def log_in(live_server):
    """Log a page in on the live server, as a person would, and wait for their home page.

    The page is passed each time, so the same helper serves the test's own `page` and pages
    opened in other browser contexts (one without JavaScript, say)."""

    def log_in(page, email: str, password: str = PASSWORD) -> None:
        page.goto(live_server + "/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile(r"/home$"))

    return log_in
