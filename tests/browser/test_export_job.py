"""An editor exports a 10,000-row shortlist as XLSX: a real worker makes it while the page shows its progress,
and the file downloaded holds the database's rows, in report order."""

from __future__ import annotations

import io
import re
import time

import openpyxl
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select, text

from lie_review.auth.models import Economy
from lie_review.case_studies.models import CaseStudy
from lie_review.editorial.models import ReportEntry, ReportSection
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Review

from ..editorial.builders import make_reviewer
from ..exports.builders import bulk_queue
from ..factories import make_call, make_user

pytestmark = pytest.mark.browser

ROWS = 10_000


@pytest.fixture
def jobs_url(tmp_path):
    """A queue in a file, which the worker's process shares."""
    return f"sqlite:///{tmp_path / 'jobs.sqlite3'}"


@pytest.fixture
def live_app(app):
    """The live server serves the test's app: its database and queue are the worker's."""
    return app


def expected_rows(app, call_id: int) -> list[tuple]:
    """(position, section, title, organisation, economy, mean score) of the queue, read from the tables."""
    with app.app_context():
        means = (select(Assignment.case_study_id, func.avg(Review.total).label("mean"))
                 .join(Review, Review.assignment_id == Assignment.id).group_by(Assignment.case_study_id).subquery())
        rows = db.session.execute(
            select(ReportSection.title, CaseStudy.title, CaseStudy.organisation_name, Economy.name, means.c.mean)
            .join(ReportEntry, ReportEntry.section_id == ReportSection.id)
            .join(CaseStudy, CaseStudy.id == ReportEntry.case_study_id)
            .join(Economy, Economy.id == CaseStudy.economy_id)
            .join(means, means.c.case_study_id == CaseStudy.id)
            .where(ReportSection.call_id == call_id)
            .order_by(ReportSection.position, ReportEntry.position, ReportEntry.id)).all()
    return [(n, section, title, organisation, economy, round(mean, 2))
            for n, (section, title, organisation, economy, mean) in enumerate(rows, start=1)]


def test_an_editor_exports_10000_rows_as_xlsx_through_a_worker(page, live_server, app, job_workers, axe, log_in):
    started = time.perf_counter()
    with app.app_context():
        make_user("editor", email="editor@example.org", name="Edith Editor")
        call = make_call(title="Best Practices 2030")
        bulk_queue(call, ROWS, make_reviewer("CT"))
        call_id = call.id
        db.session.commit()
        db.session.execute(text("ANALYZE"))  # the planner sees the bulk-inserted rows, as autovacuum would let it
        db.session.commit()
    built = time.perf_counter() - started
    assert built < 30, f"building {ROWS:,} case studies took {built:.1f} s"
    job_workers()

    log_in(page, "editor@example.org")
    page.goto(f"{live_server}/exports/calls/{call_id}")
    expect(page.get_by_role("heading", name="Exports", level=1)).to_be_visible()
    expect(page.get_by_text("The report queue holds 10,000 case studies.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Download XLSX").click()

    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    expect(page.get_by_role("heading", name="Shortlist (XLSX) of “Best Practices 2030”")).to_be_visible()
    page.evaluate("window.notReloaded = true")
    bar = page.locator("#job-progress-bar")
    seen = set()
    deadline = time.monotonic() + 120
    state = page.locator("#job-progress .job-state")
    while time.monotonic() < deadline and state.inner_text() != "Done.":
        seen.add((int(bar.get_attribute("value")), int(bar.get_attribute("max"))))
        time.sleep(0.1)
    expect(state).to_have_text("Done.")
    total = ROWS * 2  # the shortlist's rows, and the reviews sheet's
    expect(page.get_by_text(f"{total:,} of {total:,}")).to_be_visible()
    assert any(0 < value < top for value, top in seen), seen  # the bar moved on while the worker wrote
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the progress in place
    axe(page)

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download shortlist-Best-Practices-2030-.*\.xlsx$")).click()
    assert re.fullmatch(r"shortlist-Best-Practices-2030-\d{4}-\d{2}-\d{2}\.xlsx", download.value.suggested_filename)
    with open(download.value.path(), "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    sheet = book["Shortlist"]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert header[:6] == ("Position", "Section", "Title", "Organisation", "Organisation type", "Economy")
    columns = [header.index(name) for name in ("Position", "Section", "Title", "Organisation", "Economy",
                                               "Mean score")]
    rows = [tuple(row[i] for i in columns) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == expected_rows(app, call_id)
    assert sum(1 for _row in book["Reviews"].iter_rows(min_row=2)) == ROWS

    page.goto(f"{live_server}/exports/calls/{call_id}")
    recent = page.locator("table.recent-exports tbody tr")
    expect(recent).to_have_count(1)
    expect(recent.first).to_contain_text("Shortlist (XLSX)")
    expect(recent.first).to_contain_text("Edith Editor")
    expect(recent.first.get_by_role("link", name=download.value.suggested_filename)).to_be_visible()
    axe(page)
