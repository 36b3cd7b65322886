"""The dashboard as it was computed on every request before scores were maintained: the test oracle.

It recomputes everything from the call's review totals (scores.queries.call_scores and the pure
ranking.aggregate) and sorts in Python, for one page or the whole call; the maintained rows must give
the same numbers, order, ranks, counts and panels.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import fmean

from sqlalchemy import and_, case, func, literal, or_, select

from lie_review.auth.models import Economy, User
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.database import contains_folded, fold
from lie_review.editorial.dashboard.filters import RANKED_SORTS, Filters
from lie_review.editorial.scores.agreement import ordinal_alpha
from lie_review.editorial.scores.progress import from_call, progress_parts
from lie_review.editorial.scores.ranking import (
    TIE_DECIMALS, Aggregate, ReviewTotal, aggregate, competition_ranks,
)
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, AssignmentStatus, Criterion, Review, Score
from lie_review.reviews.totals import review_totals

ACTIVE = AssignmentStatus.ACTIVE.value


@dataclass
class CallScores:
    """Every submitted review total of a call and the aggregates computed from them."""

    totals: list[ReviewTotal]
    by_assignment: dict[int, float]
    aggregates: dict[int, Aggregate]

    def totals_of(self, case_study_id: int) -> list[ReviewTotal]:
        return [row for row in self.totals if row.case_study_id == case_study_id]


def _levels_of_case_study(case_study_id: int) -> dict[int, dict[int, int]]:
    """The levels each assignment of the case study gave, by assignment and criterion."""
    levels: dict[int, dict[int, int]] = {}
    for assignment_id, criterion_id, value in db.session.execute(
        select(Score.assignment_id, Score.criterion_id, Score.value)
        .join(Assignment, Assignment.id == Score.assignment_id)
        .join(Criterion, Criterion.id == Score.criterion_id)
        .where(Assignment.case_study_id == case_study_id, Criterion.active.is_(True), Score.value.is_not(None))
    ):
        levels.setdefault(assignment_id, {})[criterion_id] = value
    return levels


def call_scores(call: Call, *, scores_of: int | None = None) -> CallScores:
    """Aggregates of the whole call (calibration needs every total); with `scores_of`, that case
    study's per-criterion means too (one more query)."""
    levels = _levels_of_case_study(scores_of) if scores_of is not None else {}
    # Plain loops over unpacked rows: a large call has tens of thousands of them per request.
    totals, by_assignment, no_scores = [], {}, ReviewTotal(0, 0, 0.0).scores
    for assignment_id, case_study_id, reviewer_id, total in review_totals(call.id):
        by_assignment[assignment_id] = total
        totals.append(ReviewTotal(case_study_id, reviewer_id, total, levels.get(assignment_id, no_scores)))
    return CallScores(totals, by_assignment, aggregate(totals, call.disagreement_threshold))


def _conditions(filters: Filters) -> list:
    conditions = []
    if filters.q:
        conditions.append(or_(contains_folded(CaseStudy.title, filters.q),
                              contains_folded(CaseStudy.organisation_name, filters.q)))
    for column, value in ((CaseStudy.forum_id, filters.forum_id), (CaseStudy.economy_id, filters.economy_id),
                          (CaseStudy.sector, filters.sector),
                          (CaseStudy.organisation_type, filters.organisation_type)):
        if value is not None:
            conditions.append(column == value)
    return conditions


def _sort_ids(matches, filters: Filters, aggregates, extras):
    """The order and ranks as the dashboard always gave them: stable sorts of the values."""
    if filters.sort == "title":
        ids = [case_study_id for case_study_id, _ in matches]
        return (ids[::-1] if filters.descending else ids), {}
    if filters.sort == "reviews":
        values = dict(matches)
    elif filters.sort == "weighted":
        values = {i: extras[i]["weighted"] if i in extras else None for i, _ in matches}
    else:
        values = {i: getattr(aggregates[i], filters.sort) if i in aggregates else None for i, _ in matches}
    scored = [i for i, _ in matches if values[i] is not None]
    # Values equal to TIE_DECIMALS are ties (sums of the same totals in another order differ in the last
    # bits: the same calibrated score computed by SQL and by Python), kept in title order.
    scored.sort(key=lambda i: round(values[i], TIE_DECIMALS), reverse=filters.descending)
    ranks = {}
    if filters.sort in RANKED_SORTS:
        ranks = dict(zip(scored, competition_ranks([values[i] for i in scored])))
    return scored + [i for i, _ in matches if values[i] is None], ranks


def oracle_dashboard(call: Call, filters: Filters) -> dict:
    """Every matching case study in order (all pages), with the call's status counts and panels."""
    panel = list(call.panel_economies)
    parts = progress_parts(call, [e.id for e in panel])
    scores = call_scores(call)
    aggregates = scores.aggregates
    conditions = _conditions(filters)
    everything = db.session.execute(from_call(
        select(CaseStudy.id, parts.status.label("status"), func.coalesce(parts.counts.c.done, 0).label("done"),
               case((and_(*conditions), True), else_=False).label("matches") if conditions
               else literal(True).label("matches")), call, parts)
        .order_by(fold(CaseStudy.title), CaseStudy.id)).all()
    statuses = Counter(status for _, status, _, _ in everything)
    status_of = {i: status for i, status, _, _ in everything}
    matches = [(i, done) for i, status, done, match in everything
               if match and (not filters.status or status == filters.status)
               and (not filters.flagged or (i in aggregates and aggregates[i].flagged))]
    extras, agreement = oracle_panels(call)
    ordered, ranks = _sort_ids(matches, filters, aggregates, extras)
    coverage: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for case_study_id, economy_id, assigned, done in db.session.execute(
        select(Assignment.case_study_id, User.economy_id, func.count(Assignment.id), func.count(Review.submitted_at))
        .join(User, User.id == Assignment.reviewer_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
        .where(CaseStudy.call_id == call.id, Assignment.status == ACTIVE)
        .group_by(Assignment.case_study_id, User.economy_id)
    ):
        coverage[case_study_id][economy_id] = (assigned, done)
    need = call.reviews_per_economy
    done_of = dict(matches)
    rows = []
    for i in ordered:
        a = aggregates.get(i)
        cells = []
        for economy in panel:
            assigned, done = coverage[i].get(economy.id, (0, 0))
            cells.append((economy.code, "done" if done >= need else "pending" if assigned else "missing"))
        rows.append({"id": i, "status": status_of[i], "done": done_of[i], "required": need * len(panel),
                     "coverage": cells, "mean": a.mean if a else None, "median": a.median if a else None,
                     "calibrated": a.calibrated if a else None, "spread": a.spread if a else None,
                     "flagged": bool(a and a.flagged), "rank": ranks.get(i),
                     "criterion_means": a.criterion_means if a else {},
                     **extras.get(i, {"panel_means": {}, "recommendations": {}, "confidence_mean": None,
                                      "weighted": None})})
    return {"rows": rows, "statuses": dict(statuses), "panels": _panels(call, scores.totals),
            "agreement": agreement}


def _panels(call: Call, totals) -> dict:
    """Per economy code: (done, assigned, mean) and its reviewers as {id: (done, assigned, mean)}."""
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for row in totals:
        by_reviewer[row.reviewer_id].append(row.total)
    panels = {e.code: {"done": 0, "assigned": 0, "reviewers": {}} for e in call.panel_economies}
    for reviewer_id, code, assigned, done in db.session.execute(
        select(User.id, Economy.code, func.count(Assignment.id), func.count(Review.submitted_at))
        .select_from(Assignment)
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
        .join(User, User.id == Assignment.reviewer_id)
        .outerjoin(Economy, Economy.id == User.economy_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(CaseStudy.call_id == call.id, Assignment.status == ACTIVE)
        .group_by(User.id, Economy.code)
    ):
        panel = panels.setdefault(code or "—", {"done": 0, "assigned": 0, "reviewers": {}})
        values = by_reviewer.get(reviewer_id, [])
        panel["reviewers"][reviewer_id] = (done, assigned, fmean(values) if values else None)
        panel["done"] += done
        panel["assigned"] += assigned
    for panel in panels.values():
        values = [t for reviewer in panel["reviewers"] for t in by_reviewer.get(reviewer, [])]
        panel["mean"] = fmean(values) if values else None
    return panels


def oracle_panels(call: Call) -> tuple[dict[int, dict], list[dict]]:
    """Per case study its panel means, recommendations, mean confidence and confidence-weighted mean, and
    per active criterion the agreement within and across panels, straight from the submitted reviews."""
    criteria = list(db.session.execute(select(Criterion).where(Criterion.call_id == call.id,
                                                               Criterion.active.is_(True))
                                       .order_by(Criterion.position, Criterion.id)).scalars())
    reviews = db.session.execute(
        select(Assignment.id, Assignment.case_study_id, Economy.code, Review.total, Review.recommendation,
               Review.confidence)
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
        .join(Review, Review.assignment_id == Assignment.id)
        .join(User, User.id == Assignment.reviewer_id)
        .outerjoin(Economy, Economy.id == User.economy_id)
        .where(CaseStudy.call_id == call.id, Assignment.status == ACTIVE, Review.submitted_at.is_not(None),
               Review.total.is_not(None))).all()
    levels = {(a, c): v for a, c, v in db.session.execute(
        select(Score.assignment_id, Score.criterion_id, Score.value).where(Score.value.is_not(None)))}
    per_case_study: dict[int, dict] = {}
    for case_study_id in {r[1] for r in reviews}:
        mine = [r for r in reviews if r[1] == case_study_id]
        codes = {r[2] for r in mine if r[2] is not None}
        confidences = [r[5] for r in mine if r[5] is not None]
        weights = [r[5] if r[5] is not None else 3 for r in mine]
        per_case_study[case_study_id] = {
            "panel_means": {code: fmean(r[3] for r in mine if r[2] == code) for code in codes},
            "recommendations": dict(Counter(r[4] for r in mine if r[4] is not None)),
            "confidence_mean": fmean(confidences) if confidences else None,
            "weighted": sum(w * r[3] for w, r in zip(weights, mine)) / sum(weights),
        }
    panel = [e.code for e in call.panel_economies]
    codes = panel + sorted({r[2] for r in reviews if r[2] is not None} - set(panel))
    agreement = []
    for criterion in criteria:
        scale = range(criterion.scale_min, criterion.scale_max + 1)

        def chosen(review):
            value = levels.get((review[0], criterion.id))
            return value if value in scale else None

        def cell(of):
            units = defaultdict(list)
            for review in of:
                if chosen(review) is not None:
                    units[review[1]].append(chosen(review))
            shares = [(v - criterion.scale_min) / (criterion.scale_max - criterion.scale_min) * 100
                      for unit in units.values() for v in unit]
            return {"alpha": ordinal_alpha(list(units.values()), list(scale)),
                    "mean": fmean(shares) if shares else None}

        panels = {code: cell([r for r in reviews if r[2] == code]) for code in codes}
        means = [p["mean"] for p in panels.values() if p["mean"] is not None]
        difference = max(means) - min(means) if len(means) > 1 else None
        agreement.append({"label": criterion.label, "panels": panels, "all": cell(reviews),
                          "difference": difference,
                          "flagged": difference is not None and difference > call.disagreement_threshold})
    return per_case_study, agreement
