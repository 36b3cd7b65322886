"""The balance rule: a target is met exactly when its count reaches N, or its share of the accepted set
reaches p percent; "every panel economy" is one target per panel economy."""

from __future__ import annotations

from hypothesis import given, strategies as st

from lie_review.editorial.models import EVERY_PANEL_ECONOMY
from lie_review.editorial.queue.balance import Accepted, Target, balance, by_kind

CODES = ["CT", "PHL", "RUS", "THA", "PE"]


def economies(counts: dict[str, int]) -> Accepted:
    return Accepted(sum(counts.values()), {"economy": counts})


def test_at_least_two_for_every_panel_economy_says_which_economy_is_short():
    statuses = balance([Target(1, "economy", EVERY_PANEL_ECONOMY, at_least=2)], economies({"CT": 2, "THA": 1}),
                       ["CT", "RUS", "THA"])
    assert [(s.value, s.accepted, s.met, s.short) for s in statuses] == [
        ("CT", 2, True, 0), ("RUS", 0, False, 2), ("THA", 1, False, 1)]
    assert all(s.every_panel_economy for s in statuses)


def test_a_share_is_rounded_up_to_whole_case_studies_and_an_empty_set_meets_no_share():
    women = Target(1, "group", "women", share=30)
    met, = balance([women], Accepted(10, {"group": {"women": 3}}))
    short, = balance([women], Accepted(11, {"group": {"women": 3}}))
    empty, = balance([women], Accepted(0, {}))
    assert (met.needed, met.met, met.accepted_share) == (3, True, 30.0)
    assert (short.needed, short.met, short.short) == (4, False, 1)
    assert (empty.needed, empty.met, empty.short, empty.accepted_share) == (1, False, 1, None)


def test_by_kind_gives_each_kind_its_counts_and_targets_for_a_chart():
    accepted = Accepted(3, {"economy": {"THA": 2, "CT": 1}, "forum": {"4": 3}})
    statuses = balance([Target(1, "economy", "THA", at_least=1), Target(2, "forum", "4", share=50)], accepted)
    kinds = by_kind(accepted, statuses)
    assert list(kinds) == ["forum", "economy", "organisation_type", "group"]
    assert kinds["economy"].counts == {"THA": 2, "CT": 1} and kinds["group"].counts == {}
    assert [s.target.id for s in kinds["economy"].statuses] == [1]
    assert [s.target.id for s in kinds["forum"].statuses] == [2]
    assert kinds["forum"].total == 3


counts = st.dictionaries(st.sampled_from(CODES), st.integers(min_value=0, max_value=50))


@given(counts, st.sampled_from(CODES), st.integers(min_value=1, max_value=60))
def test_a_count_target_is_met_iff_the_count_reaches_it(counts, code, n):
    status, = balance([Target(1, "economy", code, at_least=n)], economies(counts))
    assert status.met == (counts.get(code, 0) >= n)
    assert status.short == max(0, n - counts.get(code, 0))


@given(counts, st.sampled_from(CODES), st.integers(min_value=1, max_value=100))
def test_a_share_target_is_met_iff_the_share_reaches_it(counts, code, p):
    accepted = economies(counts)
    status, = balance([Target(1, "economy", code, share=p)], accepted)
    share = 100 * counts.get(code, 0) / accepted.total if accepted.total else None
    assert status.met == (share is not None and share >= p - 1e-9)
    assert status.met == (accepted.total > 0 and 100 * counts.get(code, 0) >= p * accepted.total)
    assert status.short == (0 if status.met else status.needed - counts.get(code, 0))


@given(counts, st.lists(st.sampled_from(CODES), unique=True), st.integers(min_value=1, max_value=10))
def test_every_panel_economy_is_one_target_per_panel_economy(counts, panel, n):
    accepted = economies(counts)
    expanded = balance([Target(1, "economy", EVERY_PANEL_ECONOMY, at_least=n)], accepted, panel)
    one_by_one = balance([Target(1, "economy", code, at_least=n) for code in panel], accepted)
    assert [s.value for s in expanded] == panel
    assert [(s.value, s.accepted, s.met, s.short) for s in expanded] == [
        (s.value, s.accepted, s.met, s.short) for s in one_by_one]
