"""Exports a worker makes: a shortlist too large to wait for in a request, and the report draft as DOCX.

The job writes its file in steps, each committing how many rows (or case studies) are written: the
progress its page shows. The file itself grows in the worker's memory and a temporary file, never in
the database, so a worker that dies mid-job takes the half-written file with it and the job, run
again, starts over from the first row: here `done` counts progress, it is not a place to resume.
Only the last step stores anything, the file (a JobFile, kept JOB_FILE_HOURS) and the export's audit
event together, so an export is recorded once, when its file exists, with its starter as the actor.

A shortlist's rows are read on a connection of their own, in one snapshot (database.snapshot): the
file is consistent however long it takes, and the steps' commits beside it do not end the read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import User
from ..case_studies.models import Call
from ..clock import in_zone, utcnow
from ..database import snapshot
from ..extensions import db
from ..jobs import work
from ..jobs.models import Job, JobFile
from ..permissions import can_decide
from . import files, report
from . import shortlist as lists
from .operations import EXPORT_JOB, record_export
from .report_docx import DocxDraft
from .writers import batches

STEP_ROWS = 1000
STEP_CASE_STUDIES = 20
FORMAT_NAMES = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "docx": "DOCX"}


def what(job: Job) -> str:
    """What an export job makes, in words: "Shortlist (XLSX)"."""
    name = FORMAT_NAMES.get(job.payload.get("format"), "")
    if job.payload.get("export") == "report_draft":
        return _("Report draft (%(format)s)", format=name)
    return _("Shortlist (%(format)s)", format=name)


def title(job: Job) -> str:
    call = db.session.get(Call, job.call_id) if job.call_id else None
    return _("%(export)s of “%(call)s”", export=what(job), call=call.text("title") if call else "")


def links(job: Job) -> list[tuple[str, str]]:
    return [(_("All exports of this call"), url_for("exports.index", call_id=job.call_id))]


@work.kind(EXPORT_JOB, title=title, may_read=lambda job, user: can_decide(user), links=links)
def make_export(job: Job, steps: work.Steps) -> None:
    """Make the file, in the language of whoever asked for it."""
    with force_locale(job.payload.get("locale") or current_app.config["BABEL_DEFAULT_LOCALE"]):
        if job.payload["export"] == "report_draft":
            _make_report_draft(job, steps)
        else:
            _make_shortlist(job, steps)


def _call_of(job: Job) -> Call:
    call = db.session.get(Call, job.call_id)
    if call is None:
        raise work.JobFailed(_("The call no longer exists."))
    return call


def _file_made(job: Job) -> bool:
    """Whether an earlier run kept the file already (its worker died before saying the job was done)."""
    return db.session.execute(select(JobFile.job_id).where(JobFile.job_id == job.id)).first() is not None


def _make_shortlist(job: Job, steps: work.Steps) -> None:
    fmt, waitlist, contact = (job.payload["format"], job.payload["include_waitlist"],
                              job.payload["include_contact"])
    with steps.step() as locked:
        if _file_made(locked):
            return
        call = _call_of(locked)
        listing = lists.Shortlist.of(call, include_waitlist=waitlist, include_contact=contact)
        meta, names = files.shortlist_meta(call, listing), files.file_name(call, "shortlist", fmt)
        locked.done = 0  # a file half-written by a worker that died went with it: start again
    file = files.ShortlistFile(fmt, meta)
    try:
        with snapshot() as connection:
            rows = lists.count(listing.call_id, include_waitlist=waitlist, connection=connection)
            with steps.step() as locked:
                locked.total = rows + (lists.review_count(listing, connection) if fmt == "xlsx" else 0)
            for sheet in files.shortlist_sheets(listing, fmt, connection):
                file.sheet(sheet)
                for batch in batches(sheet.rows, STEP_ROWS):
                    file.write(batch)
                    _refuse_if_too_large(file.size())
                    with steps.step() as locked:
                        locked.done += len(batch)
        content = file.finish()
    except BaseException:
        file.discard()
        raise
    _keep(steps, names, fmt, content, lambda call, actor: record_export(
        call=call, export="shortlist", fmt=fmt, rows=rows, actor=actor, include_waitlist=waitlist,
        include_contact=contact))


def _make_report_draft(job: Job, steps: work.Steps) -> None:
    with steps.step() as locked:
        if _file_made(locked):
            return
        call = _call_of(locked)
        draft = report.build_draft(call, in_zone(utcnow(), call.timezone).date())
        # Plain values: the case studies' rows expire with this step's commit, the document is built after it.
        entries, left_out = report.printed(draft), draft.left_out
        document = DocxDraft(call_title=call.title, cohosts_text=draft.cohosts_text, day=draft.day)
        names = files.file_name(call, "report-draft", "docx")
        locked.done, locked.total = 0, len(entries)
    for batch in batches(entries, STEP_CASE_STUDIES):
        for entry in batch:
            document.add(entry)
        with steps.step() as locked:
            locked.done += len(batch)
    _keep(steps, names, "docx", document.finish(), lambda call, actor: record_export(
        call=call, export="report_draft", fmt="docx", rows=len(entries), left_out=left_out, actor=actor))


def _refuse_if_too_large(size: int) -> None:
    limit = current_app.config["EXPORT_FILE_MAX_BYTES"]
    if size > limit:
        raise work.JobFailed(_(
            "The file would be larger than %(size)s MB, the most a kept file may hold: export it without the "
            "waitlist or the contacts, or ask an administrator to raise EXPORT_FILE_MAX_BYTES.",
            size=format_decimal(limit / (1024 * 1024), "#,##0.#")))


def _keep(steps: work.Steps, names: tuple[str, str], fmt: str, content: bytes,
          record: Callable[[Call, User | None], object]) -> None:
    """The last step: keep the file for its readers and record the export, in one transaction."""
    _refuse_if_too_large(len(content))
    with steps.step() as locked:
        call = _call_of(locked)
        plain, full = names
        locked.file = JobFile(filename=full, ascii_filename=plain, mimetype=files.MEDIA_TYPES[fmt],
                              size=len(content), content=content,
                              expires_at=utcnow() + timedelta(hours=current_app.config["JOB_FILE_HOURS"]))
        record(call, db.session.get(User, locked.created_by_id) if locked.created_by_id else None)
        locked.result = {**locked.result, "file": full}  # so that its page says the file is gone once it is
        locked.done = locked.total
