"""Scores computed by the database for exports equal those the dashboard computes in Python."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from lie_review.extensions import db
from ..editorial.oracle import call_scores
from lie_review.editorial.scores.sql import aggregates_cte

from ..editorial.builders import criteria_of, make_reviewer, review
from ..factories import make_call, make_case_study, make_user


def database_aggregates(call):
    ids = [c.id for c in criteria_of(call) if c.active]
    aggregates = aggregates_cte(call.id, ids)
    return {row.case_study_id: row for row in db.session.execute(select(aggregates))}, ids


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_database_aggregates_equal_the_dashboards(app, seed):
    rng = random.Random(seed)
    with app.app_context():
        call = make_call()
        reviewers = [make_reviewer(code) for code in ("CT", "RUS", "THA", "PHL", "CT")]
        harsh = reviewers[0]
        for i in range(12):
            case_study = make_case_study(call, make_user(), status="submitted")
            for reviewer in rng.sample(reviewers, rng.randint(0, 4)):
                bias = -2 if reviewer is harsh else 0
                review(case_study, reviewer, [max(1, min(5, rng.randint(2, 5) + bias)) for _ in range(3)],
                       submitted=rng.random() < 0.9)
        # One reviewer gives everything the same total: calibration maps them to the call's mean.
        flat = make_reviewer("THA")
        for _ in range(3):
            review(make_case_study(call, make_user(), status="submitted"), flat, [3, 3, 3])
        db.session.commit()

        expected = call_scores(call, scores_of=None).aggregates
        found, criterion_ids = database_aggregates(call)
        assert set(found) == set(expected)
        assert any(a.calibrated != pytest.approx(a.mean) for a in expected.values())
        for case_study_id, aggregate in expected.items():
            row = found[case_study_id]
            assert row.reviews == aggregate.reviews
            assert row.mean == pytest.approx(aggregate.mean)
            assert row.spread == pytest.approx(aggregate.spread)
            assert row.calibrated == pytest.approx(aggregate.calibrated)


def test_database_criterion_means_follow_the_scores(app):
    with app.app_context():
        call = make_call()
        case_study = make_case_study(call, make_user(), status="submitted")
        review(case_study, make_reviewer("CT"), [5, 2, 4])
        review(case_study, make_reviewer("RUS"), [4, 2, 1])
        review(case_study, make_reviewer("THA"), [1, 1, 1], submitted=False)
        db.session.commit()
        found, ids = database_aggregates(call)
        row = found[case_study.id]
        assert [getattr(row, f"mean_{i}") for i in ids] == pytest.approx([4.5, 2.0, 2.5])
        assert row.reviews == 2
