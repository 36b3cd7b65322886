"""Whether a call's scores follow its rubric yet: after a rubric change a worker rebuilds them
(editorial/scores/versions.py), and the rubric page polls this until it has."""

from __future__ import annotations

from sqlalchemy import select

from ... import htmx
from ...case_studies.models import Call, CaseStudy
from ...case_studies.queries import get_call_or_404
from ...extensions import db
from ..scores.models import CallScores


def scores_status(call_id: int):
    """The state of the call's scores: being rebuilt (a bar, polled each second) or built, and when."""
    call: Call = get_call_or_404(call_id)
    state = db.session.get(CallScores, call.id)
    behind = state is None or state.version < call.scores_version
    size = db.session.execute(select(db.func.count(CaseStudy.id)).where(CaseStudy.call_id == call.id)).scalar_one()
    return htmx.render("editorial/scores_status.html", "editorial/_scores_status.html", call=call, state=state,
                       behind=behind, size=size)
