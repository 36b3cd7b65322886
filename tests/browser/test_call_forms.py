"""The editor's call forms in the browser: a criterion on a new scale described in one save, with and
without JavaScript; the call's time zone found by typing and the co-hosts' zones first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lie_review.case_studies.models import Call
from lie_review.extensions import db
from lie_review.reviews.models import Criterion

from ..factories import make_call, make_user

pytestmark = pytest.mark.browser
EDITOR = "ed@example.org"


@pytest.fixture
def call_id(live_app):
    with live_app.app_context():
        make_user("editor", email=EDITOR)
        call_id = make_call().id
        db.session.commit()
    return call_id


def levels_of(live_app, label):
    with live_app.app_context():
        criterion = db.session.execute(select(Criterion).where(Criterion.label == label)).scalar_one()
        return [(level.value, level.descriptor) for level in criterion.levels]


def test_criterion_levels_follow_the_scale_as_it_is_typed(page, live_server, live_app, call_id, axe, log_in):
    log_in(page, EDITOR)
    page.goto(live_server + f"/editor/calls/{call_id}/rubric/new")
    page.get_by_label("Label", exact=True).fill("Replicability")
    page.get_by_label("Level 1", exact=True).fill("Hardly")            # typed before the scale changes
    page.get_by_label("Lowest level").fill("0")
    page.get_by_label("Highest level").fill("3")
    expect(page.get_by_label("Level 0", exact=True)).to_be_visible()
    expect(page.get_by_label("Level 4", exact=True)).to_have_count(0)
    expect(page.get_by_label("Level 1", exact=True)).to_have_value("Hardly")
    expect(page.get_by_label("Highest level")).to_be_focused()          # the swap left the scale alone
    axe(page)
    for value, text in ((0, "Not at all"), (2, "Partly"), (3, "Fully")):
        page.get_by_label(f"Level {value}", exact=True).fill(text)
    page.get_by_role("button", name="Add the criterion").click()
    expect(page.get_by_text("The criterion is added.")).to_be_visible()
    assert levels_of(live_app, "Replicability") == [(0, "Not at all"), (1, "Hardly"), (2, "Partly"), (3, "Fully")]


def test_criterion_levels_follow_the_scale_on_save_without_javascript(browser, live_server, live_app, call_id,
                                                                      log_in):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, EDITOR)
    page.goto(live_server + f"/editor/calls/{call_id}/rubric/new")
    page.get_by_label("Label", exact=True).fill("Replicability")
    page.get_by_label("Highest level").fill("6")
    page.get_by_label("Level 5", exact=True).fill("Strong")
    page.get_by_role("button", name="Add the criterion").click()
    expect(page.get_by_role("status").filter(has_text="Describe the new level (6) below, then save.")).to_be_visible()
    expect(page.get_by_label("Level 5", exact=True)).to_have_value("Strong")
    expect(page.locator(".error")).to_have_count(0)             # (axe cannot run where scripts cannot)
    for value in (1, 2, 3, 4, 6):
        page.get_by_label(f"Level {value}", exact=True).fill(f"Step {value}")
    page.get_by_role("button", name="Add the criterion").click()
    expect(page).to_have_url(re.compile(rf"/editor/calls/{call_id}/rubric$"))
    assert [value for value, _ in levels_of(live_app, "Replicability")] == list(range(1, 7))
    context.close()


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_call_time_zone_is_found_by_typing(page, live_server, live_app, call_id, axe, log_in, width, height):
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, EDITOR)
    page.goto(live_server + "/editor/calls/new")
    zone = page.get_by_label("Time zone of the call")
    expect(zone).to_have_value("Asia/Taipei")
    groups = page.locator("#timezone optgroup")
    expect(groups.first).to_have_attribute("label", "Co-hosting economies")
    # Every label sits above its field, not beside it.
    for control in ("title", "timezone", "opens_at", "reviews_per_economy", "disagreement_threshold"):
        label = page.locator(f'label[for="{control}"]').bounding_box()
        field = page.locator(f"#{control}").bounding_box()
        assert label["y"] + label["height"] <= field["y"] + 1, control
    search = page.get_by_label("Find a time zone")
    search.fill("vladivostok")
    expect(zone).to_have_value("Asia/Vladivostok")
    expect(page.locator("#timezone-filter-status")).to_have_text("Chosen: Asia/Vladivostok (Russia).")
    visible = page.evaluate("[...document.querySelectorAll('#timezone option')].filter((o) => !o.hidden).length")
    assert visible == 1
    search.fill("lima")
    expect(zone).to_have_value("America/Lima")
    search.fill("nowhere at all")
    expect(page.locator("#timezone-filter-status")).to_contain_text("No time zone matches")
    expect(zone).to_have_value("America/Lima")                          # the choice stays
    search.fill("")
    search.press("Tab")
    expect(zone).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe(page)
    page.get_by_label("Title", exact=True).fill("Lima call")
    page.get_by_role("button", name="Create the call").click()
    expect(page.get_by_text("The call is created with the default rubric")).to_be_visible()
    with live_app.app_context():
        assert db.session.execute(select(Call.timezone).where(Call.title == "Lima call")).scalar_one() == "America/Lima"
