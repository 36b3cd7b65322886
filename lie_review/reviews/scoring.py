"""The total of a single review (SPEC §5.2), from its levels and the call's criteria, without an app."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol


class Scale(Protocol):
    """What scoring needs of a criterion (a Criterion row fits, as does any plain object)."""

    id: int
    weight: float
    scale_min: int
    scale_max: int
    active: bool


@dataclass(frozen=True)
class ReviewTotal:
    """The live total of a review and how many active criteria are still without a level."""

    value: float | None
    scored: int
    unscored: int

    @property
    def complete(self) -> bool:
        return self.unscored == 0 and self.scored > 0


def level_fits(value: int | None, criterion: Scale) -> bool:
    """True when `value` is a level of the criterion's scale."""
    return value is not None and criterion.scale_min <= value <= criterion.scale_max


def weighted_total(scores: Mapping[int, int | None], criteria: Iterable[Scale]) -> float | None:
    """Σ wᵢ·(sᵢ − minᵢ)/(maxᵢ − minᵢ) / Σ wᵢ × 100 over the active criteria that have a level.

    A complete review gives exactly the SPEC formula. A partial review gives the same formula over
    the criteria scored so far (so the number is where the review stands, not a lower bound), and
    None before the first level. A stored level outside the criterion's current scale (the rubric
    changed after it was chosen) counts as not scored.
    """
    numerator = denominator = 0.0
    for criterion in criteria:
        value = scores.get(criterion.id)
        if not criterion.active or not level_fits(value, criterion):
            continue
        span = criterion.scale_max - criterion.scale_min
        numerator += criterion.weight * ((value - criterion.scale_min) / span)
        denominator += criterion.weight
    if denominator <= 0:
        return None
    return numerator / denominator * 100


def review_total(scores: Mapping[int, int | None], criteria: Iterable[Scale]) -> ReviewTotal:
    """The weighted total with the count of active criteria scored and still unscored."""
    active = [c for c in criteria if c.active]
    scored = sum(1 for c in active if level_fits(scores.get(c.id), c))
    return ReviewTotal(value=weighted_total(scores, active), scored=scored, unscored=len(active) - scored)
