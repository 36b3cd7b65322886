"""The call dashboard: one row per case study, filtered, sorted and paged, in a fixed number of queries.

Counts and statuses come from aggregate SQL; scores come from ranking.aggregate over the call's
review totals (one query), because calibration needs every total of the call.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import fmean

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal, or_, select

from ..auth.models import Economy, User
from ..case_studies.models import Call, CaseStudy, Forum
from ..extensions import db
from ..reviews.models import Assignment, AssignmentStatus, Review
from .labels import STATUS_LABELS
from .models import Decision
from .queries import call_scores
from .ranking import competition_ranks

SORTS = {
    "title": _l("Title"),
    "calibrated": _l("Calibrated score"),
    "mean": _l("Raw mean"),
    "spread": _l("Spread"),
    "reviews": _l("Reviews submitted"),
}
RANKED_SORTS = ("calibrated", "mean")
ACTIVE = AssignmentStatus.ACTIVE.value


@dataclass
class Filters:
    q: str = ""
    forum_id: int | None = None
    economy_id: int | None = None
    sector: str | None = None
    organisation_type: str | None = None
    status: str | None = None
    flagged: bool = False
    sort: str = "title"
    order: str = ""  # "asc", "desc", or "" for A to Z and highest score first
    per_page: int = 50
    page: int = 1

    @property
    def descending(self) -> bool:
        return self.order == "desc" or (self.order == "" and self.sort != "title")

    def args(self) -> dict:
        """The query string of these filters (defaults left out), for links that keep them."""
        values = {"q": self.q, "forum": self.forum_id, "economy": self.economy_id, "sector": self.sector,
                  "organisation_type": self.organisation_type, "status": self.status,
                  "flagged": "y" if self.flagged else None,
                  "sort": None if self.sort == "title" else self.sort, "order": self.order or None,
                  "per_page": None if self.per_page == 50 else self.per_page}
        return {k: v for k, v in values.items() if v not in (None, "")}


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
class Page:
    items: list[Row]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass
class ReviewerSummary:
    id: int
    name: str
    done: int
    assigned: int
    mean: float | None


@dataclass
class PanelSummary:
    economy_code: str
    in_panel: bool
    done: int = 0
    assigned: int = 0
    mean: float | None = None
    reviewers: list[ReviewerSummary] = field(default_factory=list)


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
        (and_(Decision.released_at.is_not(None), Decision.released_outcome == Decision.outcome), "released"),
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
        needle = filters.q.lower()
        conditions.append(or_(func.lower(CaseStudy.title).contains(needle, autoescape=True),
                              func.lower(CaseStudy.organisation_name).contains(needle, autoescape=True)))
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
        .order_by(func.lower(CaseStudy.title), CaseStudy.id)).all()
    statuses = Counter(status for _, status, _, _ in everything)
    matches = [(case_study_id, done) for case_study_id, status, done, match in everything
               if match and (not filters.status or status == filters.status)
               and (not filters.flagged or (case_study_id in aggregates and aggregates[case_study_id].flagged))]
    ordered, ranks = sort_ids(matches, filters, aggregates)
    page_number = min(max(1, filters.page), max(1, math.ceil(len(ordered) / filters.per_page)))
    start = (page_number - 1) * filters.per_page
    page_ids = ordered[start:start + filters.per_page]
    rows = _rows(call, page_ids, aggregates, ranks)
    return Dashboard(page=Page(rows, page_number, filters.per_page, len(ordered)),
                     ranked=filters.sort in RANKED_SORTS,
                     statuses=[(status, label, statuses.get(status, 0)) for status, label in STATUS_LABELS.items()],
                     panels=_panels(call, scores.totals))


def sort_ids(matches: list[tuple[int, int]], filters: Filters, aggregates) -> tuple[list[int], dict[int, int]]:
    """Case study ids in the chosen order (no score last, ties in title order) and their ranks.

    `matches` are (id, reviews done) in title order.
    """
    if filters.sort == "title":
        ids = [case_study_id for case_study_id, _ in matches]
        return (ids[::-1] if filters.descending else ids), {}
    if filters.sort == "reviews":
        values = dict(matches)
    else:
        values = {case_study_id: getattr(aggregates[case_study_id], filters.sort) if case_study_id in aggregates
                  else None for case_study_id, _ in matches}
    scored = [case_study_id for case_study_id, _ in matches if values[case_study_id] is not None]
    scored.sort(key=values.__getitem__, reverse=filters.descending)
    ranks = {}
    if filters.sort in RANKED_SORTS:
        ranks = dict(zip(scored, competition_ranks([values[i] for i in scored])))
    return scored + [case_study_id for case_study_id, _ in matches if values[case_study_id] is None], ranks


def _rows(call: Call, ids: list[int], aggregates, ranks) -> list[Row]:
    parts = _parts(call, ids)
    found = {r.id: r for r in db.session.execute(_from_call(
        select(CaseStudy.id, CaseStudy.title, CaseStudy.organisation_name, CaseStudy.organisation_type,
               CaseStudy.sector, Economy.code.label("economy_code"), Forum.city.label("forum"),
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
            sector=r.sector, economy_code=r.economy_code, forum=r.forum, status=r.status, done=r.done,
            required=need * len(call.panel_economies), coverage=cells,
            mean=result.mean if result else None, calibrated=result.calibrated if result else None,
            spread=result.spread if result else None, flagged=bool(result and result.flagged),
            outcome=r.outcome, rank=ranks.get(case_study_id)))
    return rows


def _panels(call: Call, totals) -> list[PanelSummary]:
    """Reviews done / assigned per economy, and each reviewer's mean total beside their panel's."""
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for row in totals:
        by_reviewer[row.reviewer_id].append(row.total)
    panels = {e.code: PanelSummary(economy_code=e.code, in_panel=True) for e in call.panel_economies}
    for reviewer_id, name, code, assigned, done in db.session.execute(
        select(User.id, User.name, Economy.code, func.count(Assignment.id), func.count(Review.submitted_at))
        .select_from(Assignment)
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
        .join(User, User.id == Assignment.reviewer_id)
        .outerjoin(Economy, Economy.id == User.economy_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(CaseStudy.call_id == call.id, Assignment.status == ACTIVE)
        .group_by(User.id, User.name, Economy.code)
        .order_by(User.name, User.id)
    ):
        panel = panels.setdefault(code or "—", PanelSummary(economy_code=code or "—", in_panel=False))
        values = by_reviewer.get(reviewer_id, [])
        panel.reviewers.append(ReviewerSummary(reviewer_id, name, done, assigned, fmean(values) if values else None))
        panel.done += done
        panel.assigned += assigned
    for panel in panels.values():
        values = [t for reviewer in panel.reviewers for t in by_reviewer.get(reviewer.id, [])]
        panel.mean = fmean(values) if values else None
    return list(panels.values())
