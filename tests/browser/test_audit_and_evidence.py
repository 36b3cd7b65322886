"""The audit trail, the case study's decision evidence and the report queue's consent marks, read at a laptop's
and a phone's width: nothing scrolls sideways and axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lie_review.editorial.decisions.operations import decide_case_study
from lie_review.extensions import db

from ..editorial.builders import make_reviewer, review
from ..exports.builders import decide, submitted
from ..factories import make_call, make_user

pytestmark = pytest.mark.browser

SIZES = [(1280, 800), (390, 844)]


def build(live_app) -> dict:
    with live_app.app_context():
        editor = make_user("admin", "editor", email="editor@example.org", name="Elena Editor")
        call = make_call(title="Best Practices 2028")
        tea = submitted(call, "Doi Tea Trails with a rather long title that has to wrap on a phone")
        review(tea, make_reviewer("CT", name="Chen"), [5, 5, 4])
        review(tea, make_reviewer("RUS", name="Irina"), [3, 2, 3])
        decide_case_study(case_study=tea, outcome="accepted", rationale="Strong local evidence.", feedback="",
                          expected_stamp="new", actor=editor)
        review(tea, make_reviewer("THA", name="Somchai"), [4, 4, 4])  # after the decision: the scores move
        decide(submitted(call, "Harbour Lab", city="Bangkok", consent=False))
        db.session.commit()
        return {"call": call.id, "tea": tea.id}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


@pytest.mark.parametrize("width, height", SIZES)
def test_audit_trail_evidence_and_consent_read_well_at_both_sizes(live_app, live_server, page, log_in, axe,
                                                                   width, height):
    world = build(live_app)
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "editor@example.org")

    page.goto(live_server + "/audit")
    events = page.locator("#audit-events")
    expect(events).to_contain_text("Decision taken")
    expect(events).to_contain_text("Scores at the decision")
    expect(events.locator("table.audit-changes").first).to_be_visible()
    _fits(page)
    axe(page)

    page.goto(live_server + f"/editor/case-studies/{world['tea']}")
    evidence = page.locator("#decision-evidence")
    expect(evidence).to_contain_text("Reviews submitted")
    expect(evidence.get_by_role("row", name="Reviews submitted")).to_contain_text("+1")
    expect(evidence).to_contain_text("The scores have moved since the decision was taken.")
    _fits(page)
    axe(page)

    page.goto(live_server + f"/editor/calls/{world['call']}/report-queue")
    queue = page.locator("#report-queue")
    expect(queue).to_contain_text("Consent to publish: given")
    expect(queue).to_contain_text("Consent to publish: not given")
    _fits(page)
    axe(page)
