"""An audit event as the trail shows it: its action and fields in words, its values in the reader's language
and time zone, and what changed as rows of (field, before, after)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from flask_babel import gettext as _
from flask_babel import ngettext

from ..audit import AuditEvent
from ..auth.economies import economies
from ..i18n import languages, translated_once
from ..templating import local_time, number, score
from .audit_labels import (
    ACTION_LABELS, ECONOMY_FIELDS, FIELD_LABELS, FIELD_LABELS_BY_OBJECT, LOCALE_FIELDS, OBJECT_TYPE_LABELS,
    VALUE_LABELS,
)

NOTHING = "—"


@dataclass(frozen=True)
class Change:
    """One row of an event's table: the field in words, and its value before and after ("" when the event
    does not record that side)."""

    field: str
    before: str
    after: str


def action_label(action: str) -> str:
    """"Roles changed" for user.roles_changed; an action without a label is shown as it is stored."""
    return translated_once(ACTION_LABELS).get(action, action)


def object_type_label(object_type: str) -> str:
    return translated_once(OBJECT_TYPE_LABELS).get(object_type, object_type)


def field_label(object_type: str, name: str) -> str:
    special = FIELD_LABELS_BY_OBJECT.get((object_type, name))
    if special is not None:
        return str(special)
    return translated_once(FIELD_LABELS).get(name, name)


def _economy_names() -> dict[str, str]:
    return {entry.code: entry.label for entry in economies()}


def _moment(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return local_time(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))


def _scores(snapshot: dict) -> str:
    """The scores a decision was taken on, in a phrase ("3 reviews, mean 72.0")."""
    reviews = snapshot.get("reviews") or 0
    text = ngettext("%(num)d review", "%(num)d reviews", reviews)
    if snapshot.get("mean") is not None:
        text = _("%(reviews)s, mean %(mean)s", reviews=text, mean=score(snapshot["mean"]))
    return text


def _mapping(value: dict) -> str:
    return "; ".join(f"{key}: {_plain(item)}" for key, item in value.items()) or NOTHING


def _plain(value) -> str:
    """Any recorded value as text, without knowing its field."""
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return _mapping(value)
    return str(value)


def shown_value(name: str, value, *, names: dict[str, dict[str, str]]) -> str:
    """A recorded value as the trail shows it: codes the app names in words (outcomes, roles, statuses,
    economies, languages), times in the reader's zone, numbers in their language. `names` holds the tables
    already looked up for this page."""
    if name == "scores" and isinstance(value, dict):
        return _scores(value)
    table = names.get(name)
    if table is not None and isinstance(value, (str, list)):
        items = value if isinstance(value, list) else [value]
        return ", ".join(str(table.get(item, item)) if isinstance(item, str) else _plain(item)
                         for item in items) or NOTHING
    if name.endswith("_at") and isinstance(value, str):
        return _moment(value)
    if name.endswith("_id") and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a number that names a row, not a quantity: no grouping
    return _plain(value)


def value_names() -> dict[str, dict[str, str]]:
    """The tables that name coded values, each translated once for the page."""
    tables = {name: translated_once(table) for name, table in VALUE_LABELS.items()}
    economy_names = _economy_names()
    tables.update({name: economy_names for name in ECONOMY_FIELDS})
    tables.update({name: languages() for name in LOCALE_FIELDS})
    return tables


def changed_values(event: AuditEvent, names: dict[str, dict[str, str]] | None = None) -> list[Change]:
    """A row for every field the event mentions, in the order it recorded them."""
    names = value_names() if names is None else names
    before, after = event.before or {}, event.after or {}
    fields = list(before) + [name for name in after if name not in before]
    return [Change(field_label(event.object_type, name),
                   shown_value(name, before[name], names=names) if name in before else "",
                   shown_value(name, after[name], names=names) if name in after else "")
            for name in fields]
