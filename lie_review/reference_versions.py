"""How often the reference data that every process keeps in memory (the fora) has changed, so that each
process sees another's change on its next request.

Production runs several workers on several hosts: a worker that keeps the fora must learn when any other
changes them. The change and the count go up in one transaction; the count is read with the signed-in
user's session row (auth.operations.load_session_user), which every signed-in request reads anyway, so
checking costs no query of its own. A request without a session reads it when it needs it.
"""

from __future__ import annotations

from flask import g
from sqlalchemy import Integer, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

ROW = 1


class ReferenceVersion(db.Model):
    """One row, a counter for each kind of reference data kept in memory."""

    __tablename__ = "reference_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    fora: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


# A column of the session user's statement: the fora's count as this request's transaction sees it.
_FORA_VERSION_ALONE = select(ReferenceVersion.fora).where(ReferenceVersion.id == ROW)
FORA_VERSION = _FORA_VERSION_ALONE.scalar_subquery()


def seen_fora_version(version: int | None) -> None:
    """Keep the count read with the session row, for fora_version() later in the request."""
    g.fora_version = version


def fora_version() -> int | None:
    """The fora's count in this request's transaction: as read with the session row, else read now
    (None until the row exists)."""
    if "fora_version" not in g:
        g.fora_version = db.session.execute(_FORA_VERSION_ALONE).scalar_one_or_none()
    return g.fora_version


def fora_changed() -> None:
    """Count a change of the fora, in the transaction that makes it; this request reads the count again."""
    if not db.session.execute(update(ReferenceVersion).where(ReferenceVersion.id == ROW)
                              .values(fora=ReferenceVersion.fora + 1)).rowcount:
        db.session.execute(insert(ReferenceVersion).values(id=ROW, fora=1))
    g.pop("fora_version", None)


def ensure_row() -> None:
    """The counters' row, made by init-db (and the migration that adds the table) if missing."""
    if db.session.get(ReferenceVersion, ROW) is None:
        db.session.add(ReferenceVersion(id=ROW, fora=0))
        db.session.flush()
