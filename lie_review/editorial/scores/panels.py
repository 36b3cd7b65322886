"""What each economy's panel gives, from one query's rows: every case study's mean total per panel, and
per criterion how far reviewers agree (agreement.ordinal_alpha) within each panel and across them all.

Panels are the reviewers' economies: the call's panel economies in their order, then any other economy
whose reviewers submitted reviews, by code (as in the summary's panels). A reviewer without an economy
counts in "all panels" only.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from ...case_studies.models import Call
from ...extensions import db
from ...reviews.models import Criterion
from .agreement import ordinal_alpha
from .sql import reviews_cte


def active_criteria(call_id: int) -> list[Criterion]:
    """The call's active criteria in rubric order, read anew: a build's snapshot may be newer than what
    the request loaded before it."""
    return list(db.session.execute(
        select(Criterion).where(Criterion.call_id == call_id, Criterion.active.is_(True))
        .order_by(Criterion.position, Criterion.id).execution_options(populate_existing=True)).scalars())


def normalised(level: int, criterion: Criterion) -> float:
    """A level on 0–100, as the review total counts it: (s − min)/(max − min)·100."""
    return (level - criterion.scale_min) / (criterion.scale_max - criterion.scale_min) * 100.0


def panel_scores(call: Call, criteria: list[Criterion]) -> tuple[dict[int, dict[str, float]], list[dict]]:
    """Per case study {economy code: mean of its reviewers' totals}, and the call's agreement per criterion."""
    reviews = reviews_cte(call.id, [c.id for c in criteria])
    rows = db.session.execute(select(reviews.c.case_study_id, reviews.c.economy, reviews.c.total,
                                     *[reviews.c[f"score_{c.id}"] for c in criteria])).all()
    sums: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
    # criterion → economy code (None: all panels) → case study → the levels chosen
    levels: dict[int, dict[str | None, dict[int, list[int]]]] = {
        c.id: defaultdict(lambda: defaultdict(list)) for c in criteria}
    for case_study_id, code, total, *scores in rows:
        if code is not None:
            cell = sums[case_study_id][code]
            cell[0] += 1
            cell[1] += total
        for criterion, level in zip(criteria, scores):
            if level is None:
                continue
            levels[criterion.id][None][case_study_id].append(level)
            if code is not None:
                levels[criterion.id][code][case_study_id].append(level)
    means = {case_study_id: {code: total / n for code, (n, total) in by_code.items()}
             for case_study_id, by_code in sums.items()}
    panel = [e.code for e in call.panel_economies]
    codes = panel + sorted({code for _cs, code, *_rest in rows if code is not None} - set(panel))
    return means, [_criterion_agreement(c, levels[c.id], codes, call.disagreement_threshold) for c in criteria]


def _criterion_agreement(criterion: Criterion, levels, codes: list[str], threshold: float) -> dict:
    def cell(units: dict[int, list[int]]) -> dict:
        chosen = [normalised(level, criterion) for unit in units.values() for level in unit]
        return {"alpha": ordinal_alpha(list(units.values()), range(criterion.scale_min, criterion.scale_max + 1)),
                "mean": sum(chosen) / len(chosen) if chosen else None, "levels": len(chosen)}

    panels = [{"code": code, **cell(levels.get(code, {}))} for code in codes]
    panel_means = [p["mean"] for p in panels if p["mean"] is not None]
    difference = max(panel_means) - min(panel_means) if len(panel_means) >= 2 else None
    return {"criterion_id": criterion.id, "label": criterion.label,
            "labels": {locale: fields["label"] for locale, fields in (criterion.translations or {}).items()
                       if fields.get("label")},
            "panels": panels, "all": cell(levels.get(None, {})), "difference": difference,
            "flagged": difference is not None and difference > threshold}
