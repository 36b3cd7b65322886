"""The call dashboard: one URL, the whole page or (for htmx) just its rows.

Between two changes of a call's scores its dashboard reads the same, so each part of the page is kept
as a rendered fragment (lie_review/fragments.py) under a key naming what it is made of: the rows under
the scores version, the language, the fora's version and the filters; the summary, and what needs the
editor first (case studies short of reviewers, those where reviewers disagree), under the version and
the language; the balance of the accepted set under the version (report targets bump it too), the
language and the fora's version; the filter form under the query string, the language and the fora's
version. Any change a page could show bumps one of them, so a kept part is never stale, and a request
whose parts are all kept reads the session, the call with its scores state, and nothing else.
"""

from __future__ import annotations

import dataclasses

from flask import make_response, render_template, request
from markupsafe import Markup

from ... import htmx
from ...case_studies.fora import fora
from ...fragments import fragment, remembered
from ...i18n import current_locale
from ...reference_versions import fora_version
from ..queue.targets import balance_kept, status_text
from ..scores.stored import scored_call_or_404
from .filters import Filters
from .forms import DashboardFilterForm
from .queries import attention, build_dashboard, summarise


def dashboard(call_id: int):
    """Every case study of a call with its progress, scores and decision; filtered, sorted and paged."""
    call, scores = scored_call_or_404(call_id)
    locale, fora_seen = current_locale(), fora_version()
    valid, kept_filters, filter_form = remembered(
        ("dashboard.filters", call.id, locale, fora_seen, tuple(request.args.items(multi=True))),
        lambda: _filter_form(call.id))
    filters = dataclasses.replace(kept_filters)  # build_dashboard settles the page on its own copy

    def rows() -> str:
        board = build_dashboard(call, scores, filters, {forum.id: forum.city_label for forum in fora()})
        return render_template("editorial/_rows.html", call=call, filters=filters, board=board)

    rows_html = fragment(("dashboard.rows", call.id, scores.version, locale, fora_seen,
                          dataclasses.astuple(kept_filters)), rows)
    status = 200 if valid else 422
    if htmx.is_partial():
        response = make_response(rows_html, status)
    else:
        every = request.args.get("reviewers") == "all"
        summary = fragment(("dashboard.summary", call.id, scores.version, locale, every), lambda: render_template(
            "editorial/_dashboard_summary.html", call_id=call.id,
            summary=summarise(scores, all_reviewers=every, locale=locale)))
        balance = fragment(("dashboard.balance", call.id, scores.version, locale, fora_seen),
                           lambda: _balance_summary(call.id, scores))
        needs = fragment(("dashboard.attention", call.id, scores.version, locale), lambda: render_template(
            "editorial/_dashboard_attention.html", call_id=call.id, attention=attention(call, scores)))
        response = make_response(render_template("editorial/dashboard.html", call=call, summary=summary,
                                                 balance=balance, attention=needs, filter_form=filter_form,
                                                 rows=rows_html), status)
    response.vary.add("HX-Request")
    return response


def _balance_summary(call_id: int, scores) -> str:
    """The accepted set against the targets, in short, as the scores' build kept them (no query): under
    the scores version, which decisions, the listed fields of case studies, the panel and the targets
    themselves all bump."""
    balance = balance_kept(scores.balance or {}, sorted(p["code"] for p in scores.panels if p["in_panel"]))
    return render_template("editorial/_balance.html", call_id=call_id, balance=balance,
                           short_texts=[status_text(status) for status in balance.short])


def _filter_form(call_id: int) -> tuple[bool, Filters, str]:
    """Whether the query string is valid, the filters it asks for, and the form showing them."""
    form = DashboardFilterForm(request.args, fora=fora())
    valid = form.validate()
    filters = form.filters(page=request.args.get("page", 1, type=int))
    html = render_template("editorial/_dashboard_filters.html", call_id=call_id, form=form)
    return valid, filters, Markup(html)
