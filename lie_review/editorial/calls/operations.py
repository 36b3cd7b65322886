"""State changes of calls and their rubric: create, edit, copy; add, edit, reorder, deactivate criteria."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ... import audit
from ...auth.models import Economy, User
from ...case_studies.models import Call
from ...extensions import db
from ...reviews.models import Criterion, CriterionLevel
from ...reviews.queries import criteria_of
from ...reviews.rubric import default_criteria
from ..guards import StaleEdit, lock_call, stamp_of
from ..ordering import move_and_record, next_position

CALL_FIELDS = ("title", "description", "timezone", "opens_at", "closes_at", "review_ends_at",
               "reviews_per_economy", "reviewers_see_others", "hide_applicant_identity",
               "exclude_same_economy", "disagreement_threshold", "case_study_languages")
CRITERION_FIELDS = ("label", "guidance", "weight", "scale_min", "scale_max")


class RubricError(ValueError):
    """A rubric change that would break the scores already given, or leave nothing to score."""


def call_stamp(call: Call) -> str:
    """The fingerprint of the call's settings and panel, carried by its form."""
    return stamp_of({**{name: getattr(call, name) for name in CALL_FIELDS},
                     "panel": sorted(e.id for e in call.panel_economies)})


def criterion_stamp(criterion: Criterion) -> str:
    """The fingerprint of a criterion and its level descriptors, carried by its form."""
    return stamp_of({**{name: getattr(criterion, name) for name in CRITERION_FIELDS},
                     "levels": [(level.value, level.descriptor) for level in criterion.levels]})


def _economies(ids) -> list[Economy]:
    return list(db.session.execute(select(Economy).where(Economy.id.in_(list(ids))).order_by(Economy.code))
                .scalars())


def create_call(*, values: dict, panel_economy_ids, copy_from: Call | None = None, actor: User | None) -> Call:
    """A new call with the default rubric, or with a copy of `copy_from`'s rubric."""
    call = Call(**values, panel_economies=_economies(panel_economy_ids),
                copied_from_id=copy_from.id if copy_from else None)
    db.session.add(call)
    criteria = _copied_criteria(copy_from) if copy_from else default_criteria()
    for criterion in criteria:
        criterion.call = call
        db.session.add(criterion)
    db.session.flush()
    audit.record("call.copied" if copy_from else "call.created", actor=actor, object_type="call", object_id=call.id,
                 call_id=call.id, after={**{k: values[k] for k in CALL_FIELDS},
                                         "panel": sorted(e.code for e in call.panel_economies),
                                         "copied_from_id": call.copied_from_id})
    return call


def _copied_criteria(source: Call) -> list[Criterion]:
    return [
        Criterion(position=i, label=c.label, guidance=c.guidance, weight=c.weight, scale_min=c.scale_min,
                  scale_max=c.scale_max, active=c.active,
                  levels=[CriterionLevel(value=level.value, descriptor=level.descriptor) for level in c.levels])
        for i, c in enumerate(criteria_of(source.id))
    ]


def update_call(*, call: Call, values: dict, panel_economy_ids, expected_stamp: str, actor: User | None) -> bool:
    """Apply the form's values; False when nothing changed. Raises StaleEdit on a concurrent save."""
    lock_call(call.id)
    if call_stamp(call) != expected_stamp:
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
    audit.record("call.updated", actor=actor, object_type="call", object_id=call.id, call_id=call.id,
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


def add_criterion(*, call: Call, values: dict, descriptors: dict[int, str], actor: User | None) -> Criterion:
    lock_call(call.id)
    criterion = Criterion(call_id=call.id, position=next_position(Criterion.position, Criterion.call_id == call.id),
                          active=True, **values)
    _set_levels(criterion, descriptors)
    db.session.add(criterion)
    db.session.flush()
    audit.record("criterion.created", actor=actor, object_type="criterion", object_id=criterion.id, call_id=call.id,
                 after={**values, "levels": {lv.value: lv.descriptor for lv in criterion.levels}})
    return criterion


def update_criterion(*, criterion: Criterion, values: dict, descriptors: dict[int, str], has_scores: bool,
                     expected_stamp: str, actor: User | None) -> None:
    """Edit a criterion; its scale is fixed once scores exist (the weights may still change)."""
    lock_call(criterion.call_id)
    db.session.refresh(criterion)
    if criterion_stamp(criterion) != expected_stamp:
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
        audit.record("criterion.updated", actor=actor, object_type="criterion", object_id=criterion.id,
                      call_id=criterion.call_id, before=before, after=after)


def move_criterion(*, criterion: Criterion, offset: int, actor: User | None) -> bool:
    """Move a criterion one place up (-1) or down (+1); False at either end."""
    lock_call(criterion.call_id)
    return move_and_record(criteria_of(criterion.call_id), criterion, offset, action="criterion.moved",
                           call_id=criterion.call_id, actor=actor)


def set_criterion_active(*, criterion: Criterion, active: bool, actor: User | None) -> bool:
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
    audit.record("criterion.activated" if active else "criterion.deactivated", actor=actor, object_type="criterion",
                 object_id=criterion.id, call_id=criterion.call_id,
                 before={"active": not active}, after={"active": active})
    return True
