"""Right after the demo seeding, the demo applicant's Start opens an empty form; a double click opens one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from lie_review.auth.models import User
from lie_review.case_studies.models import CaseStudy
from lie_review.demo import seed
from lie_review.extensions import db

from ..factories import PASSWORD

pytestmark = pytest.mark.browser

APPLICANT = "applicant@example.org"


@pytest.fixture
def seeded(live_app):
    """The demo data as `flask seed-demo` makes it, the demo applicant's password known to the test."""
    with live_app.app_context():
        seed()
        applicant = db.session.execute(select(User).where(User.email == APPLICANT)).scalar_one()
        applicant.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        db.session.commit()


def case_studies_of(live_app, email: str) -> tuple[int, int]:
    """(how many case studies, how many of them drafts) the person has."""
    with live_app.app_context():
        query = select(func.count(CaseStudy.id)).join(User, User.id == CaseStudy.applicant_id).where(
            User.email == email)
        return (db.session.execute(query).scalar_one(),
                db.session.execute(query.where(CaseStudy.status == "draft")).scalar_one())


def open_start_page(page, axe):
    """My case studies: with the demo's one open call, its Start button is there, without a page of calls."""
    page.get_by_role("link", name="My case studies").first.click()
    expect(page.get_by_role("heading", name="My case studies", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Start a case study")).to_have_count(0)
    axe(page)


def test_the_demo_applicant_starts_an_empty_case_study_right_after_seeding(page, live_app, seeded, axe, log_in):
    total, drafts = case_studies_of(live_app, APPLICANT)
    assert drafts >= 1, "the seeding leaves the demo applicant a draft started a moment ago"
    log_in(page, APPLICANT)
    open_start_page(page, axe)
    page.get_by_role("button", name=re.compile("^Start a case study")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New case study")
    for label in ("Title", "Summary", "Local challenge", "Results and impact"):
        expect(page.get_by_label(label, exact=True)).to_have_value("")
    axe(page)
    assert case_studies_of(live_app, APPLICANT) == (total + 1, drafts + 1)


def test_a_double_click_on_start_opens_one_draft(page, live_app, seeded, axe, log_in):
    """Over a slow network both presses reach the server: the first press is held on its way (as a
    slow connection would) until the second is made, then sent just ahead of it."""
    total, drafts = case_studies_of(live_app, APPLICANT)
    log_in(page, APPLICANT)
    open_start_page(page, axe)
    held, first_answers = [], []

    def slow_first_press(route):
        if route.request.method != "POST":
            route.continue_()
        elif not held:
            held.append(route)
        else:
            first_answers.append(held[0].fetch(max_redirects=0))
            route.continue_()

    page.route(re.compile(r"/case-studies/calls/\d+/start$"), slow_first_press)
    box = page.get_by_role("button", name=re.compile("^Start a case study")).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    while not held:  # the first press is on its way (and held there)
        page.wait_for_timeout(10)
    page.mouse.click(x, y)
    expect(page.get_by_role("heading", level=1)).to_have_text("New case study")
    axe(page)
    assert len(first_answers) == 1 and first_answers[0].status == 303
    assert page.url.endswith(first_answers[0].headers["location"]), "both presses opened the same draft"
    page.get_by_role("link", name="My case studies").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)
    assert case_studies_of(live_app, APPLICANT) == (total + 1, drafts + 1)
