"""The editor previews, edits and sends a case study's feedback from its reviews; its applicant reads it in
the browser, and nothing there or in their email names a reviewer or quotes an editors-only comment."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lie_review.extensions import db

from ..editorial.feedback_world import SECRETS, build_world
from ..factories import make_user
from ..helpers import outbox

pytestmark = pytest.mark.browser


def test_the_applicant_reads_the_per_criterion_feedback_and_never_who_wrote_it(page, browser, live_server, live_app,
                                                                             axe, log_in):
    with live_app.app_context():
        make_user("editor", email="ed@example.org")
        world = build_world()
        db.session.commit()
    log_in(page, "ed@example.org")
    page.goto(live_server + f"/editor/calls/{world.call}/release")
    axe(page)
    page.get_by_role("link", name="Preview and edit").first.click()
    expect(page.get_by_role("heading", name="Feedback for the applicant")).to_be_visible()
    axe(page)
    first = page.get_by_role("group", name="Item 1 of", exact=False).get_by_role("textbox")
    expect(first).to_have_value(world.labels[0])  # the first criterion's heading
    first.fill("How you met the local challenge")
    page.get_by_role("button", name="Save the feedback").click()
    expect(page.get_by_text("Saved by an editor")).to_be_visible()
    page.goto(live_server + f"/editor/calls/{world.call}/release")
    page.on("dialog", lambda dialog: dialog.accept())  # "Email the applicants now?"
    page.get_by_role("button", name="Release 1 decision and email the applicant").click()
    expect(page.get_by_text("1 decision released; its applicant was emailed once.")).to_be_visible()

    applicant = browser.new_context().new_page()
    log_in(applicant, world.applicant)
    applicant.goto(live_server + f"/case-studies/{world.case_study}")
    feedback = applicant.locator(".feedback-items")
    expect(feedback).to_contain_text("How you met the local challenge")
    expect(feedback).to_contain_text("Level 4 of 5")
    expect(feedback).to_contain_text("Mean level: 3.0 on the scale from 1 to 5")
    for text in world.shared:
        expect(feedback).to_contain_text(text)
    axe(applicant)
    body = applicant.locator("main").inner_text()
    assert "EDITORS-ONLY" not in body and not [secret for secret in SECRETS[:4] if secret in body]
    with live_app.app_context():
        mails = [m.body for m in outbox(world.applicant)]
    assert mails and "How you met the local challenge" in mails[-1] and world.shared[0] in mails[-1]
    assert not [secret for secret in SECRETS if secret in "\n".join(mails)]
