"""Krippendorff's ordinal alpha (scores/agreement.py) against values worked by hand and a published one."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

from lie_review.editorial.scores.agreement import coincidences, ordinal_alpha

LEVELS = [1, 2, 3, 4, 5]


def test_ordinal_alpha_of_two_coders_worked_by_hand():
    # Units (1, 2), (2, 2), (1, 1), (2, 3) on the scale 1–3. Each unit has m = 2 values, so each ordered
    # pair weighs 1/(m − 1) = 1:
    #   o11 = 2 (unit 3), o22 = 2 (unit 2), o12 = o21 = 1 (unit 1), o23 = o32 = 1 (unit 4), o33 = 0.
    #   n1 = 3, n2 = 4, n3 = 1, n = 8.
    # δ²(1,2) = (n1 + n2 − (n1 + n2)/2)² = 3.5² = 12.25; δ²(2,3) = (5/2)² = 6.25;
    # δ²(1,3) = (3 + 4 + 1 − (3 + 1)/2)² = 6² = 36.
    # D_o = Σ o·δ² / n = (2·12.25 + 2·6.25) / 8 = 37 / 8 = 4.625.
    # D_e = Σ n_c·n_k·δ² / (n(n − 1)) = 2·(3·4·12.25 + 4·1·6.25 + 3·1·36) / 56 = 560 / 56 = 10.
    # alpha = 1 − 4.625 / 10 = 0.5375.
    units = [[1, 2], [2, 2], [1, 1], [2, 3]]
    assert coincidences(units) == {(1, 1): 2, (2, 2): 2, (1, 2): 1, (2, 1): 1, (2, 3): 1, (3, 2): 1}
    assert ordinal_alpha(units, [1, 2, 3]) == pytest.approx(0.5375)


def test_ordinal_alpha_of_three_coders_with_missing_values_worked_by_hand():
    # Units (1, 1, 2), (3, 3), (2, 3, 3) and (1): the last has one value and pairs with nothing.
    # Unit 1 (m = 3, weight 1/2): ordered pairs 1–1: 2, 1–2: 2, 2–1: 2 → o11 += 1, o12 += 1, o21 += 1.
    # Unit 2 (m = 2, weight 1): 3–3: 2 → o33 += 2.
    # Unit 3 (m = 3, weight 1/2): 2–3: 2, 3–2: 2, 3–3: 2 → o23 += 1, o32 += 1, o33 += 1.
    #   n1 = 2, n2 = 2, n3 = 4, n = 8 (levels 4 and 5 unused: n4 = n5 = 0).
    # δ²(1,2) = (4 − 2)² = 4; δ²(2,3) = (6 − 3)² = 9; δ²(1,3) = (8 − 3)² = 25.
    # D_o = (2·1·4 + 2·1·9) / 8 = 26 / 8 = 3.25.
    # D_e = 2·(2·2·4 + 2·4·9 + 2·4·25) / 56 = 576 / 56 = 10.2857…
    # alpha = 1 − 3.25·56/576 = 394/576 = 0.68402…
    units = [[1, 1, 2], [3, 3], [2, 3, 3], [1]]
    assert coincidences(units) == {(1, 1): 1, (1, 2): 1, (2, 1): 1, (3, 3): 3, (2, 3): 1, (3, 2): 1}
    assert ordinal_alpha(units, LEVELS) == pytest.approx(394 / 576)


def test_ordinal_alpha_reproduces_krippendorffs_published_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers, 12 units, values
    # 1–5 with missing ones (None); the paper reports ordinal alpha = 0.815.
    observers = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [[value for value in unit if value is not None] for unit in zip(*observers)]
    assert round(ordinal_alpha(units, LEVELS), 3) == 0.815


def test_ordinal_alpha_of_perfect_agreement_is_one():
    assert ordinal_alpha([[1, 1], [3, 3, 3], [5, 5]], LEVELS) == 1.0


def test_ordinal_alpha_of_systematic_disagreement_is_negative():
    assert ordinal_alpha([[1, 5], [5, 1], [1, 5]], LEVELS) < 0


def test_ordinal_alpha_is_undefined_without_pairs_or_variation():
    assert ordinal_alpha([], LEVELS) is None
    assert ordinal_alpha([[3], [4]], LEVELS) is None  # one reviewer per case study: nothing to compare
    assert ordinal_alpha([[3, 3], [3, 3, 3]], LEVELS) is None  # everyone chose 3: D_e = 0


def test_ordinal_alpha_refuses_a_level_off_the_scale():
    with pytest.raises(ValueError):
        ordinal_alpha([[1, 7]], LEVELS)


UNITS = st.lists(st.lists(st.integers(1, 5), max_size=5), max_size=8)


def same(a, b) -> bool:
    return a is b if a is None or b is None else math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@given(units=UNITS, data=st.data())
def test_ordinal_alpha_ignores_the_order_of_units_and_of_coders(units, data):
    shuffled = [data.draw(st.permutations(unit)) for unit in data.draw(st.permutations(units))]
    assert same(ordinal_alpha(shuffled, LEVELS), ordinal_alpha(units, LEVELS))


@given(units=UNITS)
def test_ordinal_alpha_is_at_most_one(units):
    alpha = ordinal_alpha(units, LEVELS)
    assert alpha is None or alpha <= 1.0 + 1e-12


@given(units=UNITS, singles=st.lists(st.integers(1, 5), max_size=4))
def test_ordinal_alpha_ignores_units_with_one_value(units, singles):
    assert same(ordinal_alpha(units + [[value] for value in singles], LEVELS), ordinal_alpha(units, LEVELS))


@given(units=UNITS)
def test_ordinal_alpha_does_not_change_with_unused_levels_of_the_scale(units):
    # Unused levels have n_g = 0 inside every ordinal distance: a wider scale gives the same alpha.
    assert same(ordinal_alpha(units, list(range(0, 11))), ordinal_alpha(units, LEVELS))


@given(units=UNITS)
def test_ordinal_alpha_depends_only_on_the_order_of_levels(units):
    # An ordinal metric sees ranks, not distances: spreading the levels apart changes nothing.
    spread = [[value * value for value in unit] for unit in units]
    assert same(ordinal_alpha(spread, [v * v for v in LEVELS]), ordinal_alpha(units, LEVELS))
