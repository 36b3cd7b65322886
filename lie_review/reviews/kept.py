"""What a score save kept after the session expired may still do once the reviewer is back: pure rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..forms import same_text
from .audience import EDITORS_ONLY, audience_of
from .forms import OVERALL_FIELDS, part_of

KEPT_NAMES_MAX = 200  # a rubric has a handful of criteria; anything past this is not a review form
KEPT_VALUE_MAX_CHARS = 20_000  # twice the longest field's cap, so what is kept can still be shown and refused


def kept_fields(formdata) -> dict[str, str]:
    """The posted fields worth keeping: a review's own (and the version of the case study read), capped."""
    names = [name for name in formdata.keys() if part_of(name) is not None or name == "version_read"]
    return {name: formdata.get(name, "")[:KEPT_VALUE_MAX_CHARS] for name in names[:KEPT_NAMES_MAX]}


def stored_fields(levels: dict[int, int | None], comments: dict[int, str], overall: dict,
                  audiences: dict[int, bool] | None = None) -> dict[str, str]:
    """What is stored, as the review form would post it: a level as its digits, nothing as ""."""
    stored = {f"criterion_{cid}": "" if value is None else str(value) for cid, value in levels.items()}
    stored.update({f"comment_{cid}": text for cid, text in comments.items()})
    stored.update({f"audience_{cid}": audience_of(mark) for cid, mark in (audiences or {}).items()})
    stored.update({name: "" if overall.get(name) is None else str(overall[name]) for name in OVERALL_FIELDS})
    return stored


def stored_value(stored: dict[str, str], name: str) -> str:
    """A field's stored value, as the form would post it; what has no row yet ("" or missing) posts as the
    form's default: a comment is for the editors only until marked otherwise."""
    value = stored.get(name, "")
    return EDITORS_ONLY if value == "" and (name.startswith("audience_") or name == "overall_audience") else value


@dataclass
class KeptOutcome:
    """A kept change split by part: what to save now, and what to hand back in the form instead."""

    save: dict[str, str] = field(default_factory=dict)
    hand_back: dict[str, str] = field(default_factory=dict)
    parts_handed_back: list[str] = field(default_factory=list)  # those saved again since the change was kept
    not_saved: dict[str, str] = field(default_factory=dict)     # dropped: the review can no longer be changed


def settle(kept: dict[str, str], based_on: dict[str, str], stored: dict[str, str]) -> KeptOutcome:
    """Decide part by part (a criterion's level and comment together; the overall part).

    A part the reviewer did not change (they posted what was stored then, as a whole-form post does
    for every part), or that is stored as they meant it already, is left alone. A part whose stored
    values are still those the change was based on is saved. A part saved again since the change was
    kept is handed back, so the newer save stays.
    """
    outcome = KeptOutcome()
    parts: dict[str, list[str]] = {}
    for name in kept:
        if (part := part_of(name)) is not None:
            parts.setdefault(part, []).append(name)
    for part, names in parts.items():
        if all(same_text(kept[n], stored_value(based_on, n)) or same_text(kept[n], stored_value(stored, n))
               for n in names):
            continue  # not changed by the reviewer, or stored as they meant already
        if all(stored_value(stored, n) == stored_value(based_on, n) for n in names):
            outcome.save.update({n: kept[n] for n in names})
        else:
            outcome.hand_back.update({n: kept[n] for n in names})
            outcome.parts_handed_back.append(part)
    if outcome.save and "version_read" in kept:
        outcome.save["version_read"] = kept["version_read"]
    return outcome
