"""Pagination, one object for every list: the ?page= argument and a Page over a select or a list."""

from __future__ import annotations

import math

from flask import abort, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from .extensions import db

MAX_PAGE = 1_000_000


def page_arg() -> int:
    """The ?page= number; 404 for anything but a sensible positive integer."""
    page = request.args.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        abort(404)
    return int(page)


class Page(Pagination):
    """Flask-SQLAlchemy's pagination over a select of entities, a select of several columns (rows),
    or a list already in order; templates page through each the same way."""

    def _query_items(self) -> list:
        source = self._query_args["source"]
        if isinstance(source, list):
            return source[self._query_offset:self._query_offset + self.per_page]
        result = db.session.execute(source.limit(self.per_page).offset(self._query_offset))
        return list(result.all() if self._query_args["rows"] else result.unique().scalars())

    def _query_count(self) -> int:
        source = self._query_args["source"]
        if isinstance(source, list):
            return len(source)
        counted = source.order_by(None).subquery()
        return db.session.execute(select(func.count()).select_from(counted)).scalar_one()


def paginate(source: Select | list, *, page: int, per_page: int, rows: bool = False,
             past_end: str = "404") -> Page:
    """One page of `source`; `rows`: the select names several columns, so its items are rows.

    A page past the end answers 404 (`past_end="404"`), is empty ("empty"), or is the last page
    ("last", for a list).
    """
    if past_end == "last" and isinstance(source, list):
        page = min(max(1, page), max(1, math.ceil(len(source) / per_page)))
    return Page(page=page, per_page=per_page, max_per_page=None, error_out=past_end == "404", source=source,
                rows=rows)


class _KnownPage(Page):
    def _query_items(self) -> list:
        return self._query_args["items"]

    def _query_count(self) -> int:
        return self._query_args["total"]


def known_page(items: list, *, total: int, page: int, per_page: int) -> Page:
    """A page whose items and total the caller has already read (in one query, say)."""
    return _KnownPage(page=page, per_page=per_page, max_per_page=None, error_out=False, items=items, total=total)
