"""The feedback preview of a case study being released: what its applicant will be sent from the reviews,
which the editor edits, trims or starts again from the reviews."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...case_studies.queries import get_call_or_404, get_case_study_or_404
from ...extensions import db
from ...i18n import languages, mail_locale
from ...permissions import acting_user
from ..guards import stamp_of
from .feedback import feedback_items, feedback_rows
from .forms import build_feedback_form, edited_items
from .operations import reset_feedback, save_feedback
from .queries import decision_of


def _refusal(case_study, decision) -> str | None:
    """Why this case study's feedback cannot be edited now, or None."""
    if case_study.status != "submitted":
        return _("Only a submitted case study has feedback to release.")
    if decision is None:
        return _("This case study has no decision yet: decide on it first, then prepare its feedback.")
    if decision.is_released:
        return _("This decision is released: the applicant has this feedback. Change the decision to release "
                 "it again with new feedback.")
    return None


def feedback(call_id: int, case_study_id: int):
    """Preview the feedback the applicant is sent with the decision; posted, save the editor's version
    (edited and removed items) or start again from the reviews."""
    call = get_call_or_404(call_id)
    posted = request.method == "POST"
    case_study = get_case_study_or_404(case_study_id, for_user=current_user, for_update=posted)
    if case_study.call_id != call.id:
        abort(404)
    decision = decision_of(case_study.id, for_update=posted)
    stored = feedback_rows([case_study.id], for_update=posted)
    items = feedback_items([case_study], call.id, stored)[case_study.id]
    stamp = stamp_of({"items": items})
    form = build_feedback_form(items, stamp)
    feedback_row, message = stored.get(case_study.id), _refusal(case_study, decision)
    page = dict(call=call, case_study=case_study, decision=decision, items=items, form=form,
                feedback=feedback_row, refusal=message, stale=False,
                locale=feedback_row.locale if feedback_row and feedback_row.edited else mail_locale(case_study.applicant))
    page["language"] = languages().get(page["locale"], page["locale"])
    if not posted:  # a refusal is shown, and the preview (of what was released, once it is)
        return render_template("editorial/feedback.html", **page)
    if message is not None:
        return render_template("editorial/feedback.html", **page), 409
    if request.form.get("stamp") != stamp:
        form = build_feedback_form(items, stamp, formdata=None)
        return render_template("editorial/feedback.html", **{**page, "form": form, "stale": True}), 409
    if not form.validate():
        return render_template("editorial/feedback.html", **page), 422
    if request.form.get("action") == "reset":
        reset_feedback(case_study=case_study, actor=acting_user())
        flash(_("The feedback is the summary of the reviews again."), "success")
    else:
        save_feedback(case_study=case_study, items=edited_items(form, items), locale=page["locale"],
                      actor=acting_user())
        flash(_("The feedback is saved. It is sent as it is now when the decision is released."), "success")
    db.session.commit()
    return redirect(url_for("editorial.feedback", call_id=call.id, case_study_id=case_study.id), code=303)
