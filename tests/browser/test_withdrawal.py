"""An applicant whose case study was accepted, and told so, withdraws it through the confirmation page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lie_review.case_studies.models import CaseStudy
from lie_review.clock import utcnow
from lie_review.editorial.models import Decision, ReportEntry, ReportSection
from lie_review.extensions import db

from ..factories import make_call, make_case_study, make_user
from ..helpers import outbox

pytestmark = pytest.mark.browser

TITLE = "Hill tea goes online"


def accepted_and_released(live_app) -> int:
    """A submitted case study in an open call, accepted, in the report queue, the decision released."""
    with live_app.app_context():
        call = make_call(title="Open call")
        applicant = make_user("applicant", email="lin@example.org", locale="en")
        make_user("editor", email="elena@example.org", locale="en")
        case_study = make_case_study(call, applicant, status="submitted", title=TITLE)
        now = utcnow()
        db.session.add(Decision(case_study_id=case_study.id, outcome="accepted", rationale="Strong.",
                                feedback="Please send photos.", released_at=now, released_outcome="accepted"))
        section = ReportSection(call_id=call.id, title="Other case studies", position=0)
        db.session.add(section)
        db.session.flush()
        db.session.add(ReportEntry(case_study_id=case_study.id, section_id=section.id, position=0))
        db.session.commit()
        return case_study.id


def test_an_accepted_case_study_is_withdrawn_after_confirming_it_leaves_the_report(page, live_app, axe, log_in):
    case_study_id = accepted_and_released(live_app)
    log_in(page, "lin@example.org")
    page.get_by_role("link", name="My case studies").first.click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    axe(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Accepted for the report. Congratulations!")).to_be_visible()
    expect(page.get_by_role("button", name="Reopen to edit")).to_have_count(0)  # the decision holds
    axe(page)

    page.get_by_role("link", name="Withdraw").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Withdraw “{TITLE}”?")
    expect(page.get_by_text("Withdrawing it takes it out of the report: it will not be published")).to_be_visible()
    axe(page)

    page.get_by_role("button", name="Withdraw the case study").click()  # not ticked: nothing happens
    confirm = page.get_by_label("I understand: my case study leaves the report and will not be published.")
    expect(page.locator("#confirm-error")).to_have_text(
        "Tick the box to confirm that your case study leaves the report.")
    expect(confirm).to_have_attribute("aria-invalid", "true")
    axe(page)
    with live_app.app_context():
        assert db.session.get(CaseStudy, case_study_id).status == "submitted"

    confirm.check()
    page.get_by_role("button", name="Withdraw the case study").click()
    expect(page.get_by_text("Your case study is withdrawn and has left the report; the editors have been told.")
           ).to_be_visible()
    expect(page.locator(".status-panel .badge")).to_have_text("Withdrawn")
    axe(page)
    with live_app.app_context():
        assert db.session.get(CaseStudy, case_study_id).status == "withdrawn"
        assert db.session.execute(select(ReportEntry)).first() is None
        assert [m.subject for m in outbox("elena@example.org")] == [f"An accepted case study was withdrawn: {TITLE}"]
