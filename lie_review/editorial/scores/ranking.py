"""Aggregates of review totals (SPEC §5.2): means, spread, disagreement, calibration, ranks."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import fmean, median, pstdev
from types import MappingProxyType
from typing import NamedTuple

MIN_REVIEWS_TO_CALIBRATE = 3
# The confidence-weighted mean is Σ cᵢ·tᵢ / Σ cᵢ over a case study's submitted totals (sql.py). A review
# whose reviewer left their confidence (1–5) unstated weighs the middle of the scale: it neither dominates
# nor vanishes, and every scored case study has a weighted mean to rank by (the weights are never zero).
UNSTATED_CONFIDENCE = 3


class ReviewTotal(NamedTuple):
    """One submitted review's total (0–100) and its raw score per criterion.

    A tuple rather than a dataclass: a call's dashboard builds tens of thousands of them per request.
    """

    case_study_id: int
    reviewer_id: int
    total: float
    scores: Mapping[int, int] = MappingProxyType({})


@dataclass
class Aggregate:
    case_study_id: int
    reviews: int
    mean: float | None
    median: float | None
    calibrated: float | None
    spread: float | None
    flagged: bool
    criterion_means: dict[int, float]


def calibrated_totals(reviews: list[ReviewTotal]) -> list[float]:
    """Each review's total after removing its reviewer's harshness or leniency.

    A reviewer with at least three submitted reviews in the call has each total t mapped to
    M + S·(t − m)/s, where m and s are that reviewer's mean and standard deviation and M and S
    those of every total in the call (population standard deviations); s = 0 gives M. Reviewers
    with fewer reviews keep their raw totals. Results are clamped to 0–100, the scale they are
    shown on beside the raw totals.
    """
    if not reviews:
        return []
    totals = [r.total for r in reviews]
    call_mean, call_sd = fmean(totals), pstdev(totals)
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for review in reviews:
        by_reviewer[review.reviewer_id].append(review.total)
    stats = {
        reviewer: (fmean(values), pstdev(values))
        for reviewer, values in by_reviewer.items()
        if len(values) >= MIN_REVIEWS_TO_CALIBRATE
    }
    result = []
    for review in reviews:
        if review.reviewer_id not in stats:
            result.append(review.total)
            continue
        mean, sd = stats[review.reviewer_id]
        value = call_mean if sd == 0 else call_mean + call_sd * (review.total - mean) / sd
        result.append(min(100.0, max(0.0, value)))
    return result


def aggregate(reviews: list[ReviewTotal], threshold: float = 30.0) -> dict[int, Aggregate]:
    """Per case study: raw mean, median, calibrated mean, spread, flag and per-criterion means, in one pass."""
    calibrated = calibrated_totals(reviews)
    groups: dict[int, list[tuple[ReviewTotal, float]]] = defaultdict(list)
    for review, value in zip(reviews, calibrated):
        groups[review.case_study_id].append((review, value))
    result = {}
    for case_study_id, items in groups.items():
        totals = [r.total for r, _ in items]
        spread = max(totals) - min(totals)
        per_criterion: dict[int, list[int]] = defaultdict(list)
        for review, _ in items:
            for criterion_id, value in review.scores.items():
                per_criterion[criterion_id].append(value)
        result[case_study_id] = Aggregate(
            case_study_id=case_study_id,
            reviews=len(items),
            mean=fmean(totals),
            median=median(totals),
            calibrated=fmean(v for _, v in items),
            spread=spread,
            flagged=len(items) >= 2 and spread >= threshold,
            criterion_means={c: fmean(v) for c, v in per_criterion.items()},
        )
    return result


# Scores equal to this many decimals are ties: sums of the same totals in another order differ in the last bits.
TIE_DECIMALS = 9


def score_order(values: list[float | None], *, descending: bool) -> list[int]:
    """The indices of `values` (given in title order) as a sorted list shows them: by value in the
    direction asked, equal values in title order, and the unscored (None) after them in title order."""
    scored = [i for i, v in enumerate(values) if v is not None]
    scored.sort(key=lambda i: round(values[i], TIE_DECIMALS), reverse=descending)  # stable, also reversed
    return scored + [i for i, v in enumerate(values) if v is None]


def competition_ranks(values: list[float | None], *, tolerance: float = 1e-9) -> list[int | None]:
    """Rank values from highest (1): one more than the number of values better by more than `tolerance`,
    so equal values share a rank and the next rank skips ("1, 2, 2, 4").

    Counting the better values, rather than comparing neighbours, keeps a chain of near-equal values
    (each within the tolerance of the next) from sharing one rank. None (no score yet) gets no rank.
    """
    ascending = sorted(v for v in values if v is not None)
    return [None if v is None else 1 + len(ascending) - bisect_right(ascending, v + tolerance) for v in values]
