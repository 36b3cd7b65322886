"""The APEC member economies as pages list them, read once per process.

No page changes an economy: init-db seeds the 21 and only ever adds a missing one, at a deploy, which
restarts the workers. So every worker may keep its own copy without one ever seeing another's change
late. The fora, which editors rename, are kept too but checked on every request (case_studies/fora.py);
calls and rubrics are read from the database on each request.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select

from ..extensions import db
from .models import Economy

_KEY = "lie_review.economies"


class EconomyEntry(NamedTuple):
    id: int
    code: str
    name: str
    is_cohost: bool

    @property
    def label(self) -> str:
        """The APEC name in the reader's language, as Economy.label."""
        return gettext(self.name)


def economies() -> tuple[EconomyEntry, ...]:
    """Every economy, by code; the first call of a process reads them, later ones reuse what it read."""
    entries = current_app.extensions.get(_KEY)
    if entries is None:
        entries = tuple(EconomyEntry(*row) for row in db.session.execute(
            select(Economy.id, Economy.code, Economy.name, Economy.is_cohost).order_by(Economy.code)))
        if entries:  # before init-db there is nothing to keep
            current_app.extensions[_KEY] = entries
    return entries
