"""A case study in Chinese with its English version: the applicant writes both, the reviewer switches with one
click (with and without JavaScript) and the review records the version read; axe on each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lie_review.case_studies.models import CaseStudy
from lie_review.case_studies.rules import LONG_FIELDS
from lie_review.extensions import db
from lie_review.reviews.models import Review

from ..factories import make_call, make_case_study, make_user
from ..reviews.builders import RITA, build

pytestmark = pytest.mark.browser

CHINESE_CHALLENGE = "中間商壓低收購價格，年輕人離開山區。"
ENGLISH_CHALLENGE = "Middlemen set prices too low, and young people left the hills."


def chinese_case_study(live_app):
    with live_app.app_context():
        setup = build(case_study_languages=["en", "zh_Hant"])
        case_study = db.session.get(CaseStudy, setup.case_study_id)
        case_study.language, case_study.title, case_study.local_challenge = "zh_Hant", "山城茶園上網", CHINESE_CHALLENGE
        case_study.english_version = {"title": "Mountain tea goes online",
                                      **{name: f"English {name}." for name in LONG_FIELDS},
                                      "local_challenge": ENGLISH_CHALLENGE}
        db.session.commit()
    return setup


def version_read(live_app, assignment_id):
    with live_app.app_context():
        return db.session.execute(select(Review.version_read).where(Review.assignment_id == assignment_id)
                                  ).scalar_one_or_none()


def test_reviewer_switches_versions_with_one_click_and_the_review_records_the_version_read(
        page, live_server, live_app, axe, log_in):
    setup = chinese_case_study(live_app)
    log_in(page, RITA)
    page.goto(live_server + f"/reviews/{setup.assignment}")
    case = page.locator(f"#case-study-{setup.case_study_id}")
    expect(case).to_contain_text(CHINESE_CHALLENGE)
    expect(case).to_contain_text("You are reading the original, in 繁體中文.")
    axe(page)

    # One click: htmx swaps the case study only (the page, and what is typed in it, stays).
    page.evaluate("window.stillThisPage = true")
    page.get_by_label("Overall comment").fill("Typed before switching.")
    page.get_by_role("link", name="Read the English version").click()
    expect(case).to_contain_text(ENGLISH_CHALLENGE)
    expect(case).not_to_contain_text(CHINESE_CHALLENGE)
    expect(page).to_have_url(re.compile(rf"/reviews/{setup.assignment}\?version=english$"))
    assert page.evaluate("window.stillThisPage === true")
    expect(page.get_by_label("Overall comment")).to_have_value("Typed before switching.")
    expect(page.locator("#version-switch")).to_be_focused()  # focus stays on the switch, now the way back
    expect(page.locator("#version-read")).to_have_value("english")
    axe(page)

    # Scoring now records the English version as the one read.
    page.locator(f"#criterion_{setup.criteria[0]}-4").check()
    expect(page.locator(f"#criterion-{setup.criteria[0]}-status")).to_contain_text("Saved")
    assert version_read(live_app, setup.assignment) == "english"

    page.get_by_role("link", name="Read the original").click()
    expect(case).to_contain_text(CHINESE_CHALLENGE)
    expect(page.locator("#version-read")).to_have_value("original")
    page.locator(f"#criterion_{setup.criteria[1]}-3").check()
    expect(page.locator(f"#criterion-{setup.criteria[1]}-status")).to_contain_text("Saved")
    assert version_read(live_app, setup.assignment) == "original"
    axe(page)

    # The browser's Back button returns to the English version, as the address said.
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?version=english$"))
    expect(case).to_contain_text(ENGLISH_CHALLENGE)


def test_without_javascript_the_switch_is_a_link_and_the_form_sends_the_version(browser, live_server, live_app,
                                                                                 log_in):
    setup = chinese_case_study(live_app)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, RITA)
    page.goto(live_server + f"/reviews/{setup.assignment}")
    page.get_by_role("link", name="Read the English version").click()
    expect(page).to_have_url(re.compile(r"\?version=english$"))
    expect(page.locator(f"#case-study-{setup.case_study_id}")).to_contain_text(ENGLISH_CHALLENGE)
    page.locator(f"#criterion_{setup.criteria[0]}-2").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your review is saved.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?version=english$"))  # back on the version read
    assert version_read(live_app, setup.assignment) == "english"
    context.close()


def test_applicant_writes_in_chinese_and_adds_an_english_version(page, live_server, live_app, axe, log_in):
    with live_app.app_context():
        applicant = make_user("applicant", email="lin@example.org", economy_code="CT")
        call = make_call(case_study_languages=["en", "zh_Hant"])
        case_study_id = make_case_study(call, applicant, title="", summary="").id
        db.session.commit()
    log_in(page, "lin@example.org")
    page.goto(live_server + f"/case-studies/{case_study_id}/edit")
    page.get_by_label("Language of the case study").select_option(label="繁體中文")
    page.get_by_label("Title", exact=True).fill("山城茶園上網")
    page.get_by_label("Title in English").fill("Mountain tea goes online")
    page.get_by_label("Summary in English").fill("Tea farmers sell directly to customers.")
    expect(page.locator("#en_summary-count")).to_have_text("6 of 150 words")
    axe(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile("Draft saved at"))).to_be_visible()
    expect(page.get_by_label("Language of the case study")).to_have_value("zh_Hant")
    expect(page.get_by_label("Summary in English")).to_have_value("Tea farmers sell directly to customers.")
    axe(page)
    with live_app.app_context():
        stored = db.session.get(CaseStudy, case_study_id)
        assert (stored.language, stored.english_version["title"]) == ("zh_Hant", "Mountain tea goes online")
