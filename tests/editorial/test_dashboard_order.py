"""The dashboard's ordering of case studies, as properties over random scores (no app needed)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from lie_review.editorial.dashboard.filters import Filters, sort_ids
from lie_review.editorial.scores.ranking import Aggregate

SCORES = st.one_of(st.none(), st.sampled_from([0.0, 25.0, 50.0, 62.5, 100.0]), st.floats(0, 100))


@st.composite
def boards(draw):
    n = draw(st.integers(0, 25))
    matches = [(i + 1, draw(st.integers(0, 4))) for i in range(n)]  # (id, reviews done), in title order
    aggregates = {}
    for case_study_id, _ in matches:
        value = draw(SCORES)
        if value is not None:
            aggregates[case_study_id] = Aggregate(case_study_id, 1, value, draw(st.floats(0, 100)),
                                                  draw(st.floats(0, 100)), False, {})
    sort = draw(st.sampled_from(["title", "mean", "calibrated", "spread", "reviews"]))
    return matches, aggregates, Filters(sort=sort, order=draw(st.sampled_from(["", "asc", "desc"])))


@settings(max_examples=300, deadline=None)
@given(boards())
def test_order_is_a_permutation_with_unscored_last_and_ties_in_title_order(board):
    matches, aggregates, filters = board
    ids, ranks = sort_ids(matches, filters, aggregates)
    assert sorted(ids) == [i for i, _ in matches]
    if filters.sort == "title":
        assert ids == ([i for i, _ in matches][::-1] if filters.descending else [i for i, _ in matches])
        return
    done = dict(matches)

    def value(i):
        if filters.sort == "reviews":
            return done[i]
        return getattr(aggregates[i], filters.sort) if i in aggregates else None

    values = [value(i) for i in ids]
    scored = [v for v in values if v is not None]
    assert values == scored + [None] * (len(values) - len(scored))  # unscored last
    for (a, va), (b, vb) in zip(zip(ids, values), zip(ids[1:], values[1:])):
        if va is None or vb is None:
            continue
        assert (va >= vb) if filters.descending else (va <= vb)
        if va == vb:
            assert a < b  # ties keep title order
    unscored = [i for i, v in zip(ids, values) if v is None]
    assert unscored == sorted(unscored)


@settings(max_examples=300, deadline=None)
@given(boards())
def test_ranks_count_the_strictly_better_and_share_ties(board):
    matches, aggregates, filters = board
    ids, ranks = sort_ids(matches, filters, aggregates)
    if filters.sort not in ("mean", "calibrated"):
        assert ranks == {}
        return
    values = {i: getattr(aggregates[i], filters.sort) for i in ids if i in aggregates}
    assert set(ranks) == set(values)
    for i, v in values.items():
        assert ranks[i] == 1 + sum(1 for w in values.values() if w > v + 1e-9)
