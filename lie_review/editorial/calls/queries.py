"""Reads for the calls list and the rubric editor."""

from __future__ import annotations

from sqlalchemy import func, select

from ...case_studies.models import Call, CaseStudy
from ...extensions import db
from ...reviews.models import Criterion, Score


def calls_with_counts() -> tuple[list[Call], dict[int, int]]:
    """Every call, the latest opening first, and how many case studies each has."""
    calls = list(db.session.execute(select(Call).order_by(Call.opens_at.desc(), Call.id.desc())).scalars())
    counts = dict(db.session.execute(
        select(CaseStudy.call_id, func.count(CaseStudy.id)).group_by(CaseStudy.call_id)).all())
    return calls, counts


def get_criterion_or_404(criterion_id: int) -> Criterion:
    return db.get_or_404(Criterion, criterion_id)


def scored_criterion_ids(call_id: int) -> set[int]:
    """Criteria of the call that already carry at least one score."""
    return set(db.session.execute(
        select(Score.criterion_id).join(Criterion, Criterion.id == Score.criterion_id)
        .where(Criterion.call_id == call_id, Score.value.is_not(None)).distinct()
    ).scalars())
