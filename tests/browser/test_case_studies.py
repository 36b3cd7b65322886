"""An applicant with a browser: register, start, write, autosave, submit, withdraw; axe on each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lie_review.extensions import db

from ..factories import PASSWORD, make_call, make_user
from ..helpers import link_in, outbox

pytestmark = pytest.mark.browser

STORY = {
    "Local challenge": "Growers sold to middlemen at prices below the cost of hand-picking.",
    "Solution and innovation": "A shared brand, traceable labels and an online shop.",
    "Ecosystem partners": "The county office, a university design school and a Taipei incubator.",
    "Results and impact": "Prices rose from NTD 900 to NTD 1,650 per kilogram; eleven young people returned.",
    "Sustainability": "Seventeen farms converted to organic; the shop pays for itself.",
    "Inclusiveness": "Elderly growers lead the tours; young returnees run the shop.",
}


def open_call(live_app, title="Local Innovation Ecosystem Best Practices 2027"):
    with live_app.app_context():
        make_call(title=title)
        db.session.commit()


def start_case_study(page):
    page.get_by_role("link", name="My case studies").first.click()
    expect(page.get_by_role("heading", name="My case studies", level=1)).to_be_visible()
    # One call is open: its Start button is on My case studies, with no page of calls between.
    page.get_by_role("button", name=re.compile("^Start a case study")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New case study")


def test_applicant_writes_autosaves_submits_and_withdraws(page, live_server, live_app, axe, log_in):
    open_call(live_app)
    page.goto(live_server + "/register")
    page.get_by_label("Name").fill("Lin Mei")
    page.get_by_label("Email").fill("lin@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_label("Organisation").fill("Cloudridge Tea Cooperative")
    page.get_by_label("Economy").select_option(label="Chinese Taipei")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    with live_app.app_context():
        path = link_in(outbox("lin@example.org")[0])
    page.goto(live_server + path)
    log_in(page, "lin@example.org")

    start_case_study(page)
    expect(page.get_by_label("Organisation", exact=True)).to_have_value("Cloudridge Tea Cooperative")
    axe(page)

    # Type; the word count follows, and the draft saves itself a few seconds after typing stops.
    page.get_by_label("Title").fill("From slopes to screens <b>online</b>")
    page.get_by_label("Summary").press_sequentially("Forty-six tea farms sell directly")
    expect(page.locator("#summary-count")).to_have_text("5 of 150 words")
    expect(page.locator("#save-status")).to_contain_text(re.compile(r"Saved at \d\d:\d\d"), timeout=10_000)

    page.reload()
    expect(page.get_by_label("Title")).to_have_value("From slopes to screens <b>online</b>")
    expect(page.get_by_label("Summary")).to_have_value("Forty-six tea farms sell directly")

    # Submit with one section missing: the error is at the field, and the text stays.
    page.get_by_label("Organisation type").select_option(label="MSME (micro, small or medium enterprise)")
    page.get_by_label("Locality").fill("Lugu Township, Nantou County")
    page.get_by_label("Forum").select_option(label="Local Innovation Ecosystem Forum, Taipei")
    page.get_by_label("Sector").select_option(label="Agriculture and food")
    for label, text in STORY.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_label("Website").fill("cloudridge.example.org")
    page.get_by_label("I agree that this case study may be published").check()
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("#lessons-error")).to_have_text(
        "Describe the lessons and how the work could be repeated elsewhere.")
    expect(page.get_by_label("Lessons and replicability")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("link", name=re.compile("^Lessons and replicability:"))).to_be_visible()
    expect(page.get_by_label("Solution and innovation")).to_have_value(STORY["Solution and innovation"])
    axe(page)

    page.get_by_label("Lessons and replicability").fill("Start with a shared brand, then sell direct.")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Your case study is submitted.")).to_be_visible()
    expect(page.locator(".status-panel .badge")).to_have_text("Submitted")
    expect(page.get_by_role("heading", level=1)).to_have_text("From slopes to screens <b>online</b>")
    expect(page.get_by_text(STORY["Results and impact"])).to_be_visible()
    expect(page.locator("textarea, input[type=text]")).to_have_count(0)  # read-only now
    expect(page.get_by_role("link", name="https://cloudridge.example.org")).to_be_visible()
    axe(page)
    with live_app.app_context():
        assert [m.subject for m in outbox("lin@example.org")][-1].startswith("Your case study is submitted")

    page.get_by_role("link", name="Withdraw").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw “From slopes to screens <b>online</b>”?")
    axe(page)
    page.get_by_role("button", name="Withdraw the case study").click()
    expect(page.locator(".status-panel .badge")).to_have_text("Withdrawn")
    expect(page.get_by_role("button", name="Reopen to edit")).to_have_count(0)
    page.get_by_role("link", name="My case studies").first.click()
    expect(page.get_by_role("cell", name="Nothing: it is withdrawn.")).to_be_visible()
    axe(page)


def test_attachment_is_added_on_save_and_removed_after_confirming(page, live_app, tmp_path, axe, log_in):
    open_call(live_app)
    with live_app.app_context():
        make_user("applicant", email="amy@example.org")
        db.session.commit()
    log_in(page, "amy@example.org")
    start_case_study(page)
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.7\n%%EOF\n")
    page.get_by_label("Add an attachment").set_input_files(str(report))
    page.get_by_label("Title").fill("With a report")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved at")).to_be_visible()
    expect(page.get_by_role("link", name="report.pdf")).to_be_visible()

    # A renamed program is refused at the field.
    fake = tmp_path / "photo.png"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    page.get_by_label("Add an attachment").set_input_files(str(fake))
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#attachment-error")).to_contain_text("“photo.png” is not a PDF, PNG or JPEG file.")
    axe(page)

    # Text typed just before removing is saved first, not lost to the page change.
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_label("Summary").fill("Typed just before removing the report")
    page.get_by_role("button", name="Remove report.pdf").click()
    expect(page.get_by_text("“report.pdf” is removed.")).to_be_visible()
    expect(page.get_by_text("No attachments yet.")).to_be_visible()
    expect(page.get_by_label("Summary")).to_have_value("Typed just before removing the report")


def test_two_tabs_editing_one_draft_the_older_is_told_not_overwritten(page, live_app, log_in):
    open_call(live_app)
    with live_app.app_context():
        make_user("applicant", email="amy@example.org")
        db.session.commit()
    log_in(page, "amy@example.org")
    start_case_study(page)
    other = page.context.new_page()
    other.goto(page.url)

    page.get_by_label("Summary").fill("Written in the first tab")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    other.get_by_label("Summary").fill("Written in the second tab")
    expect(other.locator("#save-status")).to_contain_text("Not saved: this draft was saved again at",
                                                          timeout=10_000)
    other.get_by_role("button", name="Save draft").click()
    expect(other.get_by_role("heading", name="This draft was changed somewhere else")).to_be_visible()
    expect(other.get_by_label("Summary")).to_have_value("Written in the second tab")
    page.reload()
    expect(page.get_by_label("Summary")).to_have_value("Written in the first tab")
