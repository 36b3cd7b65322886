"""The review total (SPEC §5.2): hand-computed values and properties, without an app."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lie_review.reviews.scoring import review_total, weighted_total


@dataclass(frozen=True)
class C:
    id: int
    weight: float = 1.0
    scale_min: int = 1
    scale_max: int = 5
    active: bool = True


RUBRIC = [C(1, weight=1), C(2, weight=2), C(3, weight=1)]


@pytest.mark.parametrize(("levels", "expected"), [
    # Σ w·(s−1)/4 / 4 × 100 with weights 1, 2, 1.
    ((1, 1, 1), 0.0),
    ((5, 5, 5), 100.0),
    ((3, 3, 3), 50.0),
    ((5, 1, 1), 25.0),            # 1·1 / 4
    ((1, 5, 1), 50.0),            # 2·1 / 4
    ((4, 3, 5), 68.75),           # (0.75 + 2·0.5 + 1) / 4 = 2.75 / 4
    ((2, 4, 3), 56.25),           # (0.25 + 2·0.75 + 0.5) / 4 = 2.25 / 4
])
def test_weighted_total_with_weights_1_2_1_matches_hand_computed_values(levels, expected):
    scores = dict(zip((1, 2, 3), levels))
    assert weighted_total(scores, RUBRIC) == pytest.approx(expected)


def test_partial_review_totals_the_scored_criteria_and_counts_the_rest():
    total = review_total({2: 4}, RUBRIC)
    assert total.value == pytest.approx(75.0)   # criterion 2 alone: (4−1)/4
    assert (total.scored, total.unscored, total.complete) == (1, 2, False)
    total = review_total({1: 5, 2: 1}, RUBRIC)
    assert total.value == pytest.approx(100 / 3)  # (1·1 + 2·0) / 3
    assert (total.scored, total.unscored) == (2, 1)


def test_nothing_scored_has_no_total():
    total = review_total({}, RUBRIC)
    assert (total.value, total.scored, total.unscored, total.complete) == (None, 0, 3, False)
    assert review_total({}, []).value is None


def test_inactive_criteria_and_levels_off_the_scale_do_not_count():
    rubric = [C(1), C(2, active=False), C(3, scale_min=0, scale_max=3)]
    total = review_total({1: 5, 2: 1, 3: 9}, rubric)
    assert total.value == pytest.approx(100.0)
    assert (total.scored, total.unscored, total.complete) == (1, 1, False)
    assert review_total({1: 3, 3: 0}, rubric).value == pytest.approx(25.0)  # (0.5 + 0) / 2


def test_a_scale_starting_at_zero_is_normalised_by_its_own_span():
    rubric = [C(1, scale_min=0, scale_max=10, weight=3), C(2, weight=1)]
    # (3·0.7 + 1·0.5) / 4 = 2.6 / 4
    assert weighted_total({1: 7, 2: 3}, rubric) == pytest.approx(65.0)


@st.composite
def rubrics_and_scores(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    criteria = []
    for i in range(n):
        low = draw(st.integers(min_value=0, max_value=9))
        high = draw(st.integers(min_value=low + 1, max_value=10))
        weight = draw(st.floats(min_value=0.1, max_value=10, allow_nan=False, allow_infinity=False))
        criteria.append(C(i + 1, weight=weight, scale_min=low, scale_max=high))
    scores = {c.id: draw(st.integers(min_value=c.scale_min, max_value=c.scale_max)) for c in criteria}
    return criteria, scores


@given(rubrics_and_scores())
def test_total_stays_between_0_and_100(case):
    criteria, scores = case
    assert 0.0 <= weighted_total(scores, criteria) <= 100.0


@given(rubrics_and_scores(), st.data())
def test_total_never_falls_when_one_level_rises(case, data):
    criteria, scores = case
    criterion = data.draw(st.sampled_from(criteria))
    higher = data.draw(st.integers(min_value=scores[criterion.id], max_value=criterion.scale_max))
    raised = {**scores, criterion.id: higher}
    assert weighted_total(raised, criteria) >= weighted_total(scores, criteria)


@given(rubrics_and_scores())
def test_all_lowest_levels_give_0_and_all_highest_give_100(case):
    criteria, _ = case
    assert weighted_total({c.id: c.scale_min for c in criteria}, criteria) == 0.0
    assert weighted_total({c.id: c.scale_max for c in criteria}, criteria) == 100.0


@given(rubrics_and_scores(), st.floats(min_value=0.5, max_value=4))
def test_scaling_every_weight_leaves_the_total_unchanged(case, factor):
    criteria, scores = case
    scaled = [C(c.id, c.weight * factor, c.scale_min, c.scale_max) for c in criteria]
    assert weighted_total(scores, scaled) == pytest.approx(weighted_total(scores, criteria))


@given(rubrics_and_scores(), st.data())
def test_partial_total_is_the_total_of_the_scored_criteria_alone(case, data):
    criteria, scores = case
    kept = data.draw(st.lists(st.sampled_from(criteria), min_size=1, unique=True))
    partial = {c.id: scores[c.id] for c in kept}
    total = review_total(partial, criteria)
    assert total.value == pytest.approx(weighted_total(partial, kept))
    assert (total.scored, total.unscored) == (len(kept), len(criteria) - len(kept))
