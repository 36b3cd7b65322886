"""From each role's home the main action is one click away, at 1280×800; no home scrolls sideways on a phone.
Screenshots of each home at both sizes are left in test-results/homes/ (ignored by git)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from lie_review.auth.operations import create_invitation
from lie_review.case_studies.models import CaseStudy
from lie_review.extensions import db

from ..factories import make_assignment, make_call, make_case_study, make_user
from ..reviews.builders import submit_directly

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "homes"
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}


@pytest.fixture
def world(live_app):
    """An open call with a draft; a closed call under review with Rita's assignments; an editor and an admin."""
    with live_app.app_context():
        amy = make_user("applicant", email="amy@example.org", economy_code="PHL")
        open_call = make_call(title="Second Local Innovation Ecosystem call")
        make_case_study(open_call, amy, title="Hill tea goes online")
        review_call = make_call(title="First Local Innovation Ecosystem call", opens_in_days=-40,
                                closes_in_days=-2, review_ends_in_days=14)
        rita = make_user("reviewer", email="rita@example.org", economy_code="CT")
        done = make_case_study(review_call, amy, status="submitted", title="Rice terraces return", economy_code="PHL")
        waiting = make_case_study(review_call, amy, status="submitted", title="Mangrove honey", economy_code="PHL")
        submit_directly(make_assignment(done, rita).id, [], [])
        make_assignment(waiting, rita)
        admin = make_user("admin", email="admin@example.org")
        make_user("editor", email="editor@example.org")
        create_invitation(email="nadia@example.org", name="Nadia New", role="reviewer", economy_id=None,
                          invited_by=admin)
        db.session.commit()
        return {"review_call": review_call.id}


def drafts(live_app) -> int:
    with live_app.app_context():
        return db.session.execute(select(func.count(CaseStudy.id)).where(CaseStudy.status == "draft")).scalar_one()


def check_home(page, role: str, axe) -> None:
    """The home has no axe violation and fits a phone without scrolling sideways; screenshots at both sizes."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe(page)
    page.screenshot(path=str(SCREENSHOTS / f"{role}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{role}'s home pans sideways"
    axe(page)
    page.screenshot(path=str(SCREENSHOTS / f"{role}-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_applicant_home_start_makes_a_new_draft_in_one_click(page, live_app, world, log_in, axe):
    page.set_viewport_size(DESKTOP)
    log_in(page, "amy@example.org")
    check_home(page, "applicant", axe)
    home = page.get_by_role("region", name="Your case studies")
    expect(home.get_by_role("link", name="Hill tea goes online")).to_be_visible()
    before = drafts(live_app)
    start = re.compile(r"^Start a case study\W+Second Local Innovation Ecosystem call$")
    home.get_by_role("button", name=start).click()
    expect(page).to_have_url(re.compile(r"/case-studies/\d+/edit$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New case study")
    axe(page)
    assert drafts(live_app) == before + 1


def test_reviewer_home_opens_the_next_scoring_page_in_one_click(page, live_app, world, log_in, axe):
    page.set_viewport_size(DESKTOP)
    log_in(page, "rita@example.org")
    check_home(page, "reviewer", axe)
    home = page.get_by_role("region", name="Your reviews")
    expect(home.get_by_role("cell", name="1 / 2")).to_be_visible()
    home.get_by_role("link", name="Score “Mangrove honey”").click()
    expect(page).to_have_url(re.compile(r"/reviews/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mangrove honey")
    axe(page)


def test_editor_home_opens_a_calls_dashboard_and_its_report_queue_in_one_click(page, live_server, world, log_in,
                                                                                axe):
    page.set_viewport_size(DESKTOP)
    log_in(page, "editor@example.org")
    check_home(page, "editor", axe)
    call = world["review_call"]
    home = page.get_by_role("region", name="Calls")
    home.get_by_role("link", name="Dashboard — First Local Innovation Ecosystem call").click()
    expect(page).to_have_url(re.compile(rf"/editor/calls/{call}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("First Local Innovation Ecosystem call")
    axe(page)
    page.goto(live_server + "/home")
    page.get_by_role("region", name="Calls").get_by_role(
        "link", name="Report queue — First Local Innovation Ecosystem call").click()
    expect(page).to_have_url(re.compile(rf"/editor/calls/{call}/report-queue$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Report queue")
    axe(page)


def test_admin_home_shows_open_invitations_and_links_the_full_pages(page, world, log_in, axe):
    page.set_viewport_size(DESKTOP)
    log_in(page, "admin@example.org")
    check_home(page, "admin", axe)
    home = page.get_by_role("region", name="People and events")
    expect(home.get_by_text("Nadia New")).to_be_visible()
    home.get_by_role("link", name="1 invitation not accepted yet").click()
    expect(page).to_have_url(re.compile(r"/admin/people\?status=invited$"))
    expect(page.get_by_text("Nadia New").first).to_be_visible()
    axe(page)
