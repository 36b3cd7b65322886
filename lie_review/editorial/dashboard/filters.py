"""The dashboard's filters and order as plain values, and the rule that sorts and ranks by them."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..scores.ranking import competition_ranks

SORTS = {
    "title": _l("Title"),
    "calibrated": _l("Calibrated score"),
    "mean": _l("Raw mean"),
    "spread": _l("Spread"),
    "reviews": _l("Reviews submitted"),
}
RANKED_SORTS = ("calibrated", "mean")


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
