"""Releasing decisions: the preview of every email, then one email per applicant."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ...case_studies.queries import get_call_or_404
from ...extensions import db
from ...forms import ActionForm
from ...i18n import mail_locale
from ...mail import render_mail
from ...permissions import acting_user
from .feedback import feedback_items, feedback_rows
from .operations import decision_email_context, release_decisions
from .queries import unreleased_decisions

EMAIL_PREVIEWS = 10


def release(call_id: int):
    """The decisions waiting to be released, with their emails; posted, release them all."""
    call = get_call_or_404(call_id)
    form = ActionForm()
    if form.validate_on_submit():
        released = release_decisions(call=call, actor=acting_user())
        db.session.commit()
        flash(ngettext("%(num)d decision released; its applicant was emailed once.",
                       "%(num)d decisions released; each applicant was emailed once.", released) if released
              else _("There were no decisions waiting to be released."), "success")
        return redirect(url_for("editorial.dashboard", call_id=call.id), code=303)
    decisions = unreleased_decisions(call.id)
    stored = feedback_rows([decision.case_study_id for decision in decisions])
    shown = decisions[:EMAIL_PREVIEWS]
    items = feedback_items([decision.case_study for decision in shown], call.id, stored)
    previews = [(decision, *render_mail("decision_released", locale=mail_locale(decision.case_study.applicant),
                                         **decision_email_context(decision, call, items[decision.case_study_id])))
                for decision in shown]
    edited = {case_study_id for case_study_id, row in stored.items() if row.edited}
    return render_template("editorial/release.html", call=call, decisions=decisions, previews=previews,
                           form=form, edited=edited)
