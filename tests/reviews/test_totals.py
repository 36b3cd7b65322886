"""The review total in SQL (reviews.totals) equals its Python twin (scoring.weighted_total) on any rubric."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reviews.models import Criterion, Review, Score
from lie_review.reviews.operations import save_score
from lie_review.reviews.scoring import level_fits, weighted_total
from lie_review.reviews.totals import review_totals

from ..factories import make_assignment, make_call, make_case_study, make_user
from .builders import RITA, build, hx, review_form


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


OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("score"), st.integers(0, 2), st.integers(0, 3), st.integers(0, 6)),
    st.tuples(st.just("review"), st.integers(0, 2), st.booleans()),
    st.tuples(st.just("weight"), st.integers(0, 3), st.floats(min_value=0.1, max_value=100, allow_nan=False)),
    st.tuples(st.just("active"), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("scale"), st.integers(0, 3), st.integers(0, 5), st.integers(6, 10)),
), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_the_stored_total_always_equals_the_formula(app, operations):
    """After any sequence of score saves, reviews started or submitted and rubric changes, every
    submitted review's stored total is weighted_total of its levels over the call's rubric as it now is."""
    with app.app_context():
        call = make_call(with_rubric=False)
        case_study = make_case_study(call, make_user("applicant"), status="submitted")
        assignments = [make_assignment(case_study, make_user("reviewer")) for _ in range(3)]
        criteria = [Criterion(call_id=call.id, position=i, label=f"C{i}", weight=1.0 + i, scale_min=1, scale_max=5,
                              active=True) for i in range(4)]
        db.session.add_all(criteria)
        db.session.flush()
        # Two reviews already scored and submitted, so every rubric change has totals to move.
        setup = [("score", a, c, 2 + (a + c) % 4) for a in (0, 1) for c in range(4)] + [("review", 0, True),
                                                                                     ("review", 1, True)]
        try:
            for operation in setup + operations:
                kind, *args = operation
                if kind == "score":
                    assignment, criterion, value = assignments[args[0]], criteria[args[1]], args[2]
                    if level_fits(value, criterion):
                        save_score(assignment=assignment, criterion=criterion, value=value, actor=None)
                elif kind == "review":
                    review = db.session.execute(select(Review).where(
                        Review.assignment_id == assignments[args[0]].id)).scalar_one_or_none()
                    review = review or Review(assignment_id=assignments[args[0]].id, overall_comment="")
                    review.submitted_at = utcnow() if args[1] else None
                    db.session.add(review)
                elif kind == "weight":
                    criteria[args[0]].weight = args[1]
                elif kind == "active":
                    criteria[args[0]].active = args[1]
                else:
                    criteria[args[0]].scale_min, criteria[args[0]].scale_max = args[1], args[2]
                db.session.flush()
                for review in db.session.execute(select(Review).where(Review.submitted_at.is_not(None))).scalars():
                    levels = dict(db.session.execute(select(Score.criterion_id, Score.value).where(
                        Score.assignment_id == review.assignment_id)).all())
                    expected = weighted_total(levels, criteria)
                    if expected is None:
                        assert review.total is None, operations
                    else:
                        assert review.total == pytest.approx(expected, rel=1e-9, abs=1e-9), operations
        finally:
            db.session.rollback()


def test_saving_through_the_pages_keeps_the_stored_total_of_a_submitted_review(app, client, auth):
    """A draft's levels saved through htmx, then the submission, then a revision of one level after
    submitting: the stored total follows each step that counts, with the formula over the rubric."""
    with app.app_context():
        setup = build()
        db.session.commit()
    auth.login(RITA)

    def stored_total():
        with app.app_context():
            review = db.session.execute(select(Review).where(Review.assignment_id == setup.assignment)).scalar_one()
            criteria = list(db.session.execute(select(Criterion).where(Criterion.call_id == setup.call_id)).scalars())
            levels = dict(db.session.execute(select(Score.criterion_id, Score.value).where(
                Score.assignment_id == setup.assignment)).all())
            return review.total, weighted_total(levels, criteria)

    for criterion_id, level in zip(setup.criteria, (2, 4, 5)):
        response = client.post(f"/reviews/{setup.assignment}/criteria/{criterion_id}", headers=hx(),
                               data={f"criterion_{criterion_id}": str(level)})
        assert response.status_code == 200
    form = review_form(client, setup.assignment, "submit", {"overall_comment": "A clear case."})
    assert client.post(f"/reviews/{setup.assignment}", data=form).status_code == 303
    total, expected = stored_total()
    assert total == pytest.approx(expected) and expected is not None
    response = client.post(f"/reviews/{setup.assignment}/criteria/{setup.criteria[0]}", headers=hx(),
                           data={f"criterion_{setup.criteria[0]}": "5"})
    assert response.status_code == 200
    total, revised = stored_total()
    assert revised != expected
    assert total == pytest.approx(revised)
