"""The fora as pages list them, kept per process and read again once any process changed them.

An editor may rename a forum (or translate its name) on any app server; update_forum counts the change
(reference_versions.fora_changed) in its transaction, and every process compares the count it read the
fora at with the one its request read with the session row, so the check costs no query.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..reference_versions import fora_version
from .models import Forum, forum_text

_KEY = "lie_review.fora"


class ForumEntry(NamedTuple):
    id: int
    name: str
    city: str
    translations: dict

    @property
    def label(self) -> str:
        """The name in the reader's language, as Forum.label."""
        return forum_text(self, "name")

    @property
    def city_label(self) -> str:
        return forum_text(self, "city")


def fora() -> tuple[ForumEntry, ...]:
    """Every forum, by name: read by the first request of a process, and again after any change."""
    version = fora_version()
    kept = current_app.extensions.get(_KEY)
    if kept is not None and kept[0] == version and version is not None:
        return kept[1]
    entries = tuple(ForumEntry(*row) for row in db.session.execute(
        select(Forum.id, Forum.name, Forum.city, Forum.translations).order_by(Forum.name)))
    # Read in the same transaction as `version`, so they are at least as new as it says.
    current_app.extensions[_KEY] = (version, entries)
    return entries
