"""The call dashboard: one page of the call's maintained scores (scores/), filtered, sorted and paged.

Every order is stored as positions over the whole call, so without filters a page is the rows whose
position falls in its range, whatever its number; with filters, one query walks the order's index
through the matching rows and counts them as it goes. Either way a page is one query, and one version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import String, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import aliased

from ...auth.economies import economies
from ...case_studies.models import Call
from ...database import contains_folded
from ...extensions import db
from ...paging import MAX_PAGE, Page, known_page
from ..labels import STATUS_LABELS
from ...reviews.models import Recommendation
from ..scores.models import CallScores, CaseStudyScore
from ...charts import shapes_for
from .charts import PanelCharts, RowStrip, panel_charts, StripWords, row_strip, strip_words
from .filters import RANKED_SORTS, Filters

RECOMMENDATIONS = [recommendation.value for recommendation in Recommendation]  # in the scale's order


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
    median: float | None
    calibrated: float | None
    spread: float | None
    flagged: bool
    outcome: str | None
    rank: int | None
    weighted_mean: float | None = None
    confidence_mean: float | None = None
    recommendations: list[tuple[str, int]] = field(default_factory=list)  # (code, reviews), scale order
    by_panel: RowStrip | None = None  # each panel's mean beside the calibrated score, drawn in the row
    panel_means: dict[str, float] = field(default_factory=dict)  # the strip's numbers, for its table


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
    more: int = 0  # reviewers of the panel left out of `reviewers` to keep a large panel short


@dataclass
class PanelAgreement:
    code: str | None  # an economy's, or None for all panels together
    alpha: float | None
    mean: float | None  # of the criterion's levels, on 0–100
    levels: int


@dataclass
class CriterionAgreement:
    label: str
    panels: list[PanelAgreement]
    all: PanelAgreement
    difference: float | None  # the largest difference between two panels' means
    flagged: bool


@dataclass
class Dashboard:
    page: Page
    ranked: bool
    version: int  # of the scores every number on the page comes from
    panel_codes: list[str] = field(default_factory=list)  # of the panels any row's strip has a mean of


@dataclass
class Attention:
    need_reviewers: int  # case studies auto-assign would give a reviewer to
    flagged: int  # case studies where reviewers disagree


@dataclass
class Summary:
    statuses: list[tuple[str, str, int]]  # (status, label, count) over the whole call
    panels: list[PanelSummary]
    charts: PanelCharts | None = None
    agreement: list[CriterionAgreement] = field(default_factory=list)


def _conditions(filters: Filters) -> list:
    row, conditions = CaseStudyScore, []
    if filters.q:
        conditions.append(or_(contains_folded(row.title, filters.q), contains_folded(row.organisation, filters.q)))
    for column, value in ((row.forum_id, filters.forum_id), (row.economy_id, filters.economy_id),
                          (row.sector, filters.sector), (row.organisation_type, filters.organisation_type),
                          (row.status, filters.status)):
        if value is not None:
            conditions.append(column == value)
    if filters.flagged:
        conditions.append(CaseStudyScore.flagged.is_(True))
    return conditions


def _position(filters: Filters):
    """The stored position column of the chosen order, and whether to walk it backwards."""
    if filters.sort == "title":
        return CaseStudyScore.pos_title, filters.descending
    return getattr(CaseStudyScore, f"pos_{filters.sort}_{'desc' if filters.descending else 'asc'}"), False


def build_dashboard(call: Call, state: CallScores, filters: Filters, fora: dict[int, str]) -> Dashboard:
    """The page of rows `filters` ask for, as of `state`'s version."""
    filters.page = min(max(1, filters.page), MAX_PAGE)  # past the end is the last page anyway
    conditions = _conditions(filters)
    if conditions:
        found, total, page = _filtered(call, state, filters, conditions)
    else:
        found, total, page = _unfiltered(call, state, filters)
    codes = {entry.id: entry.code for entry in economies()}
    shapes, phrases = shapes_for(sorted({panel["code"] for panel in state.panels})), strip_words()
    rows = [_row(score, rank, codes, fora, shapes, phrases) for score, rank in found]
    return Dashboard(page=known_page(rows, total=total, page=page, per_page=filters.per_page),
                     ranked=filters.sort in RANKED_SORTS, version=state.version,
                     panel_codes=sorted({code for row in rows for code in row.panel_means}))


# A panel of more reviewers shows this many of them unless all are asked for: those furthest from the
# panel's mean (the harshest and the most lenient), in name order.
REVIEWERS_SHOWN = 5


def summarise(state: CallScores, *, all_reviewers: bool = False, locale: str = "") -> Summary:
    """The call's status counts, panels (with their charts) and agreement as of `state`'s version, criteria
    named in `locale` (in English without a translation); no query."""
    panels = [_shortened(panel) if not all_reviewers else panel for panel in _panels(state)]
    return Summary(statuses=[(status, label, state.statuses.get(status, 0))
                             for status, label in STATUS_LABELS.items()],
                   panels=panels, charts=panel_charts(panels), agreement=_agreement(state, locale))


def attention(call: Call, state: CallScores) -> Attention:
    """What asks for the editor first, in one aggregate query over the call's rows of `state`'s version:
    the submitted case studies short of reviewers (fewer active assignments than the panel needs, or a
    panel economy with none) and the case studies flagged because their reviewers disagree."""
    row = CaseStudyScore
    short = and_(row.status.not_in(("draft", "withdrawn")),
                 or_(row.assigned < row.required, cast(row.coverage, String).contains('"missing"')))
    need, flagged = db.session.execute(
        select(func.count().filter(short), func.count().filter(row.flagged.is_(True)))
        .where(*_scope(call, state))).one()
    return Attention(need_reviewers=need or 0, flagged=flagged or 0)


def _agreement(state: CallScores, locale: str) -> list[CriterionAgreement]:
    def cell(found: dict, code: str | None = None) -> PanelAgreement:
        return PanelAgreement(code=code, alpha=found["alpha"], mean=found["mean"], levels=found["levels"])

    return [CriterionAgreement(label=c["labels"].get(locale) or c["label"],
                               panels=[cell(p, p["code"]) for p in c["panels"]], all=cell(c["all"]),
                               difference=c["difference"], flagged=c["flagged"])
            for c in state.agreement or []]


def _shortened(panel: PanelSummary) -> PanelSummary:
    if len(panel.reviewers) <= REVIEWERS_SHOWN + 1:  # "1 more" would take the row it saves
        return panel

    def distance(reviewer: ReviewerSummary) -> float:
        if reviewer.mean is None or panel.mean is None:
            return -1.0
        return abs(reviewer.mean - panel.mean)

    furthest = sorted(panel.reviewers, key=distance, reverse=True)[:REVIEWERS_SHOWN]
    shown = [reviewer for reviewer in panel.reviewers if reviewer in furthest]
    return PanelSummary(economy_code=panel.economy_code, in_panel=panel.in_panel, done=panel.done,
                        assigned=panel.assigned, mean=panel.mean, reviewers=shown,
                        more=len(panel.reviewers) - len(shown))


def _scope(call: Call, state: CallScores) -> list:
    return [CaseStudyScore.call_id == call.id, CaseStudyScore.version == state.version]


def _rank_column(filters: Filters):
    if filters.sort not in RANKED_SORTS:
        return None
    return getattr(CaseStudyScore, f"rank_{filters.sort}")


def _unfiltered(call: Call, state: CallScores, filters: Filters):
    """The page's rows by their stored positions: page 200 reads what page 1 reads."""
    total, per_page = state.case_studies, filters.per_page
    page = min(max(1, filters.page), max(1, -(-total // per_page)))
    position, backwards = _position(filters)
    first = (page - 1) * per_page
    low, high = (total - first - per_page, total - first - 1) if backwards else (first, first + per_page - 1)
    rank = _rank_column(filters)
    query = (select(CaseStudyScore, *([rank] if rank is not None else []))
             .where(*_scope(call, state), position.between(low, high))
             .order_by(position.desc() if backwards else position))
    return [(row[0], row[1] if rank is not None else None) for row in db.session.execute(query)], total, page


def _filtered(call: Call, state: CallScores, filters: Filters, conditions: list):
    """The matching rows in the chosen order, counted, numbered and ranked among themselves, and the
    requested page of them (the last one for a page past the end), all in one query."""
    position, backwards = _position(filters)
    rank = _rank_column(filters)
    columns = [CaseStudyScore, func.count().over().label("total"),
               func.row_number().over(order_by=position.desc() if backwards else position).label("n")]
    if rank is not None:
        # Ranks among the matches, from the call's own (which hold ties within a hair of each other).
        columns.append(case((rank.is_(None), None), else_=func.rank().over(
            partition_by=rank.is_(None), order_by=rank)).label("rank"))
    matching = select(*columns).where(*_scope(call, state), *conditions).subquery("matching")
    per_page = filters.per_page
    wanted, last = (max(1, filters.page) - 1) * per_page, (matching.c.total - 1) // per_page * per_page
    start = case((literal(wanted) <= last, literal(wanted)), else_=last)
    score = aliased(CaseStudyScore, matching)
    query = (select(score, matching.c.total, *([matching.c.rank] if rank is not None else []))
             .where(matching.c.n > start, matching.c.n <= start + per_page).order_by(matching.c.n))
    found = db.session.execute(query).all()
    total = found[0].total if found else 0
    page = min(max(1, filters.page), max(1, -(-total // per_page)))
    return [(row[0], row[2] if rank is not None else None) for row in found], total, page


def _row(score: CaseStudyScore, rank: int | None, codes: dict[int, str], fora: dict[int, str],
         shapes: dict[str, str], phrases: StripWords) -> Row:
    return Row(
        id=score.case_study_id, title=score.title, organisation=score.organisation,
        organisation_type=score.organisation_type, sector=score.sector, economy_code=codes.get(score.economy_id),
        forum=fora.get(score.forum_id), status=score.status, done=score.done, required=score.required,
        coverage=[tuple(cell) for cell in score.coverage], mean=score.mean, median=score.median,
        calibrated=score.calibrated, spread=score.spread, flagged=score.flagged, outcome=score.outcome, rank=rank,
        weighted_mean=score.weighted_mean, confidence_mean=score.confidence_mean,
        recommendations=[(code, score.recommendations[code]) for code in RECOMMENDATIONS
                         if score.recommendations.get(code)],
        by_panel=row_strip(score.case_study_id, score.panel_means, score.calibrated, shapes, phrases),
        panel_means=score.panel_means or {})


def _panels(state: CallScores) -> list[PanelSummary]:
    return [PanelSummary(economy_code=p["code"], in_panel=p["in_panel"], done=p["done"], assigned=p["assigned"],
                         mean=p["mean"], reviewers=[ReviewerSummary(**r) for r in p["reviewers"]])
            for p in state.panels]
