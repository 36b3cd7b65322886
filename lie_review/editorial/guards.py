"""What every editorial workflow guards with: the call's row lock, edit stamps and refusals."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select

from ..case_studies.models import Call
from ..extensions import db


class Refused(ValueError):
    """An editorial action the rules do not allow, with the reason to show."""


class StaleEdit(Exception):
    """Someone else saved the object after the form was opened."""


def lock_call(call_id: int) -> Call:
    """The call row, locked for this transaction, so that edits of its rubric, assignments and
    report queue by two editors run one after the other."""
    return db.session.execute(
        select(Call).where(Call.id == call_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def stamp_of(values: dict) -> str:
    """A short fingerprint of an object's editable values; the form carries it to detect stale saves."""
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]
