"""Scores and ranking (SPEC §5.2): hand-computed examples and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from lie_review.editorial.scores.ranking import ReviewTotal, aggregate, calibrated_totals, competition_ranks


def test_mean_spread_and_criterion_means():
    reviews = [
        ReviewTotal(1, 10, 75.0, {1: 4, 2: 5}),
        ReviewTotal(1, 11, 25.0, {1: 2, 2: 1}),
        ReviewTotal(2, 10, 50.0, {1: 3, 2: 3}),
    ]
    result = aggregate(reviews, threshold=30)
    assert result[1].mean == 50.0
    assert result[1].spread == 50.0
    assert result[1].flagged is True
    assert result[1].criterion_means == {1: 3.0, 2: 3.0}
    assert result[1].reviews == 2
    assert result[2].spread == 0.0
    assert result[2].flagged is False


def test_flag_starts_exactly_at_the_threshold():
    reviews = [ReviewTotal(1, 10, 60.0), ReviewTotal(1, 11, 30.0)]
    assert aggregate(reviews, threshold=30)[1].flagged is True
    assert aggregate(reviews, threshold=30.5)[1].flagged is False


def test_reviewers_with_fewer_than_three_reviews_keep_their_raw_totals():
    reviews = [ReviewTotal(1, 10, 40.0), ReviewTotal(2, 10, 80.0), ReviewTotal(1, 11, 90.0)]
    assert calibrated_totals(reviews) == [40.0, 80.0, 90.0]


def test_harsh_reviewer_is_calibrated_against_the_call():
    # Reviewer 10 gives 50, 60, 70 (mean 60, population sd sqrt(200/3)); reviewer 11 one 90.
    reviews = [ReviewTotal(1, 10, 50.0), ReviewTotal(2, 10, 60.0), ReviewTotal(3, 10, 70.0),
               ReviewTotal(1, 11, 90.0)]
    call_mean = (50 + 60 + 70 + 90) / 4  # 67.5
    call_sd = math.sqrt((17.5 ** 2 + 7.5 ** 2 + 2.5 ** 2 + 22.5 ** 2) / 4)  # sqrt(218.75)
    reviewer_sd = math.sqrt(200 / 3)
    expected = [call_mean + call_sd * (t - 60) / reviewer_sd for t in (50, 60, 70)] + [90.0]
    assert calibrated_totals(reviews) == pytest.approx(expected)
    assert expected[1] == pytest.approx(67.5)
    result = aggregate(reviews)
    assert result[1].calibrated == pytest.approx((expected[0] + 90.0) / 2)
    assert result[1].mean == 70.0


def test_reviewer_whose_totals_are_all_equal_gets_the_call_mean():
    reviews = [ReviewTotal(1, 10, 40.0), ReviewTotal(2, 10, 40.0), ReviewTotal(3, 10, 40.0),
               ReviewTotal(1, 11, 100.0)]
    assert calibrated_totals(reviews) == pytest.approx([55.0, 55.0, 55.0, 100.0])


def test_calibrated_totals_stay_on_the_0_to_100_scale():
    # A lenient reviewer's top total maps above 100 before clamping.
    reviews = [ReviewTotal(1, 10, 0.0), ReviewTotal(2, 10, 0.0), ReviewTotal(3, 10, 10.0),
               ReviewTotal(4, 11, 100.0), ReviewTotal(5, 11, 100.0), ReviewTotal(6, 11, 0.0)]
    values = calibrated_totals(reviews)
    assert max(values) == 100.0
    assert min(values) >= 0.0


def test_ties_share_a_rank_and_none_is_unranked():
    assert competition_ranks([70.0, 90.0, 70.0, None, 50.0]) == [2, 1, 2, None, 4]
    assert competition_ranks([]) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 8), st.integers(1, 5), st.floats(0, 100)), max_size=40))
def test_aggregates_stay_on_the_scale(rows):
    reviews = [ReviewTotal(c, r, t) for c, r, t in rows]
    for item in aggregate(reviews).values():
        assert 0 <= item.mean <= 100
        assert 0 <= item.spread <= 100
        assert 0 <= item.calibrated <= 100
    assert len(calibrated_totals(reviews)) == len(reviews)


@given(st.lists(st.floats(0, 100), max_size=30))
def test_ranks_follow_the_order_of_values(values):
    ranks = competition_ranks(values)
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            if a > b + 1e-9:
                assert ranks[i] < ranks[j]
            if math.isclose(a, b, abs_tol=1e-9):
                assert ranks[i] == ranks[j]
