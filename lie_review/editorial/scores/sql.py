"""Each case study's scores computed by the database, in set-based SQL, for the maintained scores.

The numbers are those of ranking.aggregate (SPEC §5.2): raw mean, median, calibrated mean, spread and
each criterion's mean, with the reviews' mean confidence, confidence-weighted mean and number of each
recommendation. ranking.aggregate computes them in Python over the call's review totals and
is the tests' oracle for these statements; the database computes them here so that a build of a call
of 10,000 case studies never brings its 40,000 totals into Python.
"""

from __future__ import annotations

from sqlalchemy import Float, case, cast, func, literal, select, true

from ...auth.models import Economy, User
from ...reviews.models import Recommendation, Review
from ...reviews.totals import review_totals_select
from .ranking import MIN_REVIEWS_TO_CALIBRATE, UNSTATED_CONFIDENCE

RECOMMENDATIONS = [recommendation.value for recommendation in Recommendation]  # in the scale's order
# Variances below this are a reviewer giving every case study the same total, up to rounding.
FLAT = 1e-9


def reviews_cte(call_id: int, criterion_ids: list[int]):
    """One row per submitted review: its total, each criterion's score (score_<id>), its recommendation,
    confidence and reviewer's economy code, and the review's place among its case study's totals (place,
    from 1, and of) for the median."""
    totals = review_totals_select(call_id, criterion_ids).subquery("totals")
    by_case_study = {"partition_by": totals.c.case_study_id}
    return (select(totals, Review.recommendation, Review.confidence, Economy.code.label("economy"),
                   func.row_number().over(order_by=(totals.c.total, totals.c.assignment_id),
                                          **by_case_study).label("place"),
                   func.count().over(**by_case_study).label("of"))
            .join(Review, Review.assignment_id == totals.c.assignment_id)
            .join(User, User.id == totals.c.reviewer_id)
            .outerjoin(Economy, Economy.id == User.economy_id).cte("reviews"))


def _clamped(value):
    return case((value < 0.0, 0.0), (value > 100.0, 100.0), else_=value)


def calibrated_column(reviews):
    """A review's calibrated total, M + S·(t − m)/s for a reviewer with ≥ 3 reviews (else t), clamped to 0–100.

    m, s: the reviewer's mean and population standard deviation; M, S: those of every total in
    the call; s = 0 gives M. Returns the column and the two subqueries it needs joined.
    """
    total = reviews.c.total
    reviewer = (select(reviews.c.reviewer_id, func.count().label("n"), func.avg(total).label("m"),
                       (func.avg(total * total) - func.avg(total) * func.avg(total)).label("var"))
                .group_by(reviews.c.reviewer_id).subquery("reviewer_stats"))
    call = select(func.avg(total).label("m"),
                  (func.avg(total * total) - func.avg(total) * func.avg(total)).label("var")).subquery("call_stats")
    call_var = case((call.c.var > 0.0, call.c.var), else_=literal(0.0, Float))
    ratio = func.sqrt(call_var / case((reviewer.c.var > FLAT, reviewer.c.var), else_=literal(1.0, Float)))
    column = case(
        (reviewer.c.n < MIN_REVIEWS_TO_CALIBRATE, total),
        (reviewer.c.var <= FLAT, _clamped(call.c.m)),
        else_=_clamped(call.c.m + ratio * (total - reviewer.c.m)),
    )
    return column, reviewer, call


def _median(reviews):
    """The middle total, or the mean of the two middle ones: the places (of + 1) // 2 and (of + 2) // 2."""
    middle = reviews.c.place.in_([(reviews.c.of + 1) // 2, (reviews.c.of + 2) // 2])
    return func.avg(case((middle, reviews.c.total)))


def _weighted_mean(reviews):
    """Σ c·t / Σ c over the reviews, a review without a confidence weighing UNSTATED_CONFIDENCE."""
    weight = cast(func.coalesce(reviews.c.confidence, UNSTATED_CONFIDENCE), Float)
    return func.sum(weight * reviews.c.total) / func.sum(weight)


def aggregates_cte(call_id: int, criterion_ids: list[int], reviews=None):
    """Per case study with submitted reviews: reviews, mean, median, calibrated, spread, mean_<criterion id>,
    confidence_mean, weighted_mean and recommended_<recommendation code> (how many reviews gave it)."""
    reviews = reviews if reviews is not None else reviews_cte(call_id, criterion_ids)
    calibrated, reviewer, call = calibrated_column(reviews)
    total = reviews.c.total
    return (
        select(reviews.c.case_study_id, func.count().label("reviews"), func.avg(total).label("mean"),
               _median(reviews).label("median"),
               func.avg(calibrated).label("calibrated"), (func.max(total) - func.min(total)).label("spread"),
               *[func.avg(cast(reviews.c[f"score_{c}"], Float)).label(f"mean_{c}") for c in criterion_ids],
               func.avg(cast(reviews.c.confidence, Float)).label("confidence_mean"),
               _weighted_mean(reviews).label("weighted_mean"),
               *[func.count(case((reviews.c.recommendation == code, 1))).label(f"recommended_{code}")
                 for code in RECOMMENDATIONS])
        .select_from(reviews)
        .join(reviewer, reviewer.c.reviewer_id == reviews.c.reviewer_id)
        .join(call, true())
        .group_by(reviews.c.case_study_id)
        .cte("aggregates")
    )
