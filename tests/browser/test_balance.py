"""An editor sets a target for every panel economy on the report queue, accepts case studies, and reads
on the queue and the dashboard which economy the accepted set is short of."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lie_review.extensions import db

from ..exports.builders import submitted
from ..factories import make_call, make_user

pytestmark = pytest.mark.browser


def build(live_app) -> dict:
    with live_app.app_context():
        make_user("editor", email="editor@example.org")
        call = make_call(title="Best Practices 2028", panel=("CT", "RUS", "THA"))
        studies = {title: submitted(call, title, economy_code=code, groups_served=groups).id
                   for title, code, groups in (("Doi Tea Trails", "THA", ["women"]),
                                               ("Mae Rim Weavers", "THA", ["women", "rural_remote"]),
                                               ("Taipei Makers", "CT", []),
                                               ("Ural Crafts", "RUS", ["indigenous_peoples"]))}
        db.session.commit()
        return {"call": call.id, "studies": studies}


def accept(page, live_server, case_study_id: int) -> None:
    page.goto(f"{live_server}/editor/case-studies/{case_study_id}")
    page.get_by_label("Accepted").check()
    page.get_by_label("Rationale").fill("A strong local story.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Decision saved: Accepted.")).to_be_visible()


def test_editor_sets_a_target_for_every_panel_economy_and_sees_which_is_short(page, live_server, live_app, axe,
                                                                              log_in):
    world = build(live_app)
    log_in(page, "editor@example.org")
    page.goto(f"{live_server}/editor/calls/{world['call']}/report-queue")
    balance = page.locator("#balance")
    expect(balance.get_by_role("heading", name="Balance", level=2)).to_be_visible()
    expect(balance).to_contain_text("No targets yet.")
    page.evaluate("window.notReloaded = true")

    # A percentage over 100 is refused at its field, in place.
    balance.get_by_label("What to count").select_option(label="Every panel economy")
    balance.get_by_label("Target", exact=True).select_option(label="At least this percentage of the accepted set")
    balance.get_by_label("Number or percentage").fill("150")
    balance.get_by_role("button", name="Add the target").click()
    expect(page.locator("#target-amount-error")).to_have_text("A percentage is from 1 to 100.")
    expect(page.locator("#target-amount")).to_have_attribute("aria-invalid", "true")
    axe(page)

    balance = page.locator("#balance")
    balance.get_by_label("Target", exact=True).select_option(label="At least this many case studies")
    balance.get_by_label("Number or percentage").fill("2")
    balance.get_by_role("button", name="Add the target").click()
    expect(page.get_by_role("status").filter(
        has_text="Target added: Every panel economy: at least 2 case studies.")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True  # swapped in place by htmx
    statuses = page.locator("#balance .target-statuses li")
    expect(statuses).to_have_text(["Short CT: 0 of at least 2 accepted — 2 short",
                                   "Short RUS: 0 of at least 2 accepted — 2 short",
                                   "Short THA: 0 of at least 2 accepted — 2 short"])

    for title in ("Doi Tea Trails", "Mae Rim Weavers", "Taipei Makers"):
        accept(page, live_server, world["studies"][title])

    page.goto(f"{live_server}/editor/calls/{world['call']}/report-queue")
    expect(page.locator("#balance .target-statuses li")).to_have_text([
        "Short CT: 1 of at least 2 accepted — 1 short",
        "Short RUS: 0 of at least 2 accepted — 2 short",
        "Met THA: 2 of at least 2 accepted — met"])
    axe(page)

    # The dashboard sums it up and leads back to the Balance section.
    page.goto(f"{live_server}/editor/calls/{world['call']}")
    summary = page.locator("#balance-summary")
    expect(summary).to_contain_text("2 targets are not met:")
    expect(summary.locator("li")).to_have_text(["Short CT: 1 of at least 2 accepted — 1 short",
                                                "Short RUS: 0 of at least 2 accepted — 2 short"])
    axe(page)
    summary.get_by_role("link", name="Balance on the report queue").click()
    expect(page).to_have_url(f"{live_server}/editor/calls/{world['call']}/report-queue#balance")
    expect(page.locator("#balance")).to_be_in_viewport()
