"""State changes of calls and their rubric: create, edit, copy; add, edit, reorder, deactivate criteria."""

from __future__ import annotations

import hashlib
import json

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import audit
from ..auth.models import Economy
from ..case_studies.models import Call
from ..extensions import db
from ..reviews.models import Criterion, CriterionLevel
from ..reviews.rubric import default_criteria

CALL_FIELDS = ("title", "description", "timezone", "opens_at", "closes_at", "review_ends_at",
               "reviews_per_economy", "reviewers_see_others", "hide_applicant_identity",
               "exclude_same_economy", "disagreement_threshold")
CRITERION_FIELDS = ("label", "guidance", "weight", "scale_min", "scale_max")


class StaleEdit(Exception):
    """Someone else saved the object after the form was opened."""


class RubricError(ValueError):
    """A rubric change that would break the scores already given, or leave nothing to score."""


def stamp_of(obj, fields) -> str:
    """A short fingerprint of an object's editable values; the form carries it to detect stale saves."""
    values = {name: getattr(obj, name) for name in fields}
    if isinstance(obj, Call):
        values["panel"] = sorted(e.id for e in obj.panel_economies)
    if isinstance(obj, Criterion):
        values["levels"] = [(level.value, level.descriptor) for level in obj.levels]
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def lock_call(call_id: int) -> Call:
    """The call row, locked for this transaction so rubric edits and assignment runs queue up."""
    return db.session.execute(
        select(Call).where(Call.id == call_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def _economies(ids) -> list[Economy]:
    return list(db.session.execute(select(Economy).where(Economy.id.in_(list(ids))).order_by(Economy.code))
                .scalars())


def create_call(*, values: dict, panel_economy_ids, copy_from: Call | None = None) -> Call:
    """A new call with the default rubric, or with a copy of `copy_from`'s rubric."""
    call = Call(**values, panel_economies=_economies(panel_economy_ids),
                copied_from_id=copy_from.id if copy_from else None)
    db.session.add(call)
    criteria = _copied_criteria(copy_from) if copy_from else default_criteria()
    for criterion in criteria:
        criterion.call = call
        db.session.add(criterion)
    db.session.flush()
    audit.record("call.copied" if copy_from else "call.created", object_type="call", object_id=call.id,
                 call_id=call.id, after={**{k: values[k] for k in CALL_FIELDS},
                                         "panel": sorted(e.code for e in call.panel_economies),
                                         "copied_from_id": call.copied_from_id})
    return call


def _copied_criteria(source: Call) -> list[Criterion]:
    rows = db.session.execute(
        select(Criterion).where(Criterion.call_id == source.id).order_by(Criterion.position, Criterion.id)
    ).scalars()
    return [
        Criterion(position=i, label=c.label, guidance=c.guidance, weight=c.weight, scale_min=c.scale_min,
                  scale_max=c.scale_max, active=c.active,
                  levels=[CriterionLevel(value=level.value, descriptor=level.descriptor) for level in c.levels])
        for i, c in enumerate(rows)
    ]


def update_call(*, call: Call, values: dict, panel_economy_ids, expected_stamp: str) -> bool:
    """Apply the form's values; False when nothing changed. Raises StaleEdit on a concurrent save."""
    lock_call(call.id)
    if stamp_of(call, CALL_FIELDS) != expected_stamp:
        raise StaleEdit
    before, after = audit.changes(call, CALL_FIELDS, **values)
    old_panel = sorted(e.code for e in call.panel_economies)
    new_economies = _economies(panel_economy_ids)
    if sorted(e.code for e in new_economies) != old_panel:
        call.panel_economies = new_economies
        before["panel"], after["panel"] = old_panel, sorted(e.code for e in new_economies)
    if not after:
        return False
    db.session.flush()
    audit.record("call.updated", object_type="call", object_id=call.id, call_id=call.id,
                 before=before, after=after)
    return True


def _set_levels(criterion: Criterion, descriptors: dict[int, str]) -> None:
    existing = {level.value: level for level in criterion.levels}
    keep = []
    for value in range(criterion.scale_min, criterion.scale_max + 1):
        level = existing.get(value) or CriterionLevel(value=value)
        level.descriptor = descriptors.get(value, "").strip()
        keep.append(level)
    criterion.levels = keep


def add_criterion(*, call: Call, values: dict, descriptors: dict[int, str]) -> Criterion:
    lock_call(call.id)
    last = db.session.execute(
        select(func.max(Criterion.position)).where(Criterion.call_id == call.id)
    ).scalar_one()
    criterion = Criterion(call_id=call.id, position=(last if last is not None else -1) + 1, active=True, **values)
    _set_levels(criterion, descriptors)
    db.session.add(criterion)
    db.session.flush()
    audit.record("criterion.created", object_type="criterion", object_id=criterion.id, call_id=call.id,
                 after={**values, "levels": {lv.value: lv.descriptor for lv in criterion.levels}})
    return criterion


def update_criterion(*, criterion: Criterion, values: dict, descriptors: dict[int, str], has_scores: bool,
                     expected_stamp: str) -> None:
    """Edit a criterion; its scale is fixed once scores exist (the weights may still change)."""
    lock_call(criterion.call_id)
    db.session.refresh(criterion)
    if stamp_of(criterion, CRITERION_FIELDS) != expected_stamp:
        raise StaleEdit
    if has_scores and (values["scale_min"], values["scale_max"]) != (criterion.scale_min, criterion.scale_max):
        raise RubricError(_("This criterion already has scores, so its scale cannot change."))
    old_levels = {lv.value: lv.descriptor for lv in criterion.levels}
    before, after = audit.changes(criterion, CRITERION_FIELDS, **values)
    _set_levels(criterion, descriptors)
    new_levels = {lv.value: lv.descriptor for lv in criterion.levels}
    if new_levels != old_levels:
        before["levels"], after["levels"] = old_levels, new_levels
    if after:
        db.session.flush()
        audit.record("criterion.updated", object_type="criterion", object_id=criterion.id,
                      call_id=criterion.call_id, before=before, after=after)


def move_criterion(*, criterion: Criterion, offset: int) -> bool:
    """Move a criterion one place up (-1) or down (+1); False at either end."""
    lock_call(criterion.call_id)
    order = list(db.session.execute(
        select(Criterion).where(Criterion.call_id == criterion.call_id).order_by(Criterion.position, Criterion.id)
    ).scalars())
    index = order.index(criterion)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(order):
        return False
    order[index], order[target] = order[target], order[index]
    for position, item in enumerate(order):
        item.position = position
    db.session.flush()
    audit.record("criterion.moved", object_type="criterion", object_id=criterion.id, call_id=criterion.call_id,
                 before={"position": index}, after={"position": target})
    return True


def set_criterion_active(*, criterion: Criterion, active: bool) -> bool:
    """Deactivate (leave out of forms and totals, keeping its scores) or reactivate a criterion."""
    lock_call(criterion.call_id)
    if criterion.active == active:
        return False
    if not active:
        others = db.session.execute(
            select(func.count(Criterion.id)).where(Criterion.call_id == criterion.call_id,
                                                   Criterion.active.is_(True), Criterion.id != criterion.id)
        ).scalar_one()
        if others == 0:
            raise RubricError(_("A call needs at least one active criterion."))
    criterion.active = active
    db.session.flush()
    audit.record("criterion.activated" if active else "criterion.deactivated", object_type="criterion",
                 object_id=criterion.id, call_id=criterion.call_id,
                 before={"active": not active}, after={"active": active})
    return True
