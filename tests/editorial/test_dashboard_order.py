"""The dashboard's ordering and ranking of case studies, as properties over random scores (no app needed)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from lie_review.editorial.scores.ranking import competition_ranks, score_order

SCORES = st.one_of(st.none(), st.sampled_from([0.0, 25.0, 50.0, 62.5, 100.0]), st.floats(0, 100))


@settings(max_examples=300, deadline=None)
@given(st.lists(SCORES, max_size=25), st.booleans())
def test_order_is_a_permutation_with_unscored_last_and_ties_in_title_order(values, descending):
    order = score_order(values, descending=descending)
    assert sorted(order) == list(range(len(values)))
    shown = [values[i] for i in order]
    scored = [v for v in shown if v is not None]
    assert shown == scored + [None] * (len(shown) - len(scored))  # unscored last
    for (a, va), (b, vb) in zip(zip(order, shown), zip(order[1:], shown[1:])):
        if va is None or vb is None:
            continue
        assert (va >= vb - 1e-9) if descending else (va <= vb + 1e-9)
        if va == vb:
            assert a < b  # ties keep title order, whichever the direction
    unscored = [i for i, v in zip(order, shown) if v is None]
    assert unscored == sorted(unscored)


def test_values_a_rounding_apart_are_tied_and_keep_title_order():
    same = 100 / 3
    assert score_order([same, same + 1e-13, 50.0], descending=True) == [2, 0, 1]
    assert score_order([same + 1e-13, same, None, 10.0], descending=False) == [3, 0, 1, 2]


@settings(max_examples=300, deadline=None)
@given(st.lists(SCORES, max_size=25))
def test_ranks_count_the_strictly_better_and_share_ties(values):
    ranks = competition_ranks(values)
    for value, rank in zip(values, ranks):
        if value is None:
            assert rank is None
        else:
            assert rank == 1 + sum(1 for w in values if w is not None and w > value + 1e-9)
