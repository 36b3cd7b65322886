"""Editors read the charts in the browser, with JavaScript and without: images with names, their numbers a
click away, and nothing axe objects to."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from lie_review.auth.models import User
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.demo import DEMO_CALL_TITLE, seed
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Review

from ..factories import PASSWORD

pytestmark = pytest.mark.browser


def seeded(live_app) -> tuple[int, int]:
    """The demo, every account with the tests' password; the demo call and a case study with reviews."""
    with live_app.app_context():
        seed()
        for user in db.session.execute(select(User)).scalars():
            user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        db.session.commit()
        call_id = db.session.execute(select(Call.id).where(Call.title == DEMO_CALL_TITLE)).scalar_one()
        reviewed = db.session.execute(select(CaseStudy.id).join(Assignment).join(Review)
                                      .where(CaseStudy.call_id == call_id, Review.submitted_at.is_not(None))
                                      .limit(1)).scalar_one()
    return call_id, reviewed


@pytest.mark.parametrize("javascript", [True, False])
def test_the_dashboard_and_case_study_charts_show_and_open_their_numbers(browser, live_server, live_app, axe,
                                                                        log_in, javascript):
    call_id, reviewed = seeded(live_app)
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, "editor@example.org")
    page.goto(live_server + f"/editor/calls/{call_id}")
    means = page.get_by_role("img", name="Reviewers’ mean totals beside their panel’s")
    expect(means).to_be_visible()
    expect(page.get_by_role("img", name="Reviews done of those assigned, per panel")).to_be_visible()
    numbers = page.locator("table.panels")
    expect(numbers).to_be_hidden()
    page.get_by_text("The numbers of these charts").click()
    expect(numbers).to_be_visible()
    if javascript:
        axe(page)
    page.goto(live_server + f"/editor/case-studies/{reviewed}")
    expect(page.get_by_role("img", name="Each review’s level on each criterion")).to_be_visible()
    page.get_by_text("The numbers of this chart").click()
    expect(page.locator(".chart-numbers table")).to_be_visible()
    if javascript:
        axe(page)
    context.close()
