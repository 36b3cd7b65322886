"""An editor orders the report queue with the keyboard and downloads every export, which the test opens."""

from __future__ import annotations

import csv
import io
import json
import re

import docx
import openpyxl
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lie_review.editorial.models import ReportEntry
from lie_review.extensions import db
from lie_review.jobs.queue import run_queued

from ..editorial.builders import make_reviewer, review
from ..exports.builders import decide, submitted
from ..factories import make_call, make_user

pytestmark = pytest.mark.browser

HOSTILE = '=HYPERLINK("http://x","y")'
TAIPEI = "Local Innovation Ecosystem Forum, Taipei"
MOSCOW = "Local Innovation Ecosystem Forum, Moscow"


def build(live_app) -> dict:
    with live_app.app_context():
        make_user("editor", email="editor@example.org")
        call = make_call(title="Best Practices 2028")
        ct, tha = make_reviewer("CT"), make_reviewer("THA")
        studies = {}
        for title, city, consent, scores in (("Doi Tea Trails", "Taipei", True, [5, 5, 4]),
                                             ("Mae Rim Weavers", "Taipei", True, [4, 3, 4]),
                                             (HOSTILE, "Taipei", True, [2, 3, 2]),
                                             ("Ural Makers", "Moscow", True, [3, 3, 3]),
                                             ("Harbour Lab", "Moscow", False, [4, 4, 4])):
            case_study = submitted(call, title, city=city, consent=consent, summary=f"Summary of {title}.")
            review(case_study, ct, scores)
            review(case_study, tha, [max(1, s - 1) for s in scores])
            decide(case_study)
            studies[title] = case_study.id
        decide(submitted(call, "Waiting Garden", city=None), "waitlisted")
        db.session.commit()
        entries = {title: db.session.execute(select(ReportEntry.id).where(ReportEntry.case_study_id == cs_id))
                   .scalar_one() for title, cs_id in studies.items()}
        return {"call": call.id, "entries": entries}


def read(download) -> bytes:
    with open(download.value.path(), "rb") as handle:
        return handle.read()


def entry_titles(page, section: str) -> list[str]:
    return page.locator("section.queue-section", has=page.get_by_role("heading", name=section, exact=True)) \
        .locator(".queue-entry h3").all_inner_texts()


def test_editor_orders_the_queue_with_the_keyboard_and_downloads_each_export(page, live_server, live_app, axe, log_in):
    world = build(live_app)
    tea, hostile = world["entries"]["Doi Tea Trails"], world["entries"][HOSTILE]
    log_in(page, "editor@example.org")
    page.goto(f"{live_server}/editor/calls/{world['call']}/report-queue")
    expect(page.get_by_role("heading", name="Report queue", level=1)).to_be_visible()
    page.evaluate("window.notReloaded = true")
    assert entry_titles(page, TAIPEI) == ["Doi Tea Trails", "Mae Rim Weavers", HOSTILE]
    expect(page.locator(f"#entry-{world['entries']['Harbour Lab']}")).to_contain_text("Consent to publish: not given")
    axe(page)

    # Keyboard only: the button keeps focus while its entry moves down twice.
    down = page.locator(f"#entry-{tea}-down")
    down.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="“Doi Tea Trails” moved.")).to_be_visible()
    expect(down).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#report-queue .queue-section").first.locator(".queue-entry h3").last).to_have_text(
        "Doi Tea Trails")
    expect(down).to_be_focused()
    assert entry_titles(page, TAIPEI) == ["Mae Rim Weavers", HOSTILE, "Doi Tea Trails"]
    up = page.locator(f"#entry-{hostile}-up")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#report-queue .queue-section").first.locator(".queue-entry h3").first).to_have_text(HOSTILE)
    expect(up).to_be_focused()

    # Move the weavers to Moscow's section: choose with the keyboard, press the button.
    weavers = world["entries"]["Mae Rim Weavers"]
    page.locator(f"#entry-{weavers}-section_id").select_option(label=MOSCOW)
    page.locator(f"#entry-{weavers}-move").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="moved to the end of")).to_be_visible()
    assert entry_titles(page, MOSCOW) == ["Ural Makers", "Harbour Lab", "Mae Rim Weavers"]
    assert entry_titles(page, TAIPEI) == [HOSTILE, "Doi Tea Trails"]
    expect(page.locator(f"#entry-{weavers}-move")).to_be_focused()
    assert page.evaluate("window.notReloaded") is True
    axe(page)
    expected = [HOSTILE, "Doi Tea Trails", "Ural Makers", "Harbour Lab", "Mae Rim Weavers"]

    # The exports page, from the queue's link: a shortlist this small downloads at once.
    page.get_by_role("link", name="Export the shortlist (CSV, XLSX, JSON) or the report draft").click()
    expect(page.get_by_role("heading", name="Exports", level=1)).to_be_visible()
    axe(page)

    # The shortlist as CSV, with the waitlist after the queue.
    page.get_by_label("Add the waitlist after the queue").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert re.fullmatch(r"shortlist-Best-Practices-2028-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    data = read(download)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["Position", "Section", "Title"] and rows[0][-4:] == ["Decision", "Language",
                                                                                "English version", "Groups served"]
    assert [r[2] for r in rows[1:]] == ["'" + HOSTILE] + expected[1:] + ["Waiting Garden"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5", "6"]
    assert rows[-1][1] == "Waitlist" and rows[-1][-4] == "Waitlisted"

    # XLSX: the hostile title is a string, not a formula; the reviews sheet follows the same order.
    page.get_by_label("Add the waitlist after the queue").uncheck()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(read(download)))
    shortlist = book["Shortlist"]
    assert [row[2] for row in shortlist.iter_rows(min_row=2, values_only=True)] == expected
    assert shortlist["C2"].value == HOSTILE and shortlist["C2"].data_type == "s"
    reviews = list(book["Reviews"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in reviews] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert {r[2] for r in reviews} == {"R1", "R2"}

    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    parsed = json.loads(read(download))
    assert [r["title"] for r in parsed["rows"]] == expected

    # The report draft as DOCX, made by a job (run here, a worker's part): chapters and case studies in queue
    # order, without the one lacking consent.
    page.get_by_role("button", name="Prepare the report draft as DOCX").click()
    expect(page.get_by_role("heading", name="Report draft (DOCX) of “Best Practices 2028”")).to_be_visible()
    run_queued(live_app)
    expect(page.locator("#job-progress .job-state")).to_have_text("Done.")  # polled in, without a reload
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download report-draft-")).click()
    assert download.value.suggested_filename.endswith(".docx")
    document = docx.Document(io.BytesIO(read(download)))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert headings == [("Heading 1", f"1. {TAIPEI}"), ("Heading 2", HOSTILE), ("Heading 2", "Doi Tea Trails"),
                        ("Heading 1", f"2. {MOSCOW}"), ("Heading 2", "Ural Makers"), ("Heading 2", "Mae Rim Weavers")]

    # The print version: its own page, no site navigation, checked by axe too.
    page.get_by_role("link", name="All exports of this call").click()
    expect(page.locator("table.recent-exports tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Open the report draft for print").click()
    expect(page.get_by_role("heading", name="APEC Local Innovation Ecosystem Best Practices", level=1)).to_be_visible()
    assert page.locator("h3").all_inner_texts() == [HOSTILE, "Doi Tea Trails", "Ural Makers", "Mae Rim Weavers"]
    expect(page.locator(".site-header")).to_have_count(0)
    assert page.evaluate("getComputedStyle(document.querySelector('.case-study + .case-study'))"
                         ".getPropertyValue('break-before')") in ("auto", "page")
    page.emulate_media(media="print")
    # The styles follow the emulated medium once the browser recalculates them: wait for it, not a fixed moment.
    page.wait_for_function("getComputedStyle(document.querySelector('.case-study + .case-study'))"
                           ".getPropertyValue('break-before') === 'page'", timeout=5000)
    page.emulate_media(media="screen")
    axe(page)

    # Every export is in the call's audit trail.
    page.go_back()
    page.get_by_role("link", name="Who exported what, and when").click()
    expect(page.locator("#audit-events")).to_contain_text("5 events")
    expect(page.locator("#audit-events")).to_contain_text("call.exported")
