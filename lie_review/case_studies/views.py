"""Applicant pages: my case studies, the case study form, attachments, status."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from ..auth.models import Role
from ..extensions import csrf, db
from ..htmx import is_partial, redirect_for
from ..paging import page_arg
from ..permissions import (
    acting_user,
    can_withdraw_case_study,
    can_edit_case_study,
    can_reopen_case_study,
    can_see_applicant_identity,
    is_applicant_of,
    roles_required,
)
from ..templating import local_time
from . import editing, operations, queries, versions
from .attachments import describe_size, safe_filename
from .forms import CaseStudyForm, StartForm, WithdrawForm, new_start_token
from .labels import (
    APPLICANT_STATUS_LABELS,
    ORGANISATION_TYPE_LABELS,
    SECTIONS,
    SECTOR_LABELS,
    groups_served_names,
)
from .operations import StaleVersion

bp = Blueprint("case_studies", __name__, url_prefix="/case-studies")

bp.add_app_template_global(SECTIONS, "case_study_sections")
bp.add_app_template_global(APPLICANT_STATUS_LABELS, "applicant_status_labels")


@bp.app_template_filter("organisation_type_label")
def organisation_type_label(value: str | None) -> str:
    """Template filter: an organisation type's label."""
    return str(ORGANISATION_TYPE_LABELS.get(value, "")) if value else ""


@bp.app_template_filter("sector_label")
def sector_label(value: str | None) -> str:
    """Template filter: a sector's label."""
    return str(SECTOR_LABELS.get(value, "")) if value else ""


@bp.app_template_filter("groups_served_labels")
def groups_served_labels(codes: list[str] | None) -> str:
    """Template filter: the groups a case study serves, by name, in the order of the form."""
    return groups_served_names(codes)


@bp.app_template_filter("file_kind")
def file_kind(content_type: str) -> str:
    """Template filter: "PDF", "PNG" or "JPEG" for an attachment."""
    return {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}.get(content_type, "")


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    """Template filter: an attachment's size, for people."""
    return describe_size(size)


@bp.route("/")
@roles_required(Role.APPLICANT)
def mine():
    """The applicant's case studies with their status and next step."""
    page = queries.my_case_studies(current_user, page_arg())
    calls = queries.open_calls()
    return render_template("case_studies/mine.html", page=page, progress=queries.progress_of(page.items),
                           open_calls=calls, start_tokens={call.id: new_start_token() for call in calls})


@bp.route("/start", methods=["GET"])
@roles_required(Role.APPLICANT)
def start():
    """The open calls an applicant can start a case study for."""
    calls = queries.open_calls()
    return render_template("case_studies/start.html", calls=calls,
                           start_tokens={call.id: new_start_token() for call in calls})


@bp.route("/calls/<int:call_id>/start", methods=["POST"])
@roles_required(Role.APPLICANT)
def start_for_call(call_id: int):
    """Start a new, empty draft for an open call and open its form; the same Start pressed twice opens one."""
    call = queries.get_call_or_404(call_id)
    if not call.is_open():
        flash(_("“%(call)s” is not taking case studies now.", call=call.text("title")), "warning")
        return redirect(url_for(".start"), code=303)
    form = StartForm()
    case_study = _start_draft(call, form.start_token.data) if form.validate() else None
    if case_study is None:
        flash(_("That Start button was out of date, so no case study was started. Press Start again."), "warning")
        return start(), 400
    db.session.commit()
    return redirect(url_for(".edit", case_study_id=case_study.id), code=303)


def _start_draft(call, start_token: str):
    """The draft this press of Start opens, or None when its token belongs to another start."""
    try:
        return operations.start_case_study(call=call, applicant=acting_user(), start_token=start_token)
    except operations.StartTokenTaken:
        return None


@bp.route("/<int:case_study_id>/edit", methods=["GET", "POST"])
@csrf.exempt  # checked below, so that text posted with an expired token is kept, not thrown away
def edit(case_study_id: int):
    """The case study form: save the draft, upload, or submit."""
    if request.method == "POST" and (refused := editing.check_post(case_study_id)) is not None:
        return refused
    if not current_user.is_authenticated:
        return editing.keep_text_and_return(case_study_id)
    case_study = queries.get_case_study_or_404(case_study_id, for_user=current_user,
                                               for_update=request.method == "POST")
    if not can_edit_case_study(current_user, case_study):
        return editing.refuse_change(case_study)
    if request.method == "GET":
        return editing.form_page(case_study, editing.form_with_kept_text(case_study))
    return _save(case_study)


def _save(case_study):
    """Save the draft (and any upload); with action=submit, then check everything and submit."""
    form = CaseStudyForm(case_study=case_study, attachment_count=len(case_study.attachments))
    version = editing.posted_version(form)
    if not form.validate():
        return editing.not_saved(case_study, form)
    try:
        operations.save_draft(case_study=case_study, values=form.draft_values(), version=version,
                              actor=acting_user())
    except StaleVersion:
        return editing.conflict(case_study, form)
    if form.upload is not None:
        operations.add_attachment(case_study=case_study, filename=form.upload.filename,
                                  content_type=form.upload.content_type, data=form.upload.data,
                                  uploaded_by=acting_user())
    if request.form.get("action") == "submit":
        return _submit(case_study, form)
    db.session.commit()
    if is_partial():
        return editing.saved(case_study, form)
    flash(_("Draft saved at %(time)s.", time=local_time(case_study.updated_at, case_study.call.timezone,
                                                        fmt="HH:mm")), "success")
    return redirect(url_for(".edit", case_study_id=case_study.id), code=303)


def _submit(case_study, form):
    if not form.check_for_submission():
        db.session.commit()  # the draft is kept even though it cannot be submitted yet
        return editing.form_page(case_study, editing.refreshed(form, case_study), status=422, not_submitted=True)
    operations.submit_case_study(case_study=case_study, actor=acting_user())
    db.session.commit()
    flash(_("Your case study is submitted. A confirmation is on its way to %(email)s.",
            email=case_study.applicant.email), "success")
    return redirect_for(url_for(".view", case_study_id=case_study.id))


@bp.route("/<int:case_study_id>")
@login_required
def view(case_study_id: int):
    """A case study read-only, with its status and any released decision."""
    case_study = queries.get_case_study_or_404(case_study_id, for_user=current_user)
    progress = queries.progress_of([case_study])[case_study.id]
    return render_template("case_studies/view.html", case_study=case_study, progress=progress,
                           reading=versions.reading(case_study, request.args.get("version")))


@bp.route("/<int:case_study_id>/reopen", methods=["POST"])
@login_required
def reopen(case_study_id: int):
    """Turn a submitted case study back into a draft, before the deadline and before a decision is released."""
    case_study = queries.get_case_study_or_404(case_study_id, for_user=current_user, for_update=True)
    if can_edit_case_study(current_user, case_study):  # a second click: it is a draft already
        return redirect_for(url_for(".edit", case_study_id=case_study.id))
    progress = queries.progress_of([case_study])[case_study.id]
    if not can_reopen_case_study(current_user, case_study, decision_released=progress.decision_released):
        return editing.refuse_change(case_study)
    operations.reopen_case_study(case_study=case_study, actor=acting_user())
    db.session.commit()
    flash(_("Your case study is a draft again. Remember to submit it again before the deadline."), "success")
    return redirect_for(url_for(".edit", case_study_id=case_study.id))


@bp.route("/<int:case_study_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(case_study_id: int):
    """Withdraw a case study from the call, after a confirmation page; an accepted one leaves the report,
    so that is confirmed in so many words."""
    case_study = queries.get_case_study_or_404(case_study_id, for_user=current_user,
                                               for_update=request.method == "POST")
    if case_study.status == "withdrawn" and is_applicant_of(current_user, case_study):  # a second click
        return redirect_for(url_for(".view", case_study_id=case_study.id))
    accepted = queries.progress_of([case_study])[case_study.id].accepted
    if not can_withdraw_case_study(current_user, case_study, accepted=accepted):
        return editing.refuse_change(case_study)
    form = WithdrawForm(accepted=accepted)
    if not form.validate_on_submit():
        return render_template("case_studies/withdraw.html", case_study=case_study, form=form,
                               accepted=accepted), 422 if form.is_submitted() else 200
    operations.withdraw_case_study(case_study=case_study, actor=acting_user())
    db.session.commit()
    flash(_("Your case study is withdrawn and has left the report; the editors have been told.") if accepted
          else _("Your case study is withdrawn."), "success")
    return redirect_for(url_for(".view", case_study_id=case_study.id))


@bp.route("/<int:case_study_id>/attachments/<int:attachment_id>")
@login_required
def download(case_study_id: int, attachment_id: int):
    """Download an attachment, for those who may see the case study."""
    case_study = queries.get_case_study_or_404(case_study_id, for_user=current_user)
    attachment = queries.get_attachment_or_404(case_study, attachment_id, with_data=True)
    name = attachment.filename
    if not can_see_applicant_identity(current_user, case_study):  # a file's name may say who wrote it
        name = safe_filename(f"attachment-{attachment.id}", attachment.content_type)
    response = send_file(BytesIO(attachment.data), mimetype=attachment.content_type, as_attachment=True,
                         download_name=name, max_age=0, etag=attachment.sha256)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/<int:case_study_id>/attachments/<int:attachment_id>/remove", methods=["POST"])
@login_required
def remove_attachment(case_study_id: int, attachment_id: int):
    """Remove an attachment from a draft."""
    case_study = queries.get_case_study_or_404(case_study_id, for_user=current_user, for_update=True)
    attachment = queries.get_attachment_or_404(case_study, attachment_id)
    if not can_edit_case_study(current_user, case_study):
        return editing.refuse_change(case_study)
    operations.remove_attachment(case_study=case_study, attachment=attachment, actor=acting_user())
    db.session.commit()
    flash(_("“%(name)s” is removed.", name=attachment.filename), "success")
    return redirect_for(url_for(".edit", case_study_id=case_study.id, _anchor="attachments"))


@bp.errorhandler(StaleDataError)
def lost_race(error):
    """A write that lost a race the version check could not see: someone saved in between."""
    db.session.rollback()
    return render_template("errors/error.html", code=409, title=None, message=_(
        "Someone else changed this in the meantime. Reload the page to see the latest version.")), 409
