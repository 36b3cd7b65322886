"""The case study form's responses: the page, the autosave status, and the ways a save can fail
without losing the applicant's text (expired session or form, stale version, oversized request)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from ..auth.tokens import new_token
from ..bodies import IncompleteBody
from ..extensions import db, login_manager, protect_from_forgery
from ..forms import FORM_END, same_text
from ..htmx import is_partial, redirect_for
from ..origins import same_origin
from ..permissions import is_applicant_of
from . import operations
from .attachments import MAX_COUNT
from .forms import DRAFT_FIELDS, ENGLISH_FIELDS, SEVERAL_VALUES, SINGLE_LINE_FIELDS, CaseStudyForm
from .models import CaseStudy, CaseStudyStatus
from .queries import get_case_study_or_404, progress_of
from .rules import LONG_FIELDS, WORD_LIMITS, count_words
from .versions import TRANSLATED_FIELDS, english_field

KEPT_COOKIE = "lie_review_kept_text"
KEPT_FIELDS = (*DRAFT_FIELDS, *ENGLISH_FIELDS, "version", "saved_at")
COUNTED_FIELDS = (*WORD_LIMITS, *(english_field(name) for name in WORD_LIMITS))
TEXT_FIELDS = (*SINGLE_LINE_FIELDS, *LONG_FIELDS)


def form_page(case_study: CaseStudy, form: CaseStudyForm, status: int = 200, **context):
    """The whole form page: every section, the attachments, and any notice about the last save."""
    context = {"conflict": None, "not_submitted": False, "too_large": False, **context}
    response = make_response(render_template(
        "case_studies/edit.html", case_study=case_study, call=case_study.call, form=form,
        attachments=case_study.attachments, max_attachments=MAX_COUNT, word_limits=WORD_LIMITS,
        word_counts={name: count_words(form[name].data) for name in COUNTED_FIELDS}, **context,
    ), status)
    response.vary.add("HX-Request")
    if form.kept:
        response.delete_cookie(KEPT_COOKIE, path=url_for(".edit", case_study_id=case_study.id))
    return response


def save_status(case_study: CaseStudy, state: str, status: int = 200, **context):
    """The autosave's answer: the status line, carrying the version the next save must name."""
    context = {"message": None, "errors": {}, "yours": None, "adjusted": {}, "adjusted_labels": [], **context}
    response = make_response(render_template("case_studies/_save_status.html", case_study=case_study,
                                             state=state, **context), status)
    response.vary.add("HX-Request")
    return response


def saved(case_study: CaseStudy, form: CaseStudyForm):
    """The autosave's answer once stored: "Saved", or, when a text was stored other than as sent (a control
    character dropped, an address completed), that it was, with the stored texts for the page to show."""
    english = case_study.english_version or {}
    stored = {**{name: getattr(case_study, name) or "" for name in TEXT_FIELDS},
              **{english_field(name): english.get(name, "") for name in TRANSLATED_FIELDS}}
    adjusted = {name: text for name, text in stored.items()
                if name in request.form and not same_text(request.form[name], text)}
    return save_status(case_study, "adjusted" if adjusted else "saved", adjusted=adjusted,
                       adjusted_labels=[form[name].label.text for name in adjusted])


def saved_at_value(case_study: CaseStudy) -> str:
    return case_study.updated_at.isoformat()


def refreshed(form: CaseStudyForm, case_study: CaseStudy) -> CaseStudyForm:
    """The form pointed at the version now stored, so the next save is not taken for a stale one."""
    form.version.data = str(case_study.version)
    form.saved_at.data = saved_at_value(case_study)
    form.attachment_count = len(case_study.attachments)
    return form


def stored_form(case_study: CaseStudy) -> CaseStudyForm:
    """The form filled in with the case study as stored, its English version included."""
    english = {english_field(name): text for name, text in case_study.english_version.items()}
    return refreshed(CaseStudyForm(formdata=None, obj=case_study, data=english, case_study=case_study,
                                   attachment_count=len(case_study.attachments)), case_study)


def form_with_kept_text(case_study: CaseStudy) -> CaseStudyForm:
    """The stored case study, or the text kept for it when the session ended (handed back once)."""
    token = request.cookies.get(KEPT_COOKIE)
    kept = operations.take_kept_draft(token=token, case_study=case_study) if token else None
    if kept is None:
        return stored_form(case_study)
    db.session.commit()
    form = CaseStudyForm(formdata=MultiDict(kept), case_study=case_study,
                         attachment_count=len(case_study.attachments))
    form.kept = True
    return form


def posted_version(form: CaseStudyForm) -> int:
    """The version the form was filled in on; a form without one cannot be trusted to save."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        abort(400)


def not_saved(case_study: CaseStudy, form: CaseStudyForm):
    """Something typed breaks a type or length rule: nothing is stored, the text stays in the form."""
    if is_partial():
        return save_status(case_study, "invalid", 422, errors=form.errors, form=form)
    return form_page(case_study, form, status=422)


def conflict(case_study: CaseStudy, form: CaseStudyForm):
    """The draft was saved elsewhere since this form was loaded: say when, and overwrite nothing."""
    yours = _parse_time(form.saved_at.data)
    if is_partial():
        return save_status(case_study, "conflict", 409, yours=yours)
    # Saving this page again is now a deliberate choice to replace the other version.
    return form_page(case_study, refreshed(form, case_study), status=409,
                     conflict={"yours": yours, "theirs": case_study.updated_at})


def too_large(case_study_id: int):
    """The request was over MAX_CONTENT_LENGTH, so it could not be read: say so at the attachment field."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    case_study = get_case_study_or_404(case_study_id, for_user=current_user)
    if is_partial():
        return save_status(case_study, "too_large", 413)
    form = stored_form(case_study)
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    form.attachment.errors = [_("What you sent was larger than %(mb)d MB, so nothing was saved. An attachment "
                                "may be up to 10 MB; add files one at a time.", mb=limit)]
    return form_page(case_study, form, status=413, too_large=True)


def refuse_change(case_study: CaseStudy):
    """The case study cannot be changed now: say why. A second click on Submit counts as done."""
    if not is_applicant_of(current_user, case_study):
        if request.method == "GET":
            return redirect(url_for(".view", case_study_id=case_study.id), code=303)
        abort(403)
    if case_study.status == CaseStudyStatus.SUBMITTED.value and request.form.get("action") == "submit":
        flash(_("Your case study is submitted."), "success")
        return redirect_for(url_for(".view", case_study_id=case_study.id))
    reason = locked_reason(case_study)
    if request.method == "GET":
        flash(reason, "warning")
        return redirect(url_for(".view", case_study_id=case_study.id), code=303)
    if is_partial():
        return save_status(case_study, "locked", 403, message=reason)
    return render_template("errors/error.html", code=403, title=_("This case study cannot be changed"),
                           message=reason), 403


def locked_reason(case_study: CaseStudy) -> str:
    if case_study.status == CaseStudyStatus.WITHDRAWN.value:
        return _("This case study is withdrawn, so it can no longer be changed.")
    if progress_of([case_study])[case_study.id].decision_released:
        return _("The editors' decision on this case study is released, so it can no longer be reopened or "
                 "changed: the decision stands for the text they read.")
    if not case_study.call.is_open():
        return _("The deadline for this call has passed, so the case study can no longer be changed.")
    return _("This case study is submitted. Reopen it to make changes.")


def check_post(case_study_id: int):
    """The checks a form post passes before anything else (the view is exempt from the global CSRF
    check so that this one can keep the text): None when it may go on, else the answer to give."""
    try:
        protect_from_forgery()  # reads the body first: one cut short or badly encoded is refused (bodies.py)
    except CSRFError:
        return keep_text_and_return(case_study_id)
    except RequestEntityTooLarge:
        return too_large(case_study_id)
    return None


def keep_text_and_return(case_study_id: int):
    """The session or its form token expired while the applicant was writing: keep what they posted,
    send them to log in (or straight back), and give the text back in the form."""
    if request.method != "POST":
        return login_manager.unauthorized()
    if not same_origin():
        if current_user.is_authenticated:
            abort(400)
        return login_manager.unauthorized()
    if request.form.get(FORM_END) != "1":
        raise IncompleteBody()  # text cut short is not kept to be handed back as if it were whole
    target = url_for(".edit", case_study_id=case_study_id)
    fields = {name: request.form.getlist(name) if name in SEVERAL_VALUES else request.form.get(name)
              for name in KEPT_FIELDS if name in request.form}
    if db.session.get(CaseStudy, case_study_id) is not None:
        token = operations.keep_draft(case_study_id=case_study_id, fields=fields)
        db.session.commit()
    else:
        token = new_token()[0]  # the same answer either way, so existence does not leak
    if current_user.is_authenticated:
        flash(_("This form had expired, so nothing was saved. Your text is back in the form: "
                "check it and save again."), "warning")
        response = redirect_for(target)
    else:
        flash(_("Your session had ended, so nothing was saved. Log in again and your text will be "
                "back in the form."), "info")
        response = redirect_for(url_for("auth.login", next=target))
    response.set_cookie(KEPT_COOKIE, token, max_age=int(timedelta(days=operations.KEPT_DRAFT_DAYS).total_seconds()),
                        path=target, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _parse_time(value: str | None) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
