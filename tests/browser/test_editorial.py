"""An editor runs a call in the browser: copy, rubric, auto-assign, dashboard, decide, release."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from lie_review.auth.models import User
from lie_review.case_studies.models import Call
from lie_review.clock import utcnow
from lie_review.demo import DEMO_CALL_TITLE, seed
from lie_review.demo_reviews import REVIEWERS
from lie_review.editorial.models import Decision
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Review, Score

from ..editorial.builders import criteria_of, make_reviewer
from ..factories import PASSWORD, make_call, make_case_study, make_user
from ..helpers import outbox

pytestmark = pytest.mark.browser

# What each economy's reviewer gives each case study (the tea case study splits the panel).
SCORES = {
    "Doi Tea Trails": {"CT": [5, 5, 5], "RUS": [1, 1, 1], "THA": [5, 4, 5], "PHL": [1, 2, 1]},
    "Mae Rim Weavers": {"CT": [4, 4, 4], "RUS": [4, 3, 4], "THA": [4, 4, 3], "PHL": [3, 4, 4]},
    "Ural Makers": {"CT": [2, 2, 3], "RUS": [3, 2, 2], "THA": [2, 3, 2], "PHL": [2, 2, 2]},
}


def submit_case_studies(live_app, call_id):
    """Applicants submit to the new call (their form is another page's concern)."""
    with live_app.app_context():
        call = db.session.get(Call, call_id)
        for title, code in (("Doi Tea Trails", "THA"), ("Mae Rim Weavers", "THA"), ("Ural Makers", "RUS")):
            applicant = make_user("applicant", email=f"{title.split()[0].lower()}@example.org",
                                  organisation=f"{title} Cooperative", economy_code=code, locale="en")
            make_case_study(call, applicant, status="submitted", economy_code=code, title=title,
                            organisation_name=f"{title} Cooperative")
        db.session.commit()


def reviewers_score(live_app, call_id):
    """A reviewer from each economy scores and submits (the scoring page is another page's concern)."""
    with live_app.app_context():
        call = db.session.get(Call, call_id)
        criteria = [c for c in criteria_of(call) if c.active]
        for assignment in db.session.execute(select(Assignment)).scalars():
            if assignment.case_study.call_id != call_id:
                continue
            values = SCORES[assignment.case_study.title][assignment.reviewer.economy.code]
            for criterion, value in zip(criteria, values, strict=True):
                db.session.add(Score(assignment_id=assignment.id, criterion_id=criterion.id, value=value))
            db.session.add(Review(assignment_id=assignment.id, overall_comment="Scored.", submitted_at=utcnow()))
        db.session.commit()


def test_editor_runs_a_call_from_copy_to_released_decisions(page, live_app, axe, log_in):
    with live_app.app_context():
        seed()
        for user in db.session.execute(select(User)).scalars():
            user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        db.session.commit()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, "editor@example.org")

    # Copy last year's call, with its rubric and settings.
    page.get_by_role("link", name="Calls and dashboards").first.click()
    axe(page)
    page.get_by_role("link", name=f"Copy — {DEMO_CALL_TITLE}").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value(f"{DEMO_CALL_TITLE} (copy)")
    page.get_by_label("Title", exact=True).fill("Local Innovation Ecosystem Best Practices 2028")
    axe(page)
    page.get_by_role("button", name="Create the copy").click()
    expect(page.get_by_role("heading", name="Rubric", level=1)).to_be_visible()
    call_id = int(re.search(r"/calls/(\d+)/rubric", page.url).group(1))

    # Edit a criterion's weight; the rubric and its preview follow.
    page.get_by_role("link", name="Edit Local challenge addressed").click()
    axe(page)
    page.get_by_label("Weight").fill("2")
    page.get_by_role("button", name="Save the criterion").click()
    expect(page.locator(".criterion").first).to_contain_text("Weight 2 (50% of the total)")
    expect(page.locator(".rubric-preview")).to_contain_text("Sustainability (25% of the total)")
    axe(page)

    # Auto-assign: preview, then apply.
    submit_case_studies(live_app, call_id)
    page.get_by_role("link", name="Assignments").click()
    expect(page.get_by_role("heading", name="This adds 12 assignments")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Apply and email the reviewers").click()
    # Each panel has three demo reviewers: the least-loaded one takes each case study in turn.
    expect(page.get_by_text("12 assignments added. 12 reviewers emailed.")).to_be_visible()
    with live_app.app_context():
        assert sorted(m.recipient for m in outbox()) == sorted(email for email, *_ in REVIEWERS)

    reviewers_score(live_app, call_id)
    page.reload()
    expect(page.locator("#dashboard-rows")).to_contain_text("Doi Tea Trails")
    page.evaluate("window.notReloaded = true")

    # Sort by calibrated score and filter by economy: the rows change in place, the URL follows.
    page.get_by_label("Sort by").select_option("calibrated")
    expect(page).to_have_url(re.compile(r"sort=calibrated"))
    expect(page.locator("th[aria-sort='descending']")).to_have_text("Calibrated")
    expect(page.locator("table.dashboard tbody th").first).to_have_text("Mae Rim Weavers")
    page.get_by_label("Economy", exact=True).select_option(label="Thailand")
    expect(page).to_have_url(re.compile(r"economy=\d+"))
    expect(page.locator("table.dashboard tbody tr")).to_have_count(2)
    assert page.evaluate("window.notReloaded") is True
    filtered_url = page.url
    page.reload()
    expect(page.locator("table.dashboard tbody tr")).to_have_count(2)
    expect(page.get_by_label("Economy", exact=True)).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_label("Sort by")).to_have_value("calibrated")
    assert page.url == filtered_url
    axe(page)
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"economy=\d"))
    expect(page.locator("table.dashboard tbody tr")).to_have_count(3)
    page.go_forward()
    expect(page.locator("table.dashboard tbody tr")).to_have_count(2)

    # Open the flagged case study and accept it.
    flagged = page.locator("table.dashboard tbody tr.flagged")
    expect(flagged).to_have_count(1)
    flagged.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Doi Tea Trails", level=1)).to_be_visible()
    expect(page.get_by_text("reviewers disagree")).to_be_visible()
    axe(page)
    page.get_by_label("Accepted").check()
    page.get_by_label("Rationale").fill("The panel split, but the local evidence is strong.")
    page.get_by_label("Feedback for the applicant").fill("Please send photographs of the trails.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Decision saved: Accepted.")).to_be_visible()
    axe(page)

    # Release: preview the email, then send it.
    page.get_by_role("link", name=re.compile("Back to the dashboard")).click()
    page.get_by_role("link", name="Release decisions").click()
    expect(page.get_by_text("Please send photographs of the trails.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name=re.compile(r"Release 1 decision")).click()
    expect(page.get_by_text("1 decision released; its applicant was emailed once.")).to_be_visible()

    # The applicant is told: the decision and the feedback, released, in one email.
    with live_app.app_context():
        decision = db.session.execute(select(Decision).join(Decision.case_study)
                                      .where(Decision.case_study.has(title="Doi Tea Trails"))).scalar_one()
        assert decision.released_outcome == "accepted" and decision.released_at is not None
        mails = outbox("doi@example.org")
        assert len(mails) == 1
        assert "“Doi Tea Trails”: Accepted." in mails[0].body
        assert "Please send photographs of the trails." in mails[0].body


def test_editor_assigns_and_removes_reviewers_in_place(page, live_server, live_app, axe, log_in):
    with live_app.app_context():
        make_user("editor", email="editor@example.org")
        call = make_call(title="2028")
        applicant = make_user(organisation="Doi Tea Cooperative")
        case_study = make_case_study(call, applicant, status="submitted", title="Doi Tea Trails")
        make_reviewer("CT", name="Chen Wei-Lin")
        make_reviewer("THA", name="Somchai Prasert", organisation="Doi Tea Cooperative")
        db.session.commit()
        case_study_id = case_study.id
    log_in(page, "editor@example.org")
    page.goto(f"{live_server}/editor/case-studies/{case_study_id}")
    page.evaluate("window.notReloaded = true")
    page.get_by_text("Add a reviewer (2 candidates)").click()
    assignments = page.locator("#assignments")

    # A conflicted reviewer is refused with the reason, in place.
    page.get_by_role("button", name="Assign Somchai Prasert").click()
    expect(assignments.get_by_role("alert")).to_have_text(
        "Somchai Prasert cannot review this case study: same organisation as the applicant.")
    page.get_by_role("button", name="Assign Chen Wei-Lin").click()
    expect(assignments.get_by_role("row", name=re.compile("Chen Wei-Lin CT not started"))).to_be_visible()
    axe(page)

    # Declining the confirmation keeps the reviewer; accepting removes them.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Remove Chen Wei-Lin").click()
    page.wait_for_timeout(300)
    expect(assignments.get_by_role("button", name="Remove Chen Wei-Lin")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove Chen Wei-Lin").click()
    expect(assignments).to_contain_text("Chen Wei-Lin is no longer assigned.")
    expect(assignments).to_contain_text("No reviewer is assigned yet.")
    assert page.evaluate("window.notReloaded") is True
    with live_app.app_context():
        assert db.session.execute(select(Assignment)).first() is None
