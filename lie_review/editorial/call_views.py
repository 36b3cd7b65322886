"""Calls: the list, and creating, editing and copying a call."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..case_studies.models import Call, CaseStudy
from ..extensions import db
from .call_operations import CALL_FIELDS, StaleEdit, create_call, stamp_of, update_call
from .forms import CallForm
from .queries import get_call_or_404


def calls():
    rows = db.session.execute(select(Call).order_by(Call.opens_at.desc(), Call.id.desc())).scalars().all()
    counts = dict(db.session.execute(
        select(CaseStudy.call_id, func.count(CaseStudy.id)).group_by(CaseStudy.call_id)).all())
    return render_template("editorial/calls.html", calls=rows, counts=counts)


def _form(data: dict | None) -> CallForm:
    """On GET the form starts from `data`; on POST only what was sent counts."""
    return CallForm(data=data) if request.method == "GET" else CallForm()


def _render(form: CallForm, *, mode: str, action: str, call: Call | None = None, status: int | None = None,
            message: str | None = None):
    return render_template("editorial/call_form.html", form=form, mode=mode, action=action, call=call,
                           message=message), status or (422 if form.errors else 200)


def new_call():
    data = CallForm.defaults() if request.method == "GET" else None
    form = _form(data)
    if form.validate_on_submit():
        call = create_call(values=form.values(), panel_economy_ids=form.panel.data)
        db.session.commit()
        flash(_("The call is created with the default rubric: review it below."), "success")
        return redirect(url_for("editorial.rubric", call_id=call.id), code=303)
    return _render(form, mode="new", action=url_for("editorial.new_call"))


def edit_call(call_id: int):
    call = get_call_or_404(call_id)
    form = _form(CallForm.data_of(call))
    action = url_for("editorial.edit_call", call_id=call.id)
    if form.validate_on_submit():
        try:
            changed = update_call(call=call, values=form.values(), panel_economy_ids=form.panel.data,
                                  expected_stamp=form.stamp.data)
        except StaleEdit:
            db.session.rollback()
            form.stamp.data = stamp_of(call, CALL_FIELDS)
            return _render(form, mode="edit", action=action, call=call, status=409, message=_(
                "Someone else saved this call after you opened it. Your changes are below, not yet "
                "saved: check them against the call and save again."))
        db.session.commit()
        flash(_("The call is saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("editorial.dashboard", call_id=call.id), code=303)
    return _render(form, mode="edit", action=action, call=call)


def copy_call(call_id: int):
    source = get_call_or_404(call_id)
    data = CallForm.data_of(source)
    data["title"] = _("%(title)s (copy)", title=source.title)[:200]
    form = _form(data)
    if form.validate_on_submit():
        call = create_call(values=form.values(), panel_economy_ids=form.panel.data, copy_from=source)
        db.session.commit()
        flash(_("The call is copied with its rubric and settings; no case studies were copied."), "success")
        return redirect(url_for("editorial.rubric", call_id=call.id), code=303)
    return _render(form, mode="copy", action=url_for("editorial.copy_call", call_id=source.id), call=source)
