"""Reads for the calls list and the rubric editor, and which translations a call and its criteria lack."""

from __future__ import annotations

from sqlalchemy import func, select

from ...case_studies.models import Call, CaseStudy, Forum
from ...extensions import db
from ...i18n import languages
from ...reviews.models import Criterion, Score
from ...translatable import missing_locales, translation_locales


def calls_with_counts() -> tuple[list[Call], dict[int, int]]:
    """Every call, the latest opening first, and how many case studies each has."""
    calls = list(db.session.execute(select(Call).order_by(Call.opens_at.desc(), Call.id.desc())).scalars())
    counts = dict(db.session.execute(
        select(CaseStudy.call_id, func.count(CaseStudy.id)).group_by(CaseStudy.call_id)).all())
    return calls, counts


def all_fora() -> list[Forum]:
    """Every forum, in the order of their English names (the order applicants choose from)."""
    return list(db.session.execute(select(Forum).order_by(Forum.name)).scalars())


def get_forum_or_404(forum_id: int) -> Forum:
    return db.get_or_404(Forum, forum_id)


def get_criterion_or_404(criterion_id: int) -> Criterion:
    return db.get_or_404(Criterion, criterion_id)


def scored_criterion_ids(call_id: int) -> set[int]:
    """Criteria of the call that already carry at least one score."""
    return set(db.session.execute(
        select(Score.criterion_id).join(Criterion, Criterion.id == Score.criterion_id)
        .where(Criterion.call_id == call_id, Score.value.is_not(None)).distinct()
    ).scalars())


def untranslated_call(call: Call) -> list[str]:
    """The languages (their own names) lacking the call's title or description."""
    names = languages()
    return [names[locale] for locale in missing_locales(call, ("title", "description"))]


def untranslated_criterion(criterion: Criterion) -> list[str]:
    """The languages (their own names) lacking the criterion's label, its guidance or a level's descriptor."""
    missing = set(missing_locales(criterion, ("label", "guidance")))
    for level in criterion.levels:
        missing.update(missing_locales(level, ("descriptor",)))
    names = languages()
    return [names[locale] for locale in translation_locales() if locale in missing]
