"""Calls and their rubric: the list of calls; creating, editing and copying a call; the rubric editor;
the fora's names and cities in every language."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...case_studies.models import Call
from ...case_studies.queries import get_call_or_404
from ...extensions import db
from ...forms import ActionForm, MoveForm
from ...htmx import is_partial, render
from ...permissions import acting_user
from ...reviews.queries import criteria_of
from ..guards import Refused, StaleEdit
from . import operations as ops
from .forms import CallForm, CriterionForm, ForumForm, forum_prefix
from .queries import (
    all_fora,
    calls_with_counts,
    get_criterion_or_404,
    get_forum_or_404,
    scored_criterion_ids,
    untranslated_call,
    untranslated_criterion,
)


def calls():
    """Every call, with how many case studies each has."""
    rows, counts = calls_with_counts()
    return render_template("editorial/calls.html", calls=rows, counts=counts)


def _call_form(data: dict | None) -> CallForm:
    """On GET the form starts from `data`; on POST only what was sent counts."""
    return CallForm.build(data=data) if request.method == "GET" else CallForm.build()


def _call_page(form: CallForm, *, mode: str, action: str, call: Call | None = None, status: int | None = None,
               message: str | None = None):
    return render_template("editorial/call_form.html", form=form, mode=mode, action=action, call=call,
                           message=message), status or (422 if form.errors else 200)


def _created(call: Call, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("editorial.rubric", call_id=call.id), code=303)


def new_call():
    """Create a call, with the default rubric."""
    form = _call_form(CallForm.defaults() if request.method == "GET" else None)
    if not form.validate_on_submit():
        return _call_page(form, mode="new", action=url_for("editorial.new_call"))
    call = ops.create_call(values=form.values(), translations=form.text_translations(),
                           panel_economy_ids=form.panel.data, actor=acting_user())
    return _created(call, _("The call is created with the default rubric: review it below."))


def edit_call(call_id: int):
    """Edit a call's dates, panel and settings; a save from an outdated form is refused (409)."""
    call = get_call_or_404(call_id)
    form = _call_form(CallForm.data_of(call))
    page = dict(mode="edit", action=url_for("editorial.edit_call", call_id=call.id), call=call)
    if not form.validate_on_submit():
        return _call_page(form, **page)
    try:
        changed = ops.update_call(call=call, values=form.values(), translations=form.text_translations(),
                                  panel_economy_ids=form.panel.data, expected_stamp=form.stamp.data,
                                  actor=acting_user())
    except StaleEdit:
        db.session.rollback()
        form.stamp.data = ops.call_stamp(call)
        return _call_page(form, **page, status=409, message=_(
            "Someone else saved this call after you opened it. Your changes are below, not yet "
            "saved: check them against the call and save again."))
    db.session.commit()
    flash(_("The call is saved.") if changed else _("Nothing changed."), "success")
    return redirect(url_for("editorial.dashboard", call_id=call.id), code=303)


def copy_call(call_id: int):
    """Start a new call from a copy of another's settings and rubric (no case studies)."""
    source = get_call_or_404(call_id)
    data = CallForm.data_of(source, copy=True)
    data["title"] = _("%(title)s (copy)", title=source.title)[:200]
    form = _call_form(data)
    if not form.validate_on_submit():
        return _call_page(form, mode="copy", action=url_for("editorial.copy_call", call_id=source.id), call=source)
    call = ops.create_call(values=form.values(), translations=form.text_translations(),
                           panel_economy_ids=form.panel.data, copy_from=source, actor=acting_user())
    return _created(call, _("The call is copied with its rubric and settings; no case studies were copied."))


def _rubric_context(call: Call, message: str | None = None) -> dict:
    criteria = criteria_of(call.id)
    active = [c for c in criteria if c.active]
    total_weight = sum(c.weight for c in active)
    return {"call": call, "criteria": criteria, "active": active, "scored": scored_criterion_ids(call.id),
            "shares": {c.id: 100 * c.weight / total_weight for c in active} if total_weight else {},
            "untranslated": {c.id: untranslated_criterion(c) for c in criteria},
            "call_untranslated": untranslated_call(call), "action_form": ActionForm(), "message": message}


def rubric(call_id: int):
    """The rubric editor: the call's criteria, their weights and a preview of the reviewer's form."""
    return render_template("editorial/rubric.html", **_rubric_context(get_call_or_404(call_id)))


def _criterion_page(form: CriterionForm, call: Call, *, action: str, criterion=None, has_scores=False,
                    status: int | None = None, message: str | None = None):
    return render_template("editorial/criterion_form.html", form=form, call=call, criterion=criterion,
                           action=action, has_scores=has_scores, message=message, new_levels=[]
                           ), status or (422 if form.errors else 200)


def _levels_page(form: CriterionForm, call: Call, **page):
    """The form again, with a descriptor field per level of the scale it was sent with and everything
    typed kept, nothing saved: only the levels' part for htmx, the whole page otherwise."""
    return render("editorial/criterion_form.html", "editorial/_levels.html", form=form, call=call,
                  new_levels=form.new_levels(), message=None, **page)


def new_criterion(call_id: int):
    """Add a criterion at the end of the rubric."""
    call = get_call_or_404(call_id)
    form = CriterionForm.build()
    action = url_for("editorial.new_criterion", call_id=call.id)
    if form.levels_only():
        return _levels_page(form, call, action=action, criterion=None, has_scores=False)
    if not form.validate_on_submit():
        return _criterion_page(form, call, action=action)
    ops.add_criterion(call=call, values=form.values(), translations=form.text_translations(),
                      descriptors=form.descriptors(), level_translations=form.level_translations(),
                      actor=acting_user())
    db.session.commit()
    flash(_("The criterion is added."), "success")
    return redirect(url_for("editorial.rubric", call_id=call.id), code=303)


def edit_criterion(criterion_id: int):
    """Edit a criterion, its weight and level descriptors (its scale only while it has no scores)."""
    criterion = get_criterion_or_404(criterion_id)
    call, has_scores = criterion.call, criterion.id in scored_criterion_ids(criterion.call_id)
    form = CriterionForm.build(data=CriterionForm.data_of(criterion) if request.method == "GET" else None)
    page = dict(action=url_for("editorial.edit_criterion", criterion_id=criterion.id), criterion=criterion,
                has_scores=has_scores)
    if not has_scores and form.levels_only():
        return _levels_page(form, call, **page)
    if not form.validate_on_submit():
        return _criterion_page(form, call, **page)
    try:
        ops.update_criterion(criterion=criterion, values=form.values(), translations=form.text_translations(),
                             descriptors=form.descriptors(), level_translations=form.level_translations(),
                             has_scores=has_scores, expected_stamp=form.stamp.data, actor=acting_user())
    except ops.RubricError as error:
        db.session.rollback()
        form.scale_min.errors.append(str(error))
        return _criterion_page(form, call, **page)
    except StaleEdit:
        db.session.rollback()
        form.stamp.data = ops.criterion_stamp(criterion)
        return _criterion_page(form, call, **page, status=409, message=_(
            "Someone else saved this criterion after you opened it. Your changes are below, not "
            "yet saved: check them and save again."))
    db.session.commit()
    flash(_("The criterion is saved. Every review total and aggregate now uses it."), "success")
    return redirect(url_for("editorial.rubric", call_id=call.id), code=303)


def _after_change(call: Call, message: str, *, error: bool = False):
    """The rubric fragment for htmx (409 on a refusal), a redirect to the rubric otherwise."""
    if is_partial():
        return render_template("editorial/_rubric.html", **_rubric_context(call, message)), 409 if error else 200
    flash(message, "error" if error else "success")
    return redirect(url_for("editorial.rubric", call_id=call.id), code=303)


def move_criterion(criterion_id: int):
    """Move a criterion one place up or down the rubric."""
    criterion = get_criterion_or_404(criterion_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _after_change(criterion.call, _("Choose to move the criterion up or down."), error=True)
    moved = ops.move_criterion(criterion=criterion, offset=form.offset, actor=acting_user())
    db.session.commit()
    return _after_change(criterion.call, _("“%(label)s” moved.", label=criterion.text("label")) if moved
                         else _("“%(label)s” is already at that end.", label=criterion.text("label")))


def _set_active(criterion_id: int, active: bool, message: str):
    criterion = get_criterion_or_404(criterion_id)
    try:
        ops.set_criterion_active(criterion=criterion, active=active, actor=acting_user())
    except ops.RubricError as error:
        db.session.rollback()
        return _after_change(criterion.call, str(error), error=True)
    db.session.commit()
    return _after_change(criterion.call, message % {"label": criterion.text("label")})


def deactivate_criterion(criterion_id: int):
    """Leave a criterion out of forms and totals, keeping its scores."""
    return _set_active(criterion_id, False, _("“%(label)s” is deactivated: reviewers no longer see it and totals "
                                              "leave it out; its scores are kept."))


def activate_criterion(criterion_id: int):
    """Bring a deactivated criterion back into forms and totals."""
    return _set_active(criterion_id, True, _("“%(label)s” is active again."))


def _fora_page(failed: ForumForm | None = None, failed_id: int | None = None, *, status: int = 200,
               message: str | None = None):
    """Every forum with its form, filled from the database unless it is the one that failed."""
    fora, forms = all_fora(), {}
    for forum in fora:
        forms[forum.id] = failed if forum.id == failed_id else ForumForm.build(
            formdata=None, prefix=forum_prefix(forum.id), data=ForumForm.data_of(forum))
        forms[forum.id].show_fallbacks(forum)
    return render_template("editorial/fora.html", fora=fora, forms=forms, message=message), status


def fora():
    """The fora, each with its name and city in English and in every other language, to edit."""
    return _fora_page()


def edit_forum(forum_id: int):
    """Rename a forum or translate its name and city; a save from an outdated page is refused (409)."""
    forum = get_forum_or_404(forum_id)
    form = ForumForm.build(prefix=forum_prefix(forum.id))
    if not form.validate_on_submit():
        return _fora_page(form, forum.id, status=422)
    try:
        changed = ops.update_forum(forum=forum, values=form.values(), translations=form.text_translations(),
                                   expected_stamp=form.stamp.data, actor=acting_user())
    except Refused as error:
        db.session.rollback()
        form.name.errors.append(str(error))
        return _fora_page(form, forum.id, status=422)
    except StaleEdit:
        db.session.rollback()
        form.stamp.data = ops.forum_stamp(forum)
        return _fora_page(form, forum.id, status=409, message=_(
            "Someone else saved this forum after you opened the page. Your changes are below, not yet "
            "saved: check them and save again."))
    db.session.commit()
    flash(_("The forum is saved.") if changed else _("Nothing changed."), "success")
    return redirect(url_for("editorial.fora", _anchor=f"forum-{forum.id}"), code=303)
