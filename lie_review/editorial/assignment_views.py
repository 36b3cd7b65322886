"""Assigning reviewers: by hand on a case study, or automatically for a whole call; their emails."""

from __future__ import annotations

from collections import Counter

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import Economy, User
from ..case_studies.models import Call, CaseStudy
from ..extensions import db
from ..htmx import is_partial
from .call_operations import StaleEdit
from .case_study_views import case_study_page
from .forms import ActionForm, AssignForm, AutoAssignForm
from .labels import SHORTAGE_LABELS
from .operations import (
    Refused,
    add_assignment as add,
    apply_auto_assign as apply_plan,
    notify_new_assignments,
    pending_notifications,
    plan_fingerprint,
    preview_auto_assign,
    remove_assignment as remove,
    send_reminders,
)
from .queries import assignments_of, candidates_for, get_assignment_or_404, get_call_or_404, get_case_study_or_404

PREVIEW_ROWS = 200


def _preview(call: Call, plan) -> dict:
    """What the plan adds (reviewers by load, the first rows in full) and what it cannot fill."""
    shown = plan.additions[:PREVIEW_ROWS]
    case_ids = {c for c, _ in shown} | {c for s in plan.shortages.values() for c in s.case_study_ids[:20]}
    titles = dict(db.session.execute(select(CaseStudy.id, CaseStudy.title).where(CaseStudy.id.in_(case_ids))).all())
    added = Counter(r for _, r in plan.additions)
    people = {row.id: row for row in db.session.execute(
        select(User.id, User.name, Economy.code).outerjoin(Economy, Economy.id == User.economy_id)
        .where(User.id.in_(list(added))))}
    codes = dict(db.session.execute(select(Economy.id, Economy.code)).all())
    return {
        "rows": [(titles[c], people[r].name, people[r].code) for c, r in shown],
        "more": len(plan.additions) - len(shown),
        "reviewers": sorted(((people[r].name, people[r].code, n) for r, n in added.items()),
                            key=lambda item: (item[1] or "", item[0])),
        "shortages": [(SHORTAGE_LABELS[s.reason] % {"economy": codes.get(s.economy_id, "?"),
                                                    "n": len(s.case_study_ids)},
                       [titles[c] for c in s.case_study_ids[:20]], len(s.case_study_ids) - 20)
                      for s in sorted(plan.shortages.values(), key=lambda s: codes.get(s.economy_id, ""))],
    }


def _assignments_page(call: Call, *, status: int = 200, message: str | None = None):
    plan = preview_auto_assign(call=call)
    assignments, reviewers = pending_notifications(call.id)
    return render_template(
        "editorial/assignments.html", call=call, plan=plan, preview=_preview(call, plan),
        form=AutoAssignForm(plan=plan_fingerprint(plan)), action_form=ActionForm(),
        pending_assignments=assignments, pending_reviewers=reviewers, message=message), status


def assignments(call_id: int):
    return _assignments_page(get_call_or_404(call_id))


def apply_auto_assign(call_id: int):
    call = get_call_or_404(call_id)
    form = AutoAssignForm()
    if not form.validate_on_submit():
        return _assignments_page(call, status=422, message=_("Preview the assignments, then apply them."))
    try:
        plan = apply_plan(call=call, expected=form.plan.data)
    except StaleEdit:
        db.session.rollback()
        return _assignments_page(call, status=409, message=_(
            "Case studies, reviewers or assignments changed since your preview, so nothing was "
            "applied. Here is the new preview."))
    emailed = notify_new_assignments(call=call)
    db.session.commit()
    flash(_("%(n)d assignments added; %(m)d reviewers emailed.", n=len(plan.additions), m=emailed), "success")
    return redirect(url_for("editorial.dashboard", call_id=call.id), code=303)


def notify_reviewers(call_id: int):
    call = get_call_or_404(call_id)
    emailed = notify_new_assignments(call=call)
    db.session.commit()
    flash(_("%(n)d reviewers emailed about their new assignments.", n=emailed), "success")
    return redirect(url_for("editorial.assignments", call_id=call.id), code=303)


def remind_reviewers(call_id: int):
    call = get_call_or_404(call_id)
    try:
        emailed = send_reminders(call=call)
    except Refused as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("editorial.assignments", call_id=call.id), code=303)
    db.session.commit()
    flash(_("%(n)d reviewers with unfinished reviews were reminded.", n=emailed), "success")
    return redirect(url_for("editorial.assignments", call_id=call.id), code=303)


def _assignment_panel(case_study: CaseStudy, *, message: str | None = None, error: bool = False):
    """After adding or removing: the panel for htmx, the page (on a refusal) or a redirect otherwise."""
    status = 422 if error else 200
    if is_partial():
        assignments = assignments_of(case_study.id)
        return render_template("editorial/_assignments.html", case_study=case_study, assignments=assignments,
                               candidates=candidates_for(case_study, assignments), assign_form=AssignForm(),
                               action_form=ActionForm(), assign_message=message, assign_error=error), status
    if error:
        return case_study_page(case_study, status=status, assign_message=message, assign_error=True)
    flash(message, "success")
    return redirect(url_for("editorial.case_study", case_study_id=case_study.id, _anchor="assignments"), code=303)


def add_assignment(case_study_id: int):
    case_study = get_case_study_or_404(case_study_id)
    form = AssignForm()
    if not form.validate_on_submit():
        return _assignment_panel(case_study, message=_("Choose a reviewer to assign."), error=True)
    try:
        assignment = add(case_study=case_study, reviewer_id=form.reviewer_id.data)
    except Refused as error:
        db.session.rollback()
        return _assignment_panel(case_study, message=str(error), error=True)
    db.session.commit()
    return _assignment_panel(case_study, message=_(
        "%(name)s is assigned. Reviewers are emailed when you send new assignments from the call's "
        "assignment page.", name=assignment.reviewer.name))


def remove_assignment(assignment_id: int):
    assignment = get_assignment_or_404(assignment_id)
    case_study, name = assignment.case_study, assignment.reviewer.name
    try:
        remove(assignment=assignment)
    except Refused as error:
        db.session.rollback()
        return _assignment_panel(case_study, message=str(error), error=True)
    db.session.commit()
    return _assignment_panel(case_study, message=_("%(name)s is no longer assigned.", name=name))
