"""Building a call's maintained scores for one version: computing the rows, and storing them.

Calibration ties every case study to every total of the call, so a build is always of the whole call:
the database computes each case study's progress and aggregates (sql.py, progress.py) in a few
set-based statements, Python orders the rows once for each sort (with the same rules the dashboard
always used: ranking.competition_ranks, ties in title order, unscored last), and one bulk insert
stores them under the version they were built from. current.py decides who builds, and when.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, text

from ...case_studies.models import Call, CaseStudy
from ...clock import utcnow
from ...database import fold
from ...extensions import db
from ..models import Decision
from .accepted import kept_balance
from .models import SORTED_BY, CallScores, CaseStudyScore
from .panels import active_criteria, panel_scores
from .progress import coverage_select, from_call, progress_parts, reviewers_select
from .ranking import competition_ranks, score_order
from .sql import RECOMMENDATIONS, aggregates_cte

# The first key of PostgreSQL's two-key advisory lock that a call's build holds; the second is the call.
LOCK_CLASS = 1303
VALUE_SORTS = SORTED_BY[1:]  # every sort but by title
RANKED = ("calibrated", "mean", "weighted")
COLUMN_OF_SORT = {"reviews": "done", "weighted": "weighted_mean"}


def _lock(call_id: int) -> int:
    """Take the call's build lock inside the caller's transaction and return its scores version, which
    then holds until that transaction commits.

    On SQLite the transaction holds the write lock already (it began IMMEDIATE). On PostgreSQL the
    build first shares the call's row lock, so no change of the call's data (each bumps the version on
    that row, in its own transaction) can commit while the build reads: the version it reads is that of
    its data. The advisory lock then lets one build in at a time. Always in that order, so a writer
    that builds (holding the row) and a reader that builds cannot wait for each other.
    """
    version_of = select(Call.scores_version).where(Call.id == call_id)
    if db.session.get_bind().dialect.name != "postgresql":
        return db.session.execute(version_of).scalar_one()
    version = db.session.execute(version_of.with_for_update(read=True)).scalar_one()
    db.session.execute(text("SELECT pg_advisory_xact_lock(:kind, :call)"), {"kind": LOCK_CLASS, "call": call_id})
    return version


def build_in_place(call_id: int) -> CallScores:
    """Build the call's scores for its current version inside the caller's transaction (one that has
    written already, so it cannot commit first), unless someone already has; return the state."""
    version = _lock(call_id)
    state = read_state(call_id, for_update=True)  # a claimed build storing the same version goes first
    if state is not None and state.version >= version:
        return state
    return store(call_id, version, compute(call_id, version), state, release=False)


def read_state(call_id: int, *, for_update: bool = False) -> CallScores | None:
    """The call's state as committed now; `for_update`: locked, so a slower build of an older version
    cannot store over a newer one (PostgreSQL; SQLite's write lock does it there)."""
    query = select(CallScores).where(CallScores.call_id == call_id).execution_options(populate_existing=True)
    return db.session.execute(query.with_for_update() if for_update else query).scalar_one_or_none()


@dataclass
class Computed:
    rows: list[dict]
    summary: dict


def compute(call_id: int, version: int) -> Computed:
    """Everything a build stores for `version`, read (only read) in the caller's transaction."""
    started = time.perf_counter()
    call = db.session.get(Call, call_id)
    # Settings this request read before the version may be older than it: read them with it.
    db.session.refresh(call, ["reviews_per_economy", "disagreement_threshold", "panel_economies"])
    criteria = active_criteria(call.id)
    panel_means, agreement = panel_scores(call, criteria)
    rows = _case_study_rows(call, version, [c.id for c in criteria], panel_means)
    return Computed(rows, {"case_studies": len(rows), "statuses": dict(Counter(row["status"] for row in rows)),
                           "panels": _panels(call), "agreement": agreement, "balance": kept_balance(call.id),
                           "build_seconds": time.perf_counter() - started})


def store(call_id: int, version: int, computed: Computed, state: CallScores | None, *,
          release: bool = True) -> CallScores:
    """Write `version`'s rows beside the current ones (removing older ones) and point the state at them;
    `release`: and free the claim (not when someone has taken it over for a later version)."""
    keep = sorted({version} | ({state.version} if state is not None else set()))
    connection = db.session.connection()
    connection.execute(delete(CaseStudyScore).where(CaseStudyScore.call_id == call_id,
                                                    CaseStudyScore.version.not_in(keep)))
    if computed.rows:
        connection.execute(insert(CaseStudyScore), computed.rows)
    if state is None:
        state = CallScores(call_id=call_id, version=version, **computed.summary)
        db.session.add(state)
    else:
        state.previous_version, state.version = (state.version if state.version >= 0 else None), version
        for name, value in computed.summary.items():
            setattr(state, name, value)
    state.built_at = utcnow()
    if release:
        state.building_until = state.building_version = None
    db.session.flush()
    return state


def _case_study_rows(call: Call, version: int, criterion_ids: list[int],
                     panel_means: dict[int, dict[str, float]]) -> list[dict]:
    """Every case study of the call with its progress, aggregates and positions, as rows to insert."""
    panel = list(call.panel_economies)
    parts = progress_parts(call, [e.id for e in panel])
    scores = aggregates_cte(call.id, criterion_ids)
    found = db.session.execute(from_call(select(
        CaseStudy.id, CaseStudy.title, CaseStudy.organisation_name, CaseStudy.organisation_type, CaseStudy.sector,
        CaseStudy.economy_id, CaseStudy.forum_id, parts.status.label("status"), Decision.outcome,
        func.coalesce(parts.counts.c.done, 0), func.coalesce(parts.counts.c.assigned, 0),
        scores.c.reviews, scores.c.mean, scores.c.median, scores.c.calibrated, scores.c.spread,
        scores.c.confidence_mean, scores.c.weighted_mean, *[scores.c[f"recommended_{r}"] for r in RECOMMENDATIONS],
        *[scores.c[f"mean_{c}"] for c in criterion_ids]), call, parts)
        .outerjoin(scores, scores.c.case_study_id == CaseStudy.id)
        .order_by(fold(CaseStudy.title), CaseStudy.id)).all()
    coverage: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for case_study_id, economy_id, assigned, done in db.session.execute(coverage_select(call)):
        coverage[case_study_id][economy_id] = (assigned, done)
    need, threshold = call.reviews_per_economy, call.disagreement_threshold
    rows = []
    for position, found_row in enumerate(found):
        (case_study_id, title, organisation, organisation_type, sector, economy_id, forum_id, status, outcome,
         done, assigned, reviews, mean, median, calibrated, spread, confidence_mean, weighted_mean,
         *counts) = found_row
        recommended, means = counts[:len(RECOMMENDATIONS)], counts[len(RECOMMENDATIONS):]
        cells = []
        for economy in panel:
            economy_assigned, economy_done = coverage[case_study_id].get(economy.id, (0, 0))
            cells.append([economy.code, "done" if economy_done >= need else "pending" if economy_assigned
                          else "missing"])
        rows.append({
            "call_id": call.id, "version": version, "case_study_id": case_study_id, "title": title, "organisation": organisation,
            "organisation_type": organisation_type, "sector": sector, "economy_id": economy_id,
            "forum_id": forum_id, "status": status, "outcome": outcome, "done": done, "assigned": assigned,
            "required": need * len(panel), "coverage": cells, "reviews": reviews or 0, "mean": mean,
            "median": median, "calibrated": calibrated, "spread": spread,
            "flagged": bool(reviews and reviews >= 2 and spread is not None and spread >= threshold),
            "criterion_means": {str(c): m for c, m in zip(criterion_ids, means) if m is not None},
            "panel_means": panel_means.get(case_study_id, {}),
            "recommendations": {r: n for r, n in zip(RECOMMENDATIONS, recommended) if n},
            "confidence_mean": confidence_mean, "weighted_mean": weighted_mean,
            "pos_title": position,
        })
    _place(rows)
    return rows


def _place(rows: list[dict]) -> None:
    """Each row's position in every sorted order (ranking.score_order) and its rank by each score
    (ranking.competition_ranks), over the whole call; `rows` are in title order."""
    for key in VALUE_SORTS:
        values = [row[COLUMN_OF_SORT.get(key, key)] for row in rows]
        for direction in ("asc", "desc"):
            for position, index in enumerate(score_order(values, descending=direction == "desc")):
                rows[index][f"pos_{key}_{direction}"] = position
        if key in RANKED:
            for row, rank in zip(rows, competition_ranks(values)):
                row[f"rank_{key}"] = rank


def _panels(call: Call) -> list[dict]:
    """Per economy (the call's panel first, then others by code): reviews done / assigned, the mean of
    its reviewers' totals, and each reviewer's load and mean, by name."""
    panels = {e.code: {"code": e.code, "in_panel": True, "done": 0, "assigned": 0, "reviewers": []}
              for e in call.panel_economies}
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    others = {}
    for reviewer_id, name, code, assigned, done, counted, total in db.session.execute(reviewers_select(call)):
        code = code or "—"
        panel = panels.get(code) or others.setdefault(
            code, {"code": code, "in_panel": False, "done": 0, "assigned": 0, "reviewers": []})
        panel["reviewers"].append({"id": reviewer_id, "name": name, "done": done, "assigned": assigned,
                                   "mean": total / counted if counted else None})
        panel["done"] += done
        panel["assigned"] += assigned
        sums[code][0] += counted
        sums[code][1] += total or 0.0
    result = list(panels.values()) + [others[code] for code in sorted(others)]
    for panel in result:
        counted, total = sums[panel["code"]]
        panel["mean"] = total / counted if counted else None
    return result
