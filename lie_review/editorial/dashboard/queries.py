"""The call dashboard: one row per case study, filtered, sorted and paged, in a fixed number of queries.

Counts and statuses come from aggregate SQL; scores come from ranking.aggregate over the call's
review totals (one query), because calibration needs every total of the call.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, or_, select

from ...auth.models import Economy, User
from ...case_studies.models import Call, CaseStudy, Forum
from ...database import contains_folded, fold
from ...extensions import db
from ...paging import Page, paginate
from ...reviews.models import Assignment, AssignmentStatus, Review
from ..labels import STATUS_LABELS
from ..models import Decision
from ..scores.queries import call_scores
from .filters import RANKED_SORTS, Filters, sort_ids
from .panels import PanelSummary, panels_of

ACTIVE = AssignmentStatus.ACTIVE.value


@dataclass
class Row:
    id: int
    title: str
    organisation: str
    organisation_type: str | None
    sector: str | None
    economy_code: str | None
    forum: str | None
    status: str
    done: int
    required: int
    coverage: list[tuple[str, str]]  # (economy code, "done" | "pending" | "missing")
    mean: float | None
    calibrated: float | None
    spread: float | None
    flagged: bool
    outcome: str | None
    rank: int | None


@dataclass
class Dashboard:
    page: Page
    ranked: bool
    statuses: list[tuple[str, str, int]]  # (status, label, count) over the whole call
    panels: list[PanelSummary]


@dataclass
class _Parts:
    counts: object
    covered: object
    status: object


def _parts(call: Call, ids: list[int] | None = None) -> _Parts:
    """Progress per case study (assignments, reviews, economies fully reviewed) and the status it
    gives; with `ids`, computed for those case studies only."""
    panel_ids = [e.id for e in call.panel_economies]
    scope = [CaseStudy.call_id == call.id, Assignment.status == ACTIVE]
    if ids is not None:
        scope.append(Assignment.case_study_id.in_(ids))
    counts = (select(Assignment.case_study_id.label("case_study_id"),
                     func.count(Assignment.id).label("assigned"),
                     func.count(Review.submitted_at).label("done"))
              .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
              .outerjoin(Review, Review.assignment_id == Assignment.id)
              .where(*scope)
              .group_by(Assignment.case_study_id).subquery("counts"))
    per_economy = (select(Assignment.case_study_id.label("case_study_id"), func.count(Review.id).label("n"))
                   .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
                   .join(User, User.id == Assignment.reviewer_id)
                   .join(Review, and_(Review.assignment_id == Assignment.id, Review.submitted_at.is_not(None)))
                   .where(*scope, User.economy_id.in_(panel_ids))
                   .group_by(Assignment.case_study_id, User.economy_id).subquery("per_economy"))
    covered = (select(per_economy.c.case_study_id, func.count().label("economies"))
               .where(per_economy.c.n >= call.reviews_per_economy)
               .group_by(per_economy.c.case_study_id).subquery("covered"))
    status = case(
        (CaseStudy.status == "draft", "draft"),
        (CaseStudy.status == "withdrawn", "withdrawn"),
        (Decision.is_released, "released"),
        (Decision.id.is_not(None), "decided"),
        (func.coalesce(covered.c.economies, 0) >= max(1, len(panel_ids)), "reviewed"),
        (func.coalesce(counts.c.assigned, 0) > 0, "under_review"),
        else_="submitted",
    )
    return _Parts(counts, covered, status)


def _from_call(query, call: Call, parts: _Parts):
    return (query.select_from(CaseStudy)
            .outerjoin(parts.counts, parts.counts.c.case_study_id == CaseStudy.id)
            .outerjoin(parts.covered, parts.covered.c.case_study_id == CaseStudy.id)
            .outerjoin(Decision, Decision.case_study_id == CaseStudy.id)
            .where(CaseStudy.call_id == call.id))


def _conditions(filters: Filters) -> list:
    """The filters that SQL applies (flagged depends on the scores, so it is applied after)."""
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


def build_dashboard(call: Call, filters: Filters) -> Dashboard:
    parts = _parts(call)
    scores = call_scores(call)
    aggregates = scores.aggregates
    # Every case study of the call, in title order, with its status: the summary counts them all,
    # the table keeps those matching the filters.
    conditions = _conditions(filters)
    everything = db.session.execute(_from_call(
        select(CaseStudy.id, parts.status.label("status"), func.coalesce(parts.counts.c.done, 0).label("done"),
               case((and_(*conditions), True), else_=False).label("matches") if conditions
               else literal(True).label("matches")), call, parts)
        .order_by(fold(CaseStudy.title), CaseStudy.id)).all()
    statuses = Counter(status for _, status, _, _ in everything)
    matches = [(case_study_id, done) for case_study_id, status, done, match in everything
               if match and (not filters.status or status == filters.status)
               and (not filters.flagged or (case_study_id in aggregates and aggregates[case_study_id].flagged))]
    ordered, ranks = sort_ids(matches, filters, aggregates)
    page = paginate(ordered, page=filters.page, per_page=filters.per_page, past_end="last")
    page.items = _rows(call, page.items, aggregates, ranks)
    return Dashboard(page=page, ranked=filters.sort in RANKED_SORTS,
                     statuses=[(status, label, statuses.get(status, 0)) for status, label in STATUS_LABELS.items()],
                     panels=panels_of(call, scores.totals))


def _rows(call: Call, ids: list[int], aggregates, ranks) -> list[Row]:
    parts = _parts(call, ids)
    found = {r.id: r for r in db.session.execute(_from_call(
        select(CaseStudy.id, CaseStudy.title, CaseStudy.organisation_name, CaseStudy.organisation_type,
               CaseStudy.sector, Economy.code.label("economy_code"), Forum,
               parts.status.label("status"), func.coalesce(parts.counts.c.done, 0).label("done"),
               Decision.outcome), call, parts)
        .outerjoin(Economy, Economy.id == CaseStudy.economy_id)
        .outerjoin(Forum, Forum.id == CaseStudy.forum_id)
        .where(CaseStudy.id.in_(ids)))}
    coverage: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for case_study_id, economy_id, assigned, done in db.session.execute(
        select(Assignment.case_study_id, User.economy_id, func.count(Assignment.id), func.count(Review.submitted_at))
        .join(User, User.id == Assignment.reviewer_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.case_study_id.in_(ids), Assignment.status == ACTIVE)
        .group_by(Assignment.case_study_id, User.economy_id)
    ):
        coverage[case_study_id][economy_id] = (assigned, done)
    need = call.reviews_per_economy
    rows = []
    for case_study_id in ids:
        r, result = found[case_study_id], aggregates.get(case_study_id)
        cells = []
        for economy in call.panel_economies:
            assigned, done = coverage[case_study_id].get(economy.id, (0, 0))
            cells.append((economy.code, "done" if done >= need else "pending" if assigned else "missing"))
        rows.append(Row(
            id=r.id, title=r.title, organisation=r.organisation_name, organisation_type=r.organisation_type,
            sector=r.sector, economy_code=r.economy_code,
            forum=r.Forum.city_label if r.Forum else None, status=r.status, done=r.done,
            required=need * len(call.panel_economies), coverage=cells,
            mean=result.mean if result else None, calibrated=result.calibrated if result else None,
            spread=result.spread if result else None, flagged=bool(result and result.flagged),
            outcome=r.outcome, rank=ranks.get(case_study_id)))
    return rows
