"""How far reviewers agree on a criterion's levels: Krippendorff's alpha with the ordinal metric.

Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011). The units are the case studies, the
coders their reviewers and the values the levels they chose. Every pair of values within a unit enters
the coincidence matrix o with weight 1/(m_u − 1), m_u being the unit's number of values, so a unit with
one value pairs with nothing and is left out. With n_c = Σ_k o_ck and n = Σ_c n_c,

    alpha = 1 − D_o / D_e,   D_o = Σ_c Σ_k o_ck δ²(c, k) / n,   D_e = Σ_c Σ_k n_c n_k δ²(c, k) / (n (n − 1)),

and the ordinal distance δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)² over the scale's levels in order.
The definition sums over every level between c and k, used or not; a level no one chose has n_g = 0 and
adds nothing, so the scale's unused levels change no distance, and leaving them out gives the same alpha.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def coincidences(units: Sequence[Sequence[int]]) -> dict[tuple[int, int], float]:
    """The coincidence matrix o_ck of the units' pairable values (only the cells that are not zero)."""
    matrix: Counter = Counter()
    for values in units:
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                # The ordered pairs of distinct coders whose values are c and k.
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    matrix[c, k] += pairs / (m - 1)
    return dict(matrix)


def ordinal_distances(totals: dict[int, float], levels: Sequence[int]) -> dict[tuple[int, int], float]:
    """δ²(c, k) for every pair of levels, from the values' totals n_g (a level missing from them counts 0)."""
    ordered = sorted(levels)
    distances = {}
    for i, c in enumerate(ordered):
        running = 0.0
        for k in ordered[i:]:
            running += totals.get(k, 0.0)
            distance = (running - (totals.get(c, 0.0) + totals.get(k, 0.0)) / 2) ** 2
            distances[c, k] = distances[k, c] = distance
    return distances


def ordinal_alpha(units: Sequence[Sequence[int]], levels: Sequence[int]) -> float | None:
    """Krippendorff's ordinal alpha of `units` (each the levels its coders chose) on the scale `levels`.

    1 is perfect agreement, 0 agreement no better than chance, below 0 systematic disagreement. None
    when it is not defined: fewer than two pairable values (no unit with two coders), or no variation
    at all among them (every pairable value the same level, D_e = 0: nothing to agree or disagree on).
    A value outside `levels` is a caller's mistake and raises ValueError.
    """
    scale = set(levels)
    for values in units:
        for value in values:
            if value not in scale:
                raise ValueError(f"level {value} is not on the scale {sorted(scale)}")
    matrix = coincidences(units)
    totals: Counter = Counter()
    for (c, _k), o in matrix.items():
        totals[c] += o
    n = sum(totals.values())
    if n < 2:
        return None
    distances = ordinal_distances(totals, levels)
    observed = sum(o * distances[c, k] for (c, k), o in matrix.items())
    expected = sum(totals[c] * totals[k] * distances[c, k] for c in totals for k in totals) / (n - 1)
    if expected <= 1e-12:
        return None
    return 1.0 - observed / expected
