"""Exports: the shortlist (CSV, XLSX, JSON) and the report draft (HTML for print, DOCX), each audited."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_babel import gettext as _

from ..auth.models import Role
from ..case_studies.labels import SECTIONS
from ..case_studies.models import Call
from ..case_studies.queries import get_call_or_404
from ..clock import in_zone, utcnow
from ..database import write_on_read
from ..extensions import db
from ..permissions import acting_user, roles_required
from . import report, shortlist as lists
from .operations import record_export
from .writers import csv_stream, json_stream, xlsx_stream

bp = Blueprint("exports", __name__, url_prefix="/exports")

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


@bp.before_request
def writes_an_audit_event():
    """Every export records who took it: the request's first transaction may write."""
    write_on_read()


@bp.before_request
@roles_required(Role.EDITOR, Role.ADMIN)
def require_editor():
    """Exports are for editors and admins only."""


def _option(name: str) -> bool:
    """A checkbox of the export form: absent, or "y"; anything else is refused."""
    values = request.args.getlist(name)
    if values not in ([], [""], ["y"]):
        abort(400)
    return values == ["y"]


def file_name(call: Call, kind: str, extension: str) -> tuple[str, str]:
    """(ASCII name, Unicode name) of a download: what it is, the call and today's date in the call's zone."""
    day = in_zone(utcnow(), call.timezone).date().isoformat()
    words = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", call.title)).strip("-")[:80].strip("-")
    ascii_words = re.sub(r"[^A-Za-z0-9]+", "-", unicodedata.normalize("NFKD", words)
                         .encode("ascii", "ignore").decode()).strip("-")
    return (f"{kind}-{ascii_words or f'call-{call.id}'}-{day}.{extension}",
            f"{kind}-{words or f'call-{call.id}'}-{day}.{extension}")


def _disposition(call: Call, kind: str, extension: str, how: str = "attachment") -> str:
    plain, full = file_name(call, kind, extension)
    return f"{how}; filename=\"{plain}\"; filename*=UTF-8''{quote(full, safe='')}"


def _shortlist_body(listing: lists.Shortlist, fmt: str, meta: dict):
    """The file's bytes, produced while the response streams (the rows are read only then)."""
    columns = lists.columns(listing)
    if fmt == "csv":
        return csv_stream([c.label for c in columns], lists.rows(listing))
    if fmt == "json":
        meta["columns"] = [{"key": c.key, "label": c.label} for c in columns]
        return json_stream(meta, [c.key for c in columns], lists.rows(listing))
    reviews = lists.review_columns(listing)
    return xlsx_stream([
        (_("Shortlist"), [c.label for c in columns], lists.rows(listing), [c.width for c in columns]),
        (_("Reviews"), [c.label for c in reviews], lists.review_rows(listing), [c.width for c in reviews]),
    ])


def shortlist(call_id: int, fmt: str):
    """The shortlist in report queue order, as CSV, XLSX or JSON, streamed."""
    call = get_call_or_404(call_id)
    listing = lists.Shortlist.of(call, include_waitlist=_option("waitlist"), include_contact=_option("contact"))
    disposition = _disposition(call, "shortlist", fmt)
    meta = {"call": call.title, "call_id": call.id, "exported_at": utcnow(),
            "include_waitlist": listing.include_waitlist}
    record_export(call=call, export="shortlist", fmt=fmt, rows=lists.count(listing), actor=acting_user(),
                  include_waitlist=listing.include_waitlist, include_contact=listing.include_contact)
    db.session.commit()
    # The rows are read while the response streams, in a transaction of their own that only reads.
    response = Response(stream_with_context(_shortlist_body(listing, fmt, meta)), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = disposition
    return response


def _report(call_id: int, fmt: str, how: str = "attachment") -> Response:
    """The report draft, built and rendered before the export is recorded and committed."""
    call = get_call_or_404(call_id)
    draft = report.build_draft(call, in_zone(utcnow(), call.timezone).date())
    if fmt == "html":
        body = render_template("exports/report.html", draft=draft, facts=report.facts, sections=SECTIONS,
                               only_in=report.only_in, report_title=report.REPORT_TITLE, initiative=report.INITIATIVE)
    else:
        body = report.docx_bytes(draft)
    response = Response(body, mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = _disposition(call, "report-draft", fmt, how)
    record_export(call=call, export="report_draft", fmt=fmt, rows=draft.size, left_out=draft.left_out,
                  actor=acting_user())
    db.session.commit()
    return response


def report_html(call_id: int):
    """The report draft as a print-ready page."""
    return _report(call_id, "html", how="inline")


def report_docx(call_id: int):
    """The report draft as a Word document."""
    return _report(call_id, "docx")


for _fmt in ("csv", "xlsx", "json"):
    bp.add_url_rule(f"/calls/<int:call_id>/shortlist.{_fmt}", f"shortlist_{_fmt}", shortlist,
                    defaults={"fmt": _fmt})
bp.add_url_rule("/calls/<int:call_id>/report-draft.html", "report_html", report_html)
bp.add_url_rule("/calls/<int:call_id>/report-draft.docx", "report_docx", report_docx)
