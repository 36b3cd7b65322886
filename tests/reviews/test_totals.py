"""The review total in SQL (reviews.totals) equals its Python twin (scoring.weighted_total) on any rubric."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reviews.models import Criterion, Review, Score
from lie_review.reviews.scoring import weighted_total
from lie_review.reviews.totals import review_totals

from ..factories import make_assignment, make_call, make_case_study, make_user


@st.composite
def rubrics(draw):
    """Criteria (weight, scale, active) and a review's levels: some criteria scored, some not."""
    criteria = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        low = draw(st.integers(min_value=0, max_value=9))
        high = draw(st.integers(min_value=low + 1, max_value=10))
        weight = draw(st.floats(min_value=0.1, max_value=100, allow_nan=False, allow_infinity=False))
        level = draw(st.none() | st.integers(min_value=low, max_value=high))
        criteria.append((weight, low, high, draw(st.booleans()), level))
    # At least one active criterion carries a level, so the review has a total.
    index = draw(st.integers(min_value=0, max_value=len(criteria) - 1))
    weight, low, high, _, level = criteria[index]
    criteria[index] = (weight, low, high, True, low if level is None else level)
    return criteria


@pytest.fixture
def scene(app):
    """A call without a rubric, a submitted case study and one reviewer's assignment, for each example."""
    with app.app_context():
        call = make_call(with_rubric=False)
        case_study = make_case_study(call, make_user("applicant"), status="submitted")
        assignment = make_assignment(case_study, make_user("reviewer"))
        db.session.commit()
        yield call.id, assignment.id


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rubric=rubrics())
def test_sql_review_total_equals_weighted_total(scene, rubric):
    call_id, assignment_id = scene
    criteria = [Criterion(call_id=call_id, position=i, label=f"C{i}", weight=weight, scale_min=low,
                          scale_max=high, active=active)
                for i, (weight, low, high, active, _) in enumerate(rubric)]
    db.session.add_all(criteria)
    db.session.flush()
    levels = {c.id: level for c, (*_, level) in zip(criteria, rubric)}
    db.session.add_all(Score(assignment_id=assignment_id, criterion_id=cid, value=level, comment="")
                       for cid, level in levels.items() if level is not None)
    db.session.add(Review(assignment_id=assignment_id, overall_comment="Done.", submitted_at=utcnow()))
    db.session.flush()
    try:
        [row] = review_totals(call_id)
        assert row.total == pytest.approx(weighted_total(levels, criteria), rel=1e-9, abs=1e-9)
    finally:
        db.session.rollback()


def test_sql_review_total_leaves_out_unsubmitted_reviews(scene):
    call_id, assignment_id = scene
    criterion = Criterion(call_id=call_id, position=0, label="C", weight=1.0, scale_min=1, scale_max=5, active=True)
    db.session.add(criterion)
    db.session.flush()
    db.session.add(Score(assignment_id=assignment_id, criterion_id=criterion.id, value=5, comment=""))
    db.session.add(Review(assignment_id=assignment_id, overall_comment="Draft."))
    db.session.flush()
    assert review_totals(call_id) == []
    db.session.rollback()
