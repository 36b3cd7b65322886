"""Review totals in SQL (SPEC §5.2) and the aggregates fed from them, by hand-computed examples."""

from __future__ import annotations

import math

import pytest

from lie_review.editorial.assignments.queries import assignments_of, candidates_for
from .oracle import call_scores
from lie_review.reviews.totals import review_totals
from lie_review.extensions import db
from lie_review.reviews.models import Criterion, CriterionLevel

from ..factories import make_call, make_case_study, make_user
from .builders import assign, criteria_of, make_reviewer, review


def totals_by_reviewer(call):
    return {row.reviewer_id: row.total for row in review_totals(call.id)}


def test_review_total_is_the_weighted_share_of_each_scale(app):
    with app.app_context():
        call = make_call()
        case_study = make_case_study(call, make_user(), status="submitted")
        a, b = make_reviewer("CT"), make_reviewer("RUS")
        review(case_study, a, [5, 3, 1])  # (1 + 0.5 + 0) / 3 = 50
        review(case_study, b, [2, 2, 5])  # (0.25 + 0.25 + 1) / 3 = 50
        assert totals_by_reviewer(call) == pytest.approx({a.id: 50.0, b.id: 50.0})

        first, second, third = criteria_of(call)
        first.weight, third.weight = 2.0, 0.5
        db.session.flush()
        # a: (2·1 + 1·0.5 + 0.5·0) / 3.5 = 71.43; b: (2·0.25 + 0.25 + 0.5·1) / 3.5 = 35.71
        assert totals_by_reviewer(call) == pytest.approx({a.id: 2.5 / 3.5 * 100, b.id: 1.25 / 3.5 * 100})


def test_review_total_uses_each_criterion_scale_and_only_active_criteria(app):
    with app.app_context():
        call = make_call()
        wide = Criterion(call_id=call.id, position=9, label="Replicability", weight=1.0, scale_min=0, scale_max=10,
                         levels=[CriterionLevel(value=v, descriptor=str(v)) for v in range(11)])
        db.session.add(wide)
        case_study = make_case_study(call, make_user(), status="submitted")
        reviewer = make_reviewer("THA")
        review(case_study, reviewer, [5, 5, 1, 7])  # (1 + 1 + 0 + 0.7) / 4 = 67.5
        assert totals_by_reviewer(call) == pytest.approx({reviewer.id: 67.5})
        criteria_of(call)[2].active = False  # the criterion scored 1 no longer counts: (1 + 1 + 0.7) / 3
        db.session.flush()
        assert totals_by_reviewer(call) == pytest.approx({reviewer.id: 90.0})


def test_only_submitted_reviews_of_active_assignments_in_the_call_count(app):
    with app.app_context():
        call, other_call = make_call(), make_call()
        case_study = make_case_study(call, make_user(), status="submitted")
        elsewhere = make_case_study(other_call, make_user(), status="submitted")
        counted, draft, conflicted, other = (make_reviewer(c) for c in ("CT", "RUS", "THA", "PHL"))
        review(case_study, counted, [4, 4, 4])
        review(case_study, draft, [5, 5, 5], submitted=False)
        review(case_study, conflicted, [1, 1, 1], assignment=assign(case_study, conflicted, status="conflict"))
        review(elsewhere, other, [1, 1, 1])
        assert totals_by_reviewer(call) == pytest.approx({counted.id: 75.0})


def test_call_aggregates_by_hand_with_harsh_equal_and_occasional_reviewers(app):
    """Totals are (Σ scores − 3) / 12 × 100 on the default rubric.

    A gives 50 to all three (all equal: calibrated to the call mean M); B gives 75, 25, 100
    (three reviews: calibrated); C gives one 0 (fewer than three: kept raw).
    All totals 50 50 50 75 25 100 0: M = 50, S = √(6250/7).
    """
    with app.app_context():
        call = make_call()
        x, y, z = (make_case_study(call, make_user(), status="submitted") for _ in range(3))
        a, b, c = make_reviewer("CT"), make_reviewer("RUS"), make_reviewer("THA")
        for case_study, values in ((x, [3, 3, 3]), (y, [3, 3, 3]), (z, [3, 3, 3])):
            review(case_study, a, values)
        for case_study, values in ((x, [4, 4, 4]), (y, [2, 2, 2]), (z, [5, 5, 5])):
            review(case_study, b, values)
        review(x, c, [1, 1, 1])
        scores = call_scores(call, scores_of=x.id)

    big_m, big_s = 50.0, math.sqrt(6250 / 7)
    b_mean = (75 + 25 + 100) / 3
    b_sd = math.sqrt(((75 - b_mean) ** 2 + (25 - b_mean) ** 2 + (100 - b_mean) ** 2) / 3)
    b_cal = {t: big_m + big_s * (t - b_mean) / b_sd for t in (75, 25, 100)}

    ax, ay, az = (scores.aggregates[i.id] for i in (x, y, z))
    assert ax.reviews == 3
    assert ax.mean == pytest.approx(125 / 3)
    assert ax.spread == pytest.approx(75.0)
    assert ax.flagged is True
    assert ax.calibrated == pytest.approx((big_m + b_cal[75] + 0.0) / 3)
    first, second, third = sorted(ax.criterion_means)
    assert ax.criterion_means == pytest.approx({first: 8 / 3, second: 8 / 3, third: 8 / 3})
    assert (ay.mean, ay.spread, ay.flagged) == (pytest.approx(37.5), pytest.approx(25.0), False)
    assert ay.calibrated == pytest.approx((big_m + b_cal[25]) / 2)
    assert (az.mean, az.spread, az.flagged) == (pytest.approx(75.0), pytest.approx(50.0), True)
    assert az.calibrated == pytest.approx((big_m + min(100.0, b_cal[100])) / 2)


def test_candidates_show_economy_load_and_conflict(app):
    with app.app_context():
        call = make_call(exclude_same_economy=True)
        applicant = make_user(organisation="Doi Tea Cooperative")
        case_study = make_case_study(call, applicant, status="submitted", economy_code="THA")
        other = make_case_study(call, make_user(), status="submitted")
        busy = make_reviewer("CT", name="Busy")
        same_org = make_reviewer("RUS", name="Same Org", organisation=" doi tea  COOPERATIVE")
        same_economy = make_reviewer("THA", name="Same Economy")
        declared = make_reviewer("PHL", name="Declared")
        taken = make_reviewer("PHL", name="Taken")
        outsider = make_reviewer("JPN", name="Outsider")
        assign(other, busy)
        assign(case_study, declared, status="conflict")
        assign(case_study, taken)
        candidates = {c.name: c for c in candidates_for(case_study, assignments_of(case_study.id))}
    assert "Taken" not in candidates
    assert (candidates["Busy"].load, candidates["Busy"].conflict, candidates["Busy"].economy_code) == (1, None, "CT")
    assert candidates["Same Org"].conflict == "same_organisation"
    assert candidates["Same Economy"].conflict == "same_economy"
    assert candidates["Declared"].conflict == "declared"
    assert candidates["Outsider"].in_panel is False
