"""The export form: a small shortlist goes straight to its download, a large one and the DOCX are made by a
job whose file is kept a day for the editors, listed on the exports page, audited once when made."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import unquote

import docx
import openpyxl
import pytest
import time_machine
from sqlalchemy import func, select

from lie_review.audit import AuditEvent
from lie_review.clock import utcnow
from lie_review.exports import files, jobs as export_jobs
from lie_review.extensions import db
from lie_review.jobs.maintenance import purge, sweep
from lie_review.jobs.models import Job, JobFile
from lie_review.jobs.queue import run_queued

from ..editorial.builders import make_reviewer, review
from ..factories import make_call, make_user
from ..helpers import count_queries
from .builders import decide, submitted

HOSTILE = '=HYPERLINK("http://x","y")'


class WorkerDied(BaseException):
    """Not an Exception: like SIGKILL, nothing in the job catches it."""


@pytest.fixture
def world(app, auth):
    """Four accepted case studies (one with a hostile title), reviewed twice each, and one waitlisted."""
    with app.app_context():
        make_user("editor", email="ed@example.org", name="Edith Editor")
        make_user("reviewer", email="rev@example.org")
        make_user("applicant", email="amy@example.org")
        call = make_call(title="Best Practices 2028")
        ct, tha = make_reviewer("CT"), make_reviewer("THA")
        for n, title in enumerate(["Doi Tea Trails", HOSTILE, "Mae Rim Weavers", "Ural Makers"]):
            case_study = submitted(call, title, city=["Taipei", "Bangkok", None, "Moscow"][n])
            review(case_study, ct, [5 - n % 3, 4, 3])
            review(case_study, tha, [3, 2 + n % 3, 4])
            decide(case_study)
        decide(submitted(call, "Waiting Garden", city=None), "waitlisted")
        db.session.commit()
        ids = SimpleNamespace(call=call.id)
    auth.login("ed@example.org")
    return ids


def start(client, call_id: int, fmt: str, **options) -> str:
    response = client.post(f"/exports/calls/{call_id}/shortlist", data={"format": fmt, **options})
    assert response.status_code == 303, response.status_code
    return response.headers["Location"]


def large(app, rows: int = 2) -> None:
    """From now on a shortlist of more than `rows` rows is made by a job."""
    app.config["EXPORT_DIRECT_MAX_ROWS"] = rows


def audit_events(app) -> list[tuple[str | None, dict]]:
    with app.app_context():
        return [(event.actor.email if event.actor else None, event.after) for event in db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "call.exported").order_by(AuditEvent.id)).scalars()]


def the_job(app, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def test_a_small_shortlist_goes_straight_to_its_download_with_its_options(app, client, world):
    location = start(client, world.call, "xlsx", waitlist="y", contact="y")
    assert location == f"/exports/calls/{world.call}/shortlist.xlsx?waitlist=y&contact=y"
    assert start(client, world.call, "csv") == f"/exports/calls/{world.call}/shortlist.csv"
    with app.app_context():
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 0
    assert audit_events(app) == []  # recorded by the download itself, once it is taken
    assert client.get(location).status_code == 200
    assert len(audit_events(app)) == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_large_shortlist_is_made_by_a_job_with_the_rows_and_name_of_the_download(app, client, world, fmt):
    large(app)
    location = start(client, world.call, fmt, waitlist="y")
    job_id = int(re.fullmatch(r"/jobs/(\d+)", location).group(1))
    page = client.get(location).get_data(as_text=True)
    assert "Waiting for a worker…" in page and f"Shortlist ({fmt.upper()}) of “Best Practices 2028”" in page
    assert audit_events(app) == []
    run_queued(app)

    page = client.get(location).get_data(as_text=True)
    rows = 5 + (8 if fmt == "xlsx" else 0)  # the XLSX counts its reviews sheet too
    assert "Done." in page and f"{rows} of {rows}" in page and "All exports of this call" in page
    kept = client.get(f"{location}/file")
    direct = client.get(f"/exports/calls/{world.call}/shortlist.{fmt}?waitlist=y")
    assert kept.status_code == 200 and kept.mimetype == direct.mimetype
    assert kept.headers["Content-Disposition"] == direct.headers["Content-Disposition"]
    assert read(fmt, kept.data) == read(fmt, direct.get_data())
    assert audit_events(app)[0] == ("ed@example.org", {"export": "shortlist", "format": fmt, "rows": 5,
                                                       "include_waitlist": True, "include_contact": False})
    job = the_job(app, job_id)
    assert (job.state, job.done, job.total, job.created_by_id is not None) == ("done", rows, rows, True)


def read(fmt: str, data: bytes) -> dict:
    """The file's tables, by sheet, as lists of rows: what a reader sees of it."""
    if fmt == "csv":
        return {"Shortlist": list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))}
    if fmt == "json":
        parsed = json.loads(data)
        del parsed["meta"]["exported_at"]
        return {"Shortlist": parsed}
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def test_the_file_is_kept_for_a_day_then_gone(app, client, world):
    large(app)
    location = start(client, world.call, "csv", waitlist="y")
    job_id = int(location.rsplit("/", 1)[1])
    run_queued(app)
    exports = client.get(f"/exports/calls/{world.call}").get_data(as_text=True)
    assert f'href="{location}/file"' in exports and "Edith Editor" in exports and "Done." in exports
    with app.app_context():
        kept = db.session.get(JobFile, job_id)
        assert kept.expires_at - utcnow() > timedelta(hours=app.config["JOB_FILE_HOURS"], minutes=-1)
        kept.expires_at = utcnow() - timedelta(seconds=1)  # a day later
        db.session.commit()
    assert client.get(f"{location}/file").status_code == 410
    exports = client.get(f"/exports/calls/{world.call}").get_data(as_text=True)
    assert f'href="{location}/file"' not in exports and "Gone: files are kept for a day." in exports
    with app.app_context():
        purge()
        assert db.session.execute(select(func.count()).select_from(JobFile)).scalar_one() == 0
    assert "Gone: files are kept for a day." in client.get(f"/exports/calls/{world.call}").get_data(as_text=True)
    assert client.get(f"{location}/file").status_code == 410  # deleted by a worker's sweep: still gone, not unknown
    assert "This file was kept for a day and is gone" in client.get(location).get_data(as_text=True)


@pytest.mark.parametrize("email", ["rev@example.org", "amy@example.org"])
def test_someone_not_an_editor_cannot_follow_an_export_or_take_its_file(app, client, auth, world, email):
    large(app)
    location = start(client, world.call, "xlsx", contact="y")
    run_queued(app)
    auth.logout()
    auth.login(email)
    assert client.get(location).status_code == 404
    assert client.get(f"{location}/file").status_code == 404
    assert client.post(f"{location}/retry", data={}).status_code == 404


def test_every_editor_and_admin_follows_any_export(app, client, auth, world):
    large(app)
    location = start(client, world.call, "json")
    run_queued(app)
    with app.app_context():
        make_user("editor", email="ed2@example.org")
        make_user("admin", email="ad@example.org")
        db.session.commit()
    for email in ("ed2@example.org", "ad@example.org"):
        auth.logout()
        auth.login(email)
        assert client.get(location).status_code == 200 and client.get(f"{location}/file").status_code == 200


def test_a_failed_export_says_why_and_runs_again_when_retried(app, client, world):
    large(app)
    app.config["EXPORT_FILE_MAX_BYTES"] = 200
    location = start(client, world.call, "csv", waitlist="y", contact="y")
    run_queued(app)
    page = client.get(location).get_data(as_text=True)
    assert "Failed." in page and "The file would be larger than 0 MB" in page and "Try again" in page
    assert client.get(f"{location}/file").status_code == 404
    assert "The file would be larger than" in client.get(f"/exports/calls/{world.call}").get_data(as_text=True)
    assert audit_events(app) == []

    app.config["EXPORT_FILE_MAX_BYTES"] = 10 * 1024 * 1024
    assert client.post(f"{location}/retry", data={}).status_code == 303
    run_queued(app)
    assert "Done." in client.get(location).get_data(as_text=True)
    rows = read("csv", client.get(f"{location}/file").data)["Shortlist"]
    assert [row[2] for row in rows[1:]] == ["Doi Tea Trails", "'" + HOSTILE, "Mae Rim Weavers", "Ural Makers",
                                           "Waiting Garden"]
    assert [email for email, _after in audit_events(app)] == ["ed@example.org"]


def test_a_worker_dying_mid_file_loses_the_file_and_the_job_starts_it_over(app, client, world, monkeypatch):
    large(app)
    monkeypatch.setattr(export_jobs, "STEP_ROWS", 1)
    written = files.ShortlistFile.write

    def dies_at_the_third_row(self, rows):
        if rows[0][0] == 3 and not dies_at_the_third_row.died:
            dies_at_the_third_row.died = True
            raise WorkerDied
        written(self, rows)

    dies_at_the_third_row.died = False
    monkeypatch.setattr(files.ShortlistFile, "write", dies_at_the_third_row)
    location = start(client, world.call, "csv", waitlist="y")
    job_id = int(location.rsplit("/", 1)[1])
    with pytest.raises(WorkerDied):
        run_queued(app)
    job = the_job(app, job_id)
    assert (job.state, job.done, job.total) == ("running", 2, 5)
    assert "2 of 5" in client.get(location).get_data(as_text=True)
    assert client.get(f"{location}/file").status_code == 404 and audit_events(app) == []

    with time_machine.travel(utcnow() + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)):
        with app.app_context():
            assert sweep(grace_seconds=0) == 1
        run_queued(app)
    job = the_job(app, job_id)
    assert (job.state, job.done, job.attempts) == ("done", 5, 2)
    rows = read("csv", client.get(f"{location}/file").data)["Shortlist"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4", "5"]  # every row once, in order
    assert len(audit_events(app)) == 1


def test_a_job_whose_file_is_kept_is_not_made_again_when_run_twice(app, client, world):
    large(app)
    location = start(client, world.call, "csv")
    job_id = int(location.rsplit("/", 1)[1])
    run_queued(app)
    with app.app_context():  # as if its worker died after keeping the file, before saying it was done
        job = db.session.get(Job, job_id)
        job.state, job.lease_until = "running", utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert sweep(grace_seconds=0) == 1
    run_queued(app)
    assert the_job(app, job_id).state == "done" and len(audit_events(app)) == 1


def test_the_report_draft_as_docx_is_always_a_job_counting_case_studies(app, client, world):
    response = client.post(f"/exports/calls/{world.call}/report-draft.docx", data={})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "Report draft (DOCX) of “Best Practices 2028”" in client.get(location).get_data(as_text=True)
    run_queued(app)
    assert "4 of 4" in client.get(location).get_data(as_text=True)
    document = docx.Document(io.BytesIO(client.get(f"{location}/file").data))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == [
        "Doi Tea Trails", HOSTILE, "Mae Rim Weavers", "Ural Makers"]
    assert audit_events(app) == [("ed@example.org", {"export": "report_draft", "format": "docx", "rows": 4,
                                                    "left_out": 0})]
    assert client.get(f"/exports/calls/{world.call}/report-draft.docx").status_code == 405


def test_the_job_writes_in_the_language_of_whoever_asked(app, client, world):
    large(app)
    client.post("/language", data={"locale": "ru"})
    location = start(client, world.call, "csv")
    run_queued(app)
    kept = client.get(f"{location}/file")
    header = read("csv", kept.data)["Shortlist"][0]
    assert header[:3] == ["Позиция", "Раздел", "Название"], header


@pytest.mark.parametrize("data", [{"format": "pdf"}, {"format": ""}, {},
                                  {"format": "csv", "waitlist": "yes"}, {"format": "xlsx", "contact": "1"}])
def test_bad_input_is_refused_with_400_and_starts_nothing(app, client, world, data):
    large(app, rows=0)
    assert client.post(f"/exports/calls/{world.call}/shortlist", data=data).status_code == 400
    with app.app_context():
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 0
    assert audit_events(app) == []


def test_a_post_cut_short_is_refused(app, client, world):
    large(app, rows=0)
    assert client.post(f"/exports/calls/{world.call}/shortlist", data={"format": "csv"}, end=False).status_code == 400
    assert client.post(f"/exports/calls/{world.call}/report-draft.docx", data={}, end=False).status_code == 400
    with app.app_context():
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 0


def test_the_exports_page_reads_the_same_for_one_export_or_many(app, client, world):
    large(app)
    counts = []
    for exports in (1, 3):
        while len(recent(client, world.call)) < exports:
            start(client, world.call, "csv")
            run_queued(app)
        client.get(f"/exports/calls/{world.call}")
        with app.app_context(), count_queries() as queries:
            assert client.get(f"/exports/calls/{world.call}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert len(recent(client, world.call)) == 3


def recent(client, call_id: int) -> list[str]:
    return re.findall(r'<tr id="export-(\d+)"', client.get(f"/exports/calls/{call_id}").get_data(as_text=True))


def test_the_report_queue_points_to_the_exports_page(app, client, world):
    page = client.get(f"/editor/calls/{world.call}/report-queue").get_data(as_text=True)
    assert f'href="/exports/calls/{world.call}"' in page
    exports = client.get(f"/exports/calls/{world.call}").get_data(as_text=True)
    assert re.search(rf'<form method="post" action="/exports/calls/{world.call}/shortlist"', exports)
    assert "Add the waitlist after the queue (1 case study)" in exports
    assert unquote(f"/exports/calls/{world.call}/report-draft.html") in exports
