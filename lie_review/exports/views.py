"""Exports: the shortlist (CSV, XLSX, JSON) and the report draft (HTML for print, DOCX), each audited.

The exports page posts what the editor asks for: a shortlist of up to EXPORT_DIRECT_MAX_ROWS rows is
sent to its download URL, streamed by the request; a larger one, and the report draft as DOCX (built
whole in memory), is made by a worker (lie_review/exports/jobs.py), followed on the job's page and
kept for a day, which the exports page lists.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, stream_with_context
from flask import url_for

from ..auth.models import Role
from ..case_studies.labels import SECTIONS
from ..case_studies.queries import get_call_or_404
from ..clock import in_zone, utcnow
from ..database import write_on_read
from ..extensions import db
from ..permissions import acting_user, roles_required
from . import jobs, report
from . import shortlist as lists
from .files import MEDIA_TYPES, SHORTLIST_FORMATS, disposition, file_name, shortlist_meta, shortlist_stream
from .forms import ReportDraftForm, ShortlistForm
from .operations import record_export, start_export
from .queries import recent_exports

bp = Blueprint("exports", __name__, url_prefix="/exports")

# The downloads a request makes record themselves: their first transaction may write.
DOWNLOADS = {f"exports.shortlist_{fmt}" for fmt in SHORTLIST_FORMATS} | {"exports.report_html"}


@bp.before_request
def writes_an_audit_event():
    """A download records who took it: the request's first transaction may write."""
    if request.endpoint in DOWNLOADS:
        write_on_read()


@bp.before_request
@roles_required(Role.EDITOR, Role.ADMIN)
def require_editor():
    """Exports are for editors and admins only."""


def _option(name: str, values) -> bool:
    """A checkbox of the export form: absent, or "y"; anything else is refused."""
    chosen = values.getlist(name)
    if chosen not in ([], [""], ["y"]):
        abort(400)
    return chosen == ["y"]


@bp.route("/calls/<int:call_id>")
def index(call_id: int):
    """The call's exports: the shortlist's and the report draft's, and those made lately with their files."""
    call = get_call_or_404(call_id)
    listed, waitlisted = lists.sizes(call.id)
    return render_template("exports/index.html", call=call, listed=listed, waitlisted=waitlisted,
                           direct_max=current_app.config["EXPORT_DIRECT_MAX_ROWS"], recent=recent_exports(call.id),
                           describe=jobs.what, shortlist_form=ShortlistForm(), report_form=ReportDraftForm())


@bp.route("/calls/<int:call_id>/shortlist", methods=["POST"])
def start_shortlist(call_id: int):
    """Export the shortlist in the format of the button pressed: downloaded at once if small, else by a job."""
    call = get_call_or_404(call_id)
    form = ShortlistForm()
    if not form.validate_on_submit():
        abort(400)
    waitlist, contact = _option("waitlist", request.form), _option("contact", request.form)
    if lists.count(call.id, include_waitlist=waitlist) <= current_app.config["EXPORT_DIRECT_MAX_ROWS"]:
        return redirect(url_for(f"exports.shortlist_{form.format.data}", call_id=call.id,
                                waitlist="y" if waitlist else None, contact="y" if contact else None), code=303)
    job = start_export(call=call, export="shortlist", fmt=form.format.data, actor=acting_user(),
                       include_waitlist=waitlist, include_contact=contact)
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


@bp.route("/calls/<int:call_id>/report-draft.docx", methods=["POST"])
def start_report_docx(call_id: int):
    """Have a worker make the report draft as a Word document, and follow it on the job's page."""
    call = get_call_or_404(call_id)
    if not ReportDraftForm().validate_on_submit():
        abort(400)
    job = start_export(call=call, export="report_draft", fmt="docx", actor=acting_user())
    db.session.commit()
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


def shortlist(call_id: int, fmt: str):
    """The shortlist in report queue order, as CSV, XLSX or JSON, streamed."""
    call = get_call_or_404(call_id)
    listing = lists.Shortlist.of(call, include_waitlist=_option("waitlist", request.args),
                                 include_contact=_option("contact", request.args))
    plain, full = file_name(call, "shortlist", fmt)
    meta = shortlist_meta(call, listing)
    record_export(call=call, export="shortlist", fmt=fmt, actor=acting_user(),
                  rows=lists.count(call.id, include_waitlist=listing.include_waitlist),
                  include_waitlist=listing.include_waitlist, include_contact=listing.include_contact)
    db.session.commit()
    # The rows are read while the response streams, in a transaction of their own that only reads.
    response = Response(stream_with_context(shortlist_stream(listing, fmt, meta)), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = disposition(plain, full)
    return response


@bp.route("/calls/<int:call_id>/report-draft.html")
def report_html(call_id: int):
    """The report draft as a print-ready page, built and rendered before the export is recorded."""
    call = get_call_or_404(call_id)
    draft = report.build_draft(call, in_zone(utcnow(), call.timezone).date())
    body = render_template("exports/report.html", draft=draft, facts=report.facts, sections=SECTIONS,
                           only_in=report.only_in, report_title=report.REPORT_TITLE, initiative=report.INITIATIVE)
    response = Response(body, mimetype=MEDIA_TYPES["html"])
    response.headers["Content-Disposition"] = disposition(*file_name(call, "report-draft", "html"), how="inline")
    record_export(call=call, export="report_draft", fmt="html", rows=draft.size, left_out=draft.left_out,
                  actor=acting_user())
    db.session.commit()
    return response


for _fmt in SHORTLIST_FORMATS:
    bp.add_url_rule(f"/calls/<int:call_id>/shortlist.{_fmt}", f"shortlist_{_fmt}", shortlist,
                    defaults={"fmt": _fmt})
