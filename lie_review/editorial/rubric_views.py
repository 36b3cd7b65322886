"""The rubric editor: criteria of a call, with a preview of the reviewer's form."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..case_studies.models import Call
from ..extensions import db
from ..htmx import is_partial
from .call_operations import (
    CRITERION_FIELDS,
    RubricError,
    StaleEdit,
    add_criterion,
    move_criterion as move,
    set_criterion_active,
    stamp_of,
    update_criterion,
)
from .forms import ActionForm, CriterionForm, MoveForm
from .queries import criteria_of, get_call_or_404, get_criterion_or_404, scored_criterion_ids


def _rubric_context(call: Call, message: str | None = None) -> dict:
    criteria = criteria_of(call.id)
    active = [c for c in criteria if c.active]
    total_weight = sum(c.weight for c in active)
    return {"call": call, "criteria": criteria, "active": active, "scored": scored_criterion_ids(call.id),
            "shares": {c.id: 100 * c.weight / total_weight for c in active} if total_weight else {},
            "action_form": ActionForm(), "message": message}


def rubric(call_id: int):
    call = get_call_or_404(call_id)
    return render_template("editorial/rubric.html", **_rubric_context(call))


def _criterion_page(form: CriterionForm, call: Call, *, action: str, criterion=None, has_scores=False,
                    status: int | None = None, message: str | None = None):
    return render_template("editorial/criterion_form.html", form=form, call=call, criterion=criterion,
                           action=action, has_scores=has_scores, message=message
                           ), status or (422 if form.errors else 200)


def new_criterion(call_id: int):
    call = get_call_or_404(call_id)
    form = CriterionForm()
    if form.validate_on_submit():
        add_criterion(call=call, values=form.values(), descriptors=form.descriptors())
        db.session.commit()
        flash(_("The criterion is added."), "success")
        return redirect(url_for("editorial.rubric", call_id=call.id), code=303)
    return _criterion_page(form, call, action=url_for("editorial.new_criterion", call_id=call.id))


def edit_criterion(criterion_id: int):
    criterion = get_criterion_or_404(criterion_id)
    call = criterion.call
    has_scores = criterion.id in scored_criterion_ids(call.id)
    form = CriterionForm(data=CriterionForm.data_of(criterion)) if request.method == "GET" else CriterionForm()
    page = dict(action=url_for("editorial.edit_criterion", criterion_id=criterion.id), criterion=criterion,
                has_scores=has_scores)
    if form.validate_on_submit():
        try:
            update_criterion(criterion=criterion, values=form.values(), descriptors=form.descriptors(),
                             has_scores=has_scores, expected_stamp=form.stamp.data)
        except RubricError as error:
            db.session.rollback()
            form.scale_min.errors.append(str(error))
            return _criterion_page(form, call, **page)
        except StaleEdit:
            db.session.rollback()
            form.stamp.data = stamp_of(criterion, CRITERION_FIELDS)
            return _criterion_page(form, call, **page, status=409, message=_(
                "Someone else saved this criterion after you opened it. Your changes are below, not "
                "yet saved: check them and save again."))
        db.session.commit()
        flash(_("The criterion is saved. Every review total and aggregate now uses it."), "success")
        return redirect(url_for("editorial.rubric", call_id=call.id), code=303)
    return _criterion_page(form, call, **page)


def _after_change(call: Call, message: str, *, error: bool = False):
    """The rubric fragment for htmx (409 on a refusal), a redirect to the rubric otherwise."""
    if is_partial():
        return render_template("editorial/_rubric.html", **_rubric_context(call, message)), 409 if error else 200
    flash(message, "error" if error else "success")
    return redirect(url_for("editorial.rubric", call_id=call.id), code=303)


def move_criterion(criterion_id: int):
    criterion = get_criterion_or_404(criterion_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _after_change(criterion.call, _("Choose to move the criterion up or down."), error=True)
    moved = move(criterion=criterion, offset=-1 if form.direction.data == "up" else 1)
    db.session.commit()
    return _after_change(criterion.call, _("“%(label)s” moved.", label=criterion.label) if moved
                         else _("“%(label)s” is already at that end.", label=criterion.label))


def _set_active(criterion_id: int, active: bool):
    criterion = get_criterion_or_404(criterion_id)
    try:
        set_criterion_active(criterion=criterion, active=active)
    except RubricError as error:
        db.session.rollback()
        return _after_change(criterion.call, str(error), error=True)
    db.session.commit()
    return _after_change(criterion.call, _("“%(label)s” is active again.", label=criterion.label) if active else
                         _("“%(label)s” is deactivated: reviewers no longer see it and totals leave it out; "
                           "its scores are kept.", label=criterion.label))


def deactivate_criterion(criterion_id: int):
    return _set_active(criterion_id, False)


def activate_criterion(criterion_id: int):
    return _set_active(criterion_id, True)
