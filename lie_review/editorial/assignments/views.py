"""The call's assignment page: auto-assignment previewed then applied, and the reviewers' emails."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ...case_studies.models import Call
from ...case_studies.queries import get_call_or_404
from ...extensions import db
from ...forms import ActionForm
from ...permissions import acting_user
from ..guards import Refused, StaleEdit
from . import operations as ops
from .forms import AutoAssignForm
from .queries import pending_notifications, plan_preview


def _assignments_page(call: Call, *, status: int = 200, message: str | None = None):
    plan = ops.preview_auto_assign(call=call)
    assignments, reviewers = pending_notifications(call.id)
    return render_template(
        "editorial/assignments.html", call=call, plan=plan, preview=plan_preview(plan),
        form=AutoAssignForm(plan=ops.plan_fingerprint(plan)), action_form=ActionForm(),
        pending_assignments=assignments, pending_reviewers=reviewers, message=message), status


def _back(call: Call, message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for("editorial.assignments", call_id=call.id), code=303)


def assignments(call_id: int):
    """What auto-assignment would add to the call, and the reviewers still to be emailed."""
    return _assignments_page(get_call_or_404(call_id))


def apply_auto_assign(call_id: int):
    """Apply the previewed plan, unless the call changed since, and email the reviewers."""
    call = get_call_or_404(call_id)
    form = AutoAssignForm()
    if not form.validate_on_submit():
        return _assignments_page(call, status=422, message=_("Preview the assignments, then apply them."))
    try:
        plan = ops.apply_auto_assign(call=call, expected=form.plan.data, actor=acting_user())
    except StaleEdit:
        db.session.rollback()
        return _assignments_page(call, status=409, message=_(
            "Case studies, reviewers or assignments changed since your preview, so nothing was "
            "applied. Here is the new preview."))
    emailed = ops.notify_new_assignments(call=call, actor=acting_user())
    db.session.commit()
    flash(ngettext("%(num)d assignment added.", "%(num)d assignments added.", len(plan.additions)) + " "
          + ngettext("%(num)d reviewer emailed.", "%(num)d reviewers emailed.", emailed), "success")
    return redirect(url_for("editorial.dashboard", call_id=call.id), code=303)


def notify_reviewers(call_id: int):
    """Email each reviewer the assignments made by hand that they have not heard of yet."""
    call = get_call_or_404(call_id)
    emailed = ops.notify_new_assignments(call=call, actor=acting_user())
    db.session.commit()
    return _back(call, ngettext("%(num)d reviewer emailed about their new assignments.",
                                "%(num)d reviewers emailed about their new assignments.", emailed))


def remind_reviewers(call_id: int):
    """Remind every reviewer with unfinished reviews, while review is open."""
    call = get_call_or_404(call_id)
    try:
        emailed = ops.send_reminders(call=call, actor=acting_user())
    except Refused as error:
        db.session.rollback()
        return _back(call, str(error), "error")
    db.session.commit()
    return _back(call, ngettext("%(num)d reviewer with unfinished reviews was reminded.",
                                "%(num)d reviewers with unfinished reviews were reminded.", emailed))
