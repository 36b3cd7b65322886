"""Reading a call's maintained scores: the call with its built state in one query, and one case study's row."""

from __future__ import annotations

from flask import abort
from sqlalchemy import and_, select

from ...case_studies.models import Call
from ...extensions import db
from .current import current_scores
from .models import CallScores, CaseStudyScore


def scored_call_or_404(call_id: int) -> tuple[Call, CallScores]:
    """The call and its scores as of its current version (built first if they are behind), or 404."""
    found = db.session.execute(select(Call, CallScores).outerjoin(CallScores, CallScores.call_id == Call.id)
                               .where(Call.id == call_id)).one_or_none()
    if found is None:
        abort(404)
    call, state = found
    return call, current_scores(call, state)


def case_study_score(call: Call, case_study_id: int,
                     read: tuple[CallScores | None, CaseStudyScore | None] | None = None) -> CaseStudyScore | None:
    """One case study's row of its call's current scores, in one query while they are current, or in none
    when `read` (the state and row a caller joined to its own query with score_row_join) is current."""
    found = read if read is not None and read[0] is not None else None
    for attempt in range(2):
        if found is None or attempt:
            found = db.session.execute(select(CallScores, CaseStudyScore).outerjoin(
                CaseStudyScore, score_row_join(case_study_id)).where(CallScores.call_id == call.id)).one_or_none()
        if found is not None and found[0].version >= call.scores_version:
            return found[1]
        current_scores(call, found[0] if found else None)
    return found[1] if found else None


def score_row_join(case_study_id):
    """The ON clause joining a case study's row of the version call_scores points at."""
    return and_(CaseStudyScore.call_id == CallScores.call_id, CaseStudyScore.version == CallScores.version,
                CaseStudyScore.case_study_id == case_study_id)


def scores_of_case_studies(call: Call, case_study_ids) -> dict[int, CaseStudyScore]:
    """The rows of these case studies in the call's current scores, by case study."""
    state = current_scores(call)
    return {row.case_study_id: row for row in db.session.execute(select(CaseStudyScore).where(
        CaseStudyScore.call_id == call.id, CaseStudyScore.version == state.version,
        CaseStudyScore.case_study_id.in_(list(case_study_ids)))).scalars()}


def scores_subquery(call_id: int, version: int, criterion_ids: list[int]):
    """The call's rows of `version` as a subquery: case_study_id, reviews, mean, calibrated, spread and
    mean_<criterion id>, for exports that join them to their own rows."""
    means = CaseStudyScore.criterion_means
    return (select(CaseStudyScore.case_study_id, CaseStudyScore.reviews, CaseStudyScore.mean,
                   CaseStudyScore.calibrated, CaseStudyScore.spread,
                   *[means[str(i)].as_float().label(f"mean_{i}") for i in criterion_ids])
            .where(CaseStudyScore.call_id == call_id, CaseStudyScore.version == version)
            .subquery("scores"))
