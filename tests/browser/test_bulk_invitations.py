"""An admin invites 5,000 people from a CSV file: checked in the request, sent by a worker, followed on its bar."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lie_review.extensions import db
from lie_review.mail import OutboxMessage

from ..factories import make_user

pytestmark = pytest.mark.browser

ROWS = 5000


@pytest.fixture
def jobs_url(tmp_path):
    """The live server and its worker share a queue file."""
    return f"sqlite:///{tmp_path / 'jobs.sqlite3'}"


def roster(rows: int) -> bytes:
    lines = ["email,name,role,economy,organisation"] + [
        f"person{i}@example.org,Person {i},reviewer,{('THA', 'PHL', 'CT', 'RUS')[i % 4]},Agency {i % 7}"
        for i in range(rows)]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def test_admin_sends_5000_invitations_and_watches_them_go(page, live_server, live_app, live_job_workers, axe,
                                                          log_in):
    live_app.config["BASE_URL"] = live_server
    with live_app.app_context():
        make_user("admin", email="admin@example.org", name="Ada Admin", economy_code=None)
        db.session.commit()
    live_job_workers()
    log_in(page, "admin@example.org")

    page.goto(live_server + "/admin/people")
    page.get_by_role("link", name="Invite people from a CSV file").click()
    expect(page.get_by_text("At most 20,000 people per file.")).to_be_visible()
    axe(page)
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "reviewers.csv", "mimeType": "text/csv", "buffer": roster(ROWS)}])
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", name="Check the invitations before sending")).to_be_visible()
    expect(page.get_by_text("5,000 people will be invited")).to_be_visible()
    expect(page.get_by_text("… and 4,980 more.")).to_be_visible()
    expect(page.locator("table.preview tbody tr")).to_have_count(20)  # the first rows, not all 5,000
    axe(page)

    page.get_by_role("button", name="Send 5,000 invitations").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    expect(page.get_by_role("heading", name="Invitations from reviewers.csv")).to_be_visible()
    bar = page.locator("#job-progress-bar")
    expect(bar).to_have_attribute("max", str(ROWS))
    axe(page)

    seen = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        value = bar.get_attribute("value")
        if value is not None and (not seen or int(value) != seen[-1]):
            seen.append(int(value))
        if seen and seen[-1] == ROWS:
            break
        page.wait_for_timeout(200)
    assert seen and seen[-1] == ROWS, seen
    assert seen == sorted(seen) and any(0 < value < ROWS for value in seen), seen  # it moved, and only forward
    expect(page.locator(".job-state")).to_have_text("Done.")
    expect(page.get_by_text("5,000 of 5,000")).to_be_visible()
    expect(page.get_by_text("5,000 invitations sent.")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="People with an invitation pending").click()
    expect(page.locator("#people-results")).to_contain_text("Person 0")
    page.goto(live_server + "/admin/outbox?to=person4997%40example.org")  # of the Philippines: in English
    expect(page.locator("article", has_text="person4997@example.org")).to_contain_text("You are invited to lie_review")
    axe(page)
    with live_app.app_context():
        messages = db.session.execute(select(OutboxMessage.recipient, OutboxMessage.body)).all()
    assert len(messages) == ROWS and {to for to, _body in messages} == {f"person{i}@example.org" for i in range(ROWS)}
    assert all(f"{live_server}/invitations/" in body for _to, body in messages)  # each an invitation's link
