"""Auto-assignment rules (SPEC §5.1), by example and as properties over random pools."""

from __future__ import annotations

from collections import Counter, defaultdict

from hypothesis import given, settings as hsettings, strategies as st

from lie_review.editorial.assignments.plan import (
    CaseStudyInfo,
    ReviewerInfo,
    Settings,
    auto_assign,
    conflict_reason,
    same_organisation,
)

CT, RUS, THA, PHL = 1, 2, 3, 4
PANEL = Settings(panel_economy_ids=(CT, RUS, THA, PHL))


def cs(id, economy=THA, applicant=None, orgs=("Doi Tea",)):
    return CaseStudyInfo(id=id, applicant_id=applicant or 1000 + id, economy_id=economy, organisations=orgs)


def test_every_case_study_gets_one_reviewer_from_each_panel_economy():
    reviewers = [ReviewerInfo(id=10 + e, economy_id=e) for e in (CT, RUS, THA, PHL)]
    plan = auto_assign([cs(1), cs(2)], reviewers, existing=[], declared=set(), settings=PANEL)
    assert sorted(plan.additions) == [(1, 11), (1, 12), (1, 13), (1, 14), (2, 11), (2, 12), (2, 13), (2, 14)]
    assert plan.shortages == {}


def test_least_loaded_reviewer_is_chosen_and_ties_go_to_the_lowest_id():
    reviewers = [ReviewerInfo(id=21, economy_id=THA), ReviewerInfo(id=20, economy_id=THA)]
    plan = auto_assign([cs(1), cs(2), cs(3)], reviewers, existing=[], declared=set(),
                       settings=Settings(panel_economy_ids=(THA,)), load={21: 0, 20: 1})
    assert plan.additions == [(1, 21), (2, 20), (3, 21)]


def test_existing_assignments_are_kept_and_count_towards_the_need():
    reviewers = [ReviewerInfo(id=30, economy_id=THA), ReviewerInfo(id=31, economy_id=THA)]
    settings = Settings(panel_economy_ids=(THA,), reviews_per_economy=2)
    plan = auto_assign([cs(1)], reviewers, existing=[(1, 31)], declared=set(), settings=settings)
    assert plan.additions == [(1, 30)]


def test_rerunning_adds_nothing():
    reviewers = [ReviewerInfo(id=10 + e, economy_id=e) for e in (CT, RUS, THA, PHL)]
    first = auto_assign([cs(1), cs(2)], reviewers, existing=[], declared=set(), settings=PANEL)
    second = auto_assign([cs(1), cs(2)], reviewers, existing=first.additions, declared=set(), settings=PANEL)
    assert second.additions == []
    assert second.shortages == {}


def test_organisation_match_ignores_case_and_spaces():
    assert same_organisation("  Doi Tea Cooperative ", "doi tea  cooperative")
    assert same_organisation("DoiTea", "Doi Tea")
    assert not same_organisation("", "")
    assert not same_organisation("Doi Tea", "Doi Coffee")


def test_conflicted_reviewers_are_never_chosen():
    case_study = cs(1, economy=THA, applicant=500, orgs=("Doi Tea", "Mae Rim Incubator"))
    settings = Settings(panel_economy_ids=(THA,), exclude_same_economy=True)
    assert conflict_reason(case_study, ReviewerInfo(500, CT), settings) == "applicant"
    assert conflict_reason(case_study, ReviewerInfo(7, CT, " MAE RIM incubator"), settings) == "same_organisation"
    assert conflict_reason(case_study, ReviewerInfo(8, THA), settings) == "same_economy"
    assert conflict_reason(case_study, ReviewerInfo(9, CT), settings, {(1, 9)}) == "declared"
    assert conflict_reason(case_study, ReviewerInfo(10, CT, "Other"), settings) is None


def test_shortages_are_reported_per_economy_with_the_reason():
    reviewers = [ReviewerInfo(id=40, economy_id=THA, organisation="Doi Tea")]
    plan = auto_assign([cs(1), cs(2), cs(3)], reviewers, existing=[], declared=set(),
                       settings=Settings(panel_economy_ids=(THA, PHL)))
    assert plan.additions == []
    assert plan.shortages[THA].case_study_ids == [1, 2, 3]
    assert plan.shortages[THA].reason == "no_eligible_reviewer"
    assert plan.shortages[PHL].missing == 3
    assert plan.shortages[PHL].reason == "no_reviewer_in_economy"


ORGS = st.sampled_from(["", "Doi Tea", "doi  tea", "Mae Rim", "Ural Makers", "DTI"])


@st.composite
def pools(draw):
    economies = (CT, RUS, THA, PHL)
    reviewers = [
        ReviewerInfo(id=100 + i, economy_id=draw(st.sampled_from(economies)), organisation=draw(ORGS))
        for i in range(draw(st.integers(0, 12)))
    ]
    reviewer_ids = [r.id for r in reviewers]
    case_studies = [
        CaseStudyInfo(
            id=i + 1,
            applicant_id=draw(st.sampled_from(reviewer_ids + [900 + i])) if reviewer_ids else 900 + i,
            economy_id=draw(st.sampled_from(economies)),
            organisations=(draw(ORGS), draw(ORGS)),
        )
        for i in range(draw(st.integers(0, 15)))
    ]
    declared = set()
    if reviewer_ids and case_studies:
        declared = draw(st.sets(st.tuples(st.sampled_from([c.id for c in case_studies]),
                                          st.sampled_from(reviewer_ids)), max_size=10))
    settings = Settings(
        panel_economy_ids=tuple(draw(st.sets(st.sampled_from(economies), min_size=1))),
        reviews_per_economy=draw(st.integers(1, 3)),
        exclude_same_economy=draw(st.booleans()),
    )
    return case_studies, reviewers, declared, settings


@hsettings(max_examples=300, deadline=None)
@given(pools())
def test_plan_invariants_hold_for_random_pools(pool):
    case_studies, reviewers, declared, settings = pool
    plan = auto_assign(case_studies, reviewers, existing=[], declared=declared, settings=settings)
    by_id = {r.id: r for r in reviewers}
    studies = {c.id: c for c in case_studies}

    # No conflicted reviewer, no duplicate, only panel economies.
    assert len(set(plan.additions)) == len(plan.additions)
    for case_study_id, reviewer_id in plan.additions:
        assert conflict_reason(studies[case_study_id], by_id[reviewer_id], settings, declared) is None
        assert by_id[reviewer_id].economy_id in settings.panel_economy_ids

    # Each case study is filled from every panel economy, or the shortage is reported.
    got = Counter((c, by_id[r].economy_id) for c, r in plan.additions)
    for case_study in case_studies:
        for economy_id in settings.panel_economy_ids:
            eligible = sum(
                1 for r in reviewers
                if r.economy_id == economy_id and conflict_reason(case_study, r, settings, declared) is None
            )
            assert got[(case_study.id, economy_id)] == min(settings.reviews_per_economy, eligible)
            short = settings.reviews_per_economy - got[(case_study.id, economy_id)]
            if short:
                assert case_study.id in plan.shortages[economy_id].case_study_ids
    for economy_id, shortage in plan.shortages.items():
        assert shortage.missing == sum(
            settings.reviews_per_economy - got[(c, economy_id)] for c in shortage.case_study_ids)

    # Re-running adds nothing.
    again = auto_assign(case_studies, reviewers, existing=plan.additions, declared=declared, settings=settings)
    assert again.additions == []

    # Equally eligible reviewers end with loads at most one apart.
    load = Counter(r for _, r in plan.additions)
    eligibility = defaultdict(list)
    for reviewer in reviewers:
        key = (reviewer.economy_id, frozenset(
            c.id for c in case_studies if conflict_reason(c, reviewer, settings, declared) is None))
        eligibility[key].append(load[reviewer.id])
    for loads in eligibility.values():
        assert max(loads) - min(loads) <= 1


@hsettings(max_examples=100, deadline=None)
@given(pools())
def test_the_same_input_gives_the_same_plan(pool):
    case_studies, reviewers, declared, settings = pool
    first = auto_assign(case_studies, reviewers, [], declared, settings)
    second = auto_assign(list(reversed(case_studies)), list(reversed(reviewers)), [], declared, settings)
    assert first.additions == second.additions
