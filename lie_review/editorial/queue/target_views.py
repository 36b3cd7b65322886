"""The report queue's Balance section: adding and removing the targets for the accepted set.

Each is a plain form post (redirecting back to the Balance section) that htmx upgrades to a swap of
the section; a target refused is shown at its field with 422, for htmx and without it.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from ... import htmx
from ...case_studies.models import Call
from ...case_studies.queries import get_call_or_404
from ...extensions import db
from ...permissions import acting_user
from ..guards import Refused
from . import operations as ops
from .forms import TargetForm, counted_choices
from .targets import get_target_or_404, target_text
from .views import render_queue

BALANCE = "editorial/_queue_balance.html"


def _done(call: Call, message: str):
    if htmx.is_partial():
        return render_queue(call, message=message, fragment=BALANCE)
    flash(message, "success")
    return redirect(url_for("editorial.report_queue", call_id=call.id, _anchor="balance"), code=303)


def add_target(call_id: int):
    """Add a target for the balance of the call's accepted set."""
    call = get_call_or_404(call_id)
    form = TargetForm(prefix="target", counted=counted_choices())
    if not form.validate_on_submit():
        return render_queue(call, forms={"target": form}, status=422, fragment=BALANCE)
    try:
        target = ops.add_target(call=call, kind=form.kind, value=form.value, at_least=form.at_least,
                                share=form.share, actor=acting_user())
    except Refused as error:
        db.session.rollback()
        form.counted.errors.append(str(error))
        return render_queue(call, forms={"target": form}, status=422, fragment=BALANCE)
    text = target_text(target)
    db.session.commit()
    return _done(call, _("Target added: %(target)s.", target=text))


def remove_target(target_id: int):
    """Remove a target of the call's balance."""
    target = get_target_or_404(target_id)
    call, text = get_call_or_404(target.call_id), target_text(target)
    ops.remove_target(target=target, actor=acting_user())
    db.session.commit()
    return _done(call, _("Target removed: %(target)s.", target=text))
