"""An admin with a browser: invites people from a CSV file, one joins, the admin deactivates them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lie_review.extensions import db

from ..factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

CSV = (
    "email,name,role,economy,organisation\r\n"
    "maria@example.org,Maria Santos,reviewer,PHL,Department of Trade and Industry\r\n"
    "elena@example.org,Elena Editor,editor,Chinese Taipei,Editorial team\r\n"
    "not-an-email,Broken Row,reviewer,THA,Somewhere\r\n"
    "sam@example.org,Sam Admin,admin,,APEC Secretariat\r\n"
    "ivan@example.org,Ivan Petrov,reviewer,Atlantis,Regional Agency\r\n"
)


@pytest.fixture
def jobs_url(tmp_path):
    """The live server and its worker share a queue file."""
    return f"sqlite:///{tmp_path / 'jobs.sqlite3'}"


def test_admin_invites_from_csv_and_deactivates_an_invitee(page, browser, live_server, live_app, live_job_workers,
                                                           axe, log_in):
    live_app.config["BASE_URL"] = live_server  # so the link in the outbox opens this server
    live_job_workers()  # the invitations are sent by a worker, which writes their links from BASE_URL
    with live_app.app_context():
        make_user("admin", email="admin@example.org", name="Ada Admin", economy_code=None)
        make_user("reviewer", email="chen@example.org", name="Chen Wei-Lin", economy_code="CT")
        db.session.commit()
    log_in(page, "admin@example.org")

    page.goto(live_server + "/admin/people")
    axe(page)
    page.get_by_label("Search").fill("chen")
    expect(page).to_have_url(re.compile(r"/admin/people\?q=chen"))  # the filter is in the URL
    expect(page.locator("#people-results")).to_contain_text("Chen Wei-Lin")
    expect(page.locator("#people-results")).not_to_contain_text("Ada Admin")

    page.get_by_role("link", name="Invite people from a CSV file").click()
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": ("\ufeff" + CSV).encode("utf-8")}])
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the invitations before sending")).to_be_visible()
    expect(page.get_by_text("3 people will be invited")).to_be_visible()
    expect(page.get_by_text("“not-an-email” is not an email address.")).to_be_visible()
    expect(page.get_by_text("Unknown economy “Atlantis”")).to_be_visible()
    axe(page)

    page.get_by_role("button", name="Send 3 invitations").click()
    expect(page.get_by_role("heading", name="Invitations from people.csv")).to_be_visible()
    expect(page.get_by_text("3 invitations sent.")).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="People with an invitation pending").click()
    expect(page.locator("#people-results")).to_contain_text("Elena Editor")

    page.goto(live_server + "/admin/outbox?to=elena")
    body = page.locator("article", has_text="elena@example.org").locator("pre").inner_text()
    link = re.search(r"(http://\S+/invitations/\S+)", body).group(1)

    invitee = browser.new_context().new_page()
    invitee.goto(link)
    expect(invitee.get_by_label("Name")).to_have_value("Elena Editor")
    invitee.get_by_label("Password", exact=True).fill(PASSWORD)
    invitee.get_by_label("Repeat the password").fill(PASSWORD)
    invitee.get_by_role("button", name="Create my account").click()
    expect(invitee).to_have_url(re.compile(r"/home$"))
    expect(invitee.get_by_text("Your roles: Editor")).to_be_visible()
    expect(invitee.get_by_role("link", name="Calls and dashboards").first).to_be_visible()

    page.goto(live_server + "/admin/people?q=elena")
    page.get_by_role("link", name="Elena Editor").click()
    expect(page.get_by_role("heading", name="Elena Editor", level=1)).to_be_visible()
    axe(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Deactivate the account").click()
    expect(page.get_by_text("Elena Editor is deactivated")).to_be_visible()

    invitee.reload()
    expect(invitee).to_have_url(re.compile(r"/login\?next=/home$"))
    expect(invitee.get_by_text("Please log in to continue.")).to_be_visible()

    page.goto(live_server + "/audit")
    expect(page.get_by_role("cell", name="user.deactivated")).to_be_visible()
    expect(page.get_by_role("cell", name="invitation.accepted")).to_be_visible()
    axe(page)
    page.get_by_label("Action").fill("invitation.created")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"action=invitation.created"))
    expect(page.locator("#audit-events")).to_contain_text("3 events")
    invitee.context.close()


def test_admin_pages_without_javascript_filter_through_the_url(browser, live_server, live_app, log_in):
    with live_app.app_context():
        make_user("admin", email="admin@example.org", name="Ada Admin", economy_code=None)
        make_user("reviewer", email="chen@example.org", name="Chen Wei-Lin", economy_code="CT")
        db.session.commit()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, "admin@example.org")
    page.goto(live_server + "/admin/people")
    page.get_by_label("Role").select_option("reviewer")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"role=reviewer"))
    expect(page.locator("#people-results")).to_contain_text("Chen Wei-Lin")
    expect(page.locator("#people-results")).not_to_contain_text("Ada Admin")
    context.close()
