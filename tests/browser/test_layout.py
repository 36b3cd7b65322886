"""Every role's pages on the demo data, at a laptop's 1280×800 and a phone's 390×844: no page scrolls
sideways, axe finds nothing, and a screenshot of each is kept under artefacts/screenshots/ (which git and
the tests ignore) to be read."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from lie_review.auth.models import User
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.demo import DEMO_CALL_TITLE, seed
from lie_review.editorial.models import Decision
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Review

from ..factories import PASSWORD

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artefacts" / "screenshots"
SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# What sticks out past the window's right edge, to say in a failure what to fix.
PAST_THE_EDGE = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => el.getBoundingClientRect().right > innerWidth + 1 && el.getBoundingClientRect().width > 0)
  .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(el.getBoundingClientRect().right))"""
ACCOUNTS = {"applicant": "applicant@example.org", "reviewer": "reviewer.ct@example.org",
            "editor": "editor@example.org", "admin": "admin@example.org"}


def pages_of(live_app, language: str = "en") -> dict[str, list[tuple[str, str]]]:
    """The demo, every account with the tests' password and the language, and each role's pages as (name,
    path)."""
    with live_app.app_context():
        seed()
        for user in db.session.execute(select(User)).scalars():
            user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
            user.locale = language
        db.session.commit()
        call = db.session.execute(select(Call.id).where(Call.title == DEMO_CALL_TITLE)).scalar_one()
        applicant = db.session.execute(select(User.id).where(User.email == ACCOUNTS["applicant"])).scalar_one()
        own = db.session.execute(select(CaseStudy.id).where(CaseStudy.applicant_id == applicant)
                                 .order_by(CaseStudy.id).limit(1)).scalar_one()
        reviewer = db.session.execute(select(User.id).where(User.email == ACCOUNTS["reviewer"])).scalar_one()
        assignment = db.session.execute(select(Assignment.id).where(Assignment.reviewer_id == reviewer)
                                        .order_by(Assignment.id).limit(1)).scalar_one()
        decided = db.session.execute(select(Decision.case_study_id).join(CaseStudy)
                                     .join(Assignment, Assignment.case_study_id == CaseStudy.id).join(Review)
                                     .where(CaseStudy.call_id == call, Review.submitted_at.is_not(None))
                                     .order_by(CaseStudy.id).limit(1)).scalar_one()
        admin = db.session.execute(select(User.id).where(User.email == ACCOUNTS["admin"])).scalar_one()
    return {
        "applicant": [("home", "/home"), ("case-studies", "/case-studies/"), ("case-study", f"/case-studies/{own}"),
                      ("start", "/case-studies/start"), ("account", "/account")],
        "reviewer": [("home", "/home"), ("reviews", "/reviews/"), ("scoring", f"/reviews/{assignment}"),
                     ("conflict", f"/reviews/{assignment}/conflict")],
        "editor": [("home", "/home"), ("calls", "/editor/calls"), ("dashboard", f"/editor/calls/{call}"),
                   ("assignments", f"/editor/calls/{call}/assignments"),
                   ("case-study", f"/editor/case-studies/{decided}"), ("rubric", f"/editor/calls/{call}/rubric"),
                   ("call-settings", f"/editor/calls/{call}/edit"), ("new-call", "/editor/calls/new"),
                   ("report-queue", f"/editor/calls/{call}/report-queue"),
                   ("release", f"/editor/calls/{call}/release"), ("exports", f"/exports/calls/{call}"),
                   ("report-print", f"/exports/calls/{call}/report-draft.html"), ("fora", "/editor/fora"),
                   ("audit", "/audit")],
        "admin": [("home", "/home"), ("people", "/admin/people"), ("person", f"/admin/people/{admin}"),
                  ("invite", "/admin/invitations/new"), ("upload", "/admin/invitations/upload"),
                  ("outbox", "/admin/outbox"), ("audit", "/audit")],
    }


def too_wide(browser, live_server, axe, log_in, email: str, pages, size: str, shots: str) -> dict:
    """Each page as the account sees it at the size: axe checked, a screenshot kept; what scrolls sideways."""
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, email)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = {}
    for name, path in pages:
        response = page.goto(live_server + path)
        assert response.status == 200, path
        page.screenshot(path=str(SCREENSHOTS / f"{shots}-{name}-{size}.png"), full_page=True)
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if scroll_width > inner_width:
            wide[path] = (scroll_width, page.evaluate(PAST_THE_EDGE))
        axe(page)
    context.close()
    return wide


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ACCOUNTS)
def test_no_page_of_a_role_scrolls_sideways(browser, live_server, live_app, axe, log_in, role, size):
    pages = pages_of(live_app)[role]
    wide = too_wide(browser, live_server, axe, log_in, ACCOUNTS[role], pages, size, role)
    assert wide == {}, f"wider than the {SIZES[size]['width']} px window"


# Each role's main pages in the other languages, whose words run longer (Russian) or wrap differently.
MAIN_PAGES = {"applicant": {"home", "case-studies"}, "reviewer": {"home", "scoring"},
              "editor": {"home", "dashboard", "case-study", "report-queue"}, "admin": {"home", "people", "audit"}}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["zh_Hant", "ru", "th"])
def test_the_main_pages_fit_in_every_language(browser, live_server, live_app, axe, log_in, language, size):
    pages = pages_of(live_app, language)
    wide = {}
    for role, email in ACCOUNTS.items():
        chosen = [(name, path) for name, path in pages[role] if name in MAIN_PAGES[role]]
        wide.update(too_wide(browser, live_server, axe, log_in, email, chosen, size, f"{language}-{role}"))
    assert wide == {}, f"wider than the {SIZES[size]['width']} px window"
