"""A person with a browser: the public pages, registering, logging in; axe on each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lie_review.extensions import db

from ..factories import PASSWORD, make_user
from ..helpers import link_in, outbox

pytestmark = pytest.mark.browser


def test_public_pages_have_no_accessibility_violations(page, live_server, axe):
    for path in ("/", "/login", "/register", "/forgot-password"):
        page.goto(live_server + path)
        axe(page)


def test_login_errors_are_announced_at_the_field_without_violations(page, live_server, axe):
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#password-error")).to_have_text("The email or password is not right.")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")
    axe(page)


def test_applicant_registers_confirms_and_reaches_home(page, live_server, live_app, axe):
    page.goto(live_server + "/register")
    page.get_by_label("Name").fill("Lamai <b>Srisuk</b>")
    page.get_by_label("Email").fill("lamai@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_label("Organisation").fill("Doi Tea Cooperative")
    page.get_by_label("Economy").select_option(label="Thailand")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    with live_app.app_context():
        path = link_in(outbox("lamai@example.org")[0])
    page.goto(live_server + path)
    expect(page.get_by_text("Your email address is confirmed")).to_be_visible()
    page.get_by_label("Email").fill("lamai@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/home$"))
    # The name is shown as text, never interpreted as markup.
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Lamai <b>Srisuk</b>")
    axe(page)


def test_each_role_sees_its_own_home(page, live_server, live_app, axe):
    with live_app.app_context():
        make_user("admin", email="admin@example.org")
        make_user("editor", email="editor@example.org")
        db.session.commit()
    for email, heading, section in (("admin@example.org", "People and invitations", "People and events"),
                                    ("editor@example.org", "Calls and dashboards", "Calls")):
        page.goto(live_server + "/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("link", name=heading).first).to_be_visible()
        expect(page.get_by_role("heading", name=section, level=2)).to_be_visible()
        axe(page)
        page.get_by_role("link", name="Account").click()
        expect(page.get_by_role("heading", name="Your account")).to_be_visible()
        axe(page)
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_text("You have logged out.")).to_be_visible()


def test_the_accessibility_check_itself_finds_a_missing_label(page):
    from ..conftest import axe_violations

    page.set_content("<!doctype html><html lang='en'><title>t</title><main><input type='text'></main></html>")
    assert "label" in {v["id"] for v in axe_violations(page)}


def test_a_page_with_errors_puts_focus_on_their_summary(page, live_server):
    page.goto(live_server + "/register")
    page.get_by_role("button", name="Register").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()


def test_a_list_filtered_in_place_announces_its_new_count(page, live_server, live_app):
    with live_app.app_context():
        make_user("admin", email="admin@example.org", name="Ada Admin")
        make_user("reviewer", email="rita@example.org", name="Rita Reviewer")
        db.session.commit()
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/admin/people")
    page.get_by_label("Search").fill("Rita")
    page.get_by_label("Search").press("Enter")
    expect(page.locator("#announcer")).to_have_text("1 person")
