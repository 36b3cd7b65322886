"""The dashboard's filters and order as plain values (scores.ranking holds the rule that orders by them)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

SORTS = {
    "title": _l("Title"),
    "calibrated": _l("Calibrated score"),
    "mean": _l("Raw mean"),
    "weighted": _l("Confidence-weighted mean"),
    "spread": _l("Spread"),
    "reviews": _l("Reviews submitted"),
}
RANKED_SORTS = ("calibrated", "mean", "weighted")


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

