"""The call dashboard: one URL, the whole page or (for htmx) just its rows."""

from __future__ import annotations

from flask import request

from ... import htmx
from ...case_studies.fora import fora
from ..scores.stored import scored_call_or_404
from .forms import DashboardFilterForm
from .queries import build_dashboard


def dashboard(call_id: int):
    """Every case study of a call with its progress, scores and decision; filtered, sorted and paged."""
    call, scores = scored_call_or_404(call_id)
    entries = fora()
    form = DashboardFilterForm(request.args, fora=entries)
    valid = form.validate()
    filters = form.filters(page=request.args.get("page", 1, type=int))
    board = build_dashboard(call, scores, filters, {forum.id: forum.city_label for forum in entries})
    return htmx.render("editorial/dashboard.html", "editorial/_rows.html", status=200 if valid else 422,
                       call=call, form=form, filters=filters, board=board)
