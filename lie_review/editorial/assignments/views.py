"""The call's assignment page: auto-assignment previewed then applied, and the reviewers' emails."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ...case_studies.models import Call
from ...case_studies.queries import get_call_or_404
from ...extensions import db
from ...forms import ActionForm
from ...permissions import acting_user
from ..guards import Refused, StaleEdit
from . import jobs as _jobs  # noqa: F401  (registers the auto-assign job for the app and its workers)
from . import operations as ops
from .forms import AutoAssignForm
from .queries import pending_notifications, plan_preview, running_job, submitted_count


def _assignments_page(call: Call, *, status: int = 200, message: str | None = None):
    plan = ops.preview_auto_assign(call=call)
    assignments, reviewers = pending_notifications(call.id)
    return render_template(
        "editorial/assignments.html", call=call, plan=plan, preview=plan_preview(plan),
        running=running_job(call.id, ops.AUTO_ASSIGN_JOB),
        form=AutoAssignForm(plan=ops.plan_fingerprint(plan)), action_form=ActionForm(),
        pending_assignments=assignments, pending_reviewers=reviewers, message=message), status


def _back(call: Call, message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for("editorial.assignments", call_id=call.id), code=303)


def assignments(call_id: int):
    """What auto-assignment would add to the call, and the reviewers still to be emailed."""
    return _assignments_page(get_call_or_404(call_id))


def apply_auto_assign(call_id: int):
    """Apply the previewed plan, unless the call changed since, and email the reviewers; on a large call
    a job does it, and the editor follows its progress."""
    call = get_call_or_404(call_id)
    form = AutoAssignForm()
    if not form.validate_on_submit():
        return _assignments_page(call, status=422, message=_("Preview the assignments, then apply them."))
    try:
        plan = ops.checked_plan(call=call, expected=form.plan.data)
    except StaleEdit:
        db.session.rollback()
        return _to_running_job(call) or _assignments_page(call, status=409, message=_(
            "Case studies, reviewers or assignments changed since your preview, so nothing was "
            "applied. Here is the new preview."))
    if running := _to_running_job(call):  # asked under the call's lock: a double click finds the first's job
        return running
    size = submitted_count(call.id)
    if size > current_app.config["AUTO_ASSIGN_DIRECT_MAX"]:
        job = ops.start_auto_assign(call=call, actor=acting_user(), case_studies=size)
        db.session.commit()
        return redirect(url_for("jobs.show", job_id=job.id), code=303)
    ops.add_planned(call=call, additions=plan.additions, actor=acting_user())
    emailed = ops.notify_new_assignments(call=call, actor=acting_user())
    db.session.commit()
    flash(ngettext("%(num)d assignment added.", "%(num)d assignments added.", len(plan.additions)) + " "
          + ngettext("%(num)d reviewer emailed.", "%(num)d reviewers emailed.", emailed), "success")
    return redirect(url_for("editorial.dashboard", call_id=call.id), code=303)


def _to_running_job(call: Call):
    """To the page of the call's auto-assignment that is under way, if one is: another is not started."""
    running = running_job(call.id, ops.AUTO_ASSIGN_JOB)
    if running is None:
        return None
    db.session.rollback()
    flash(_("Auto-assign is already running on this call."), "info")
    return redirect(url_for("jobs.show", job_id=running.id), code=303)


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
