"""State changes of calls and their rubric: create, edit, copy; add, edit, reorder, deactivate criteria;
rename and translate the fora, the reference data editors keep beside their calls.

Translations (locale → {field: text}) are edited with the English they translate: stored, audited
and part of the edit stamps, so a save that missed someone else's translation is refused too.
"""

from __future__ import annotations

from copy import deepcopy

from flask_babel import gettext as _
from sqlalchemy import func, select

from ... import audit
from ...auth.models import Economy, User
from ...case_studies.models import Call, Forum
from ...extensions import db
from ...reference_versions import fora_changed
from ...reviews.models import Criterion, CriterionLevel
from ...reviews.queries import criteria_of
from ...reviews.rubric import default_criteria
from ..guards import Refused, StaleEdit, lock_call, stamp_of
from ..ordering import move_and_record, next_position

CALL_FIELDS = ("title", "description", "timezone", "opens_at", "closes_at", "review_ends_at",
               "reviews_per_economy", "reviewers_see_others", "hide_applicant_identity",
               "exclude_same_economy", "disagreement_threshold", "case_study_languages")
CRITERION_FIELDS = ("label", "guidance", "weight", "scale_min", "scale_max")
FORUM_FIELDS = ("name", "city")


class RubricError(ValueError):
    """A rubric change that would break the scores already given, or leave nothing to score."""


def call_stamp(call: Call) -> str:
    """The fingerprint of the call's settings, panel and translations, carried by its form."""
    return stamp_of({**{name: getattr(call, name) for name in CALL_FIELDS},
                     "panel": sorted(e.id for e in call.panel_economies), "translations": call.translations or {}})


def criterion_stamp(criterion: Criterion) -> str:
    """The fingerprint of a criterion and its level descriptors, with their translations, carried by its form."""
    return stamp_of({**{name: getattr(criterion, name) for name in CRITERION_FIELDS},
                     "translations": criterion.translations or {},
                     "levels": [(level.value, level.descriptor, level.translations or {})
                                for level in criterion.levels]})


def _economies(ids) -> list[Economy]:
    return list(db.session.execute(select(Economy).where(Economy.id.in_(list(ids))).order_by(Economy.code))
                .scalars())


def create_call(*, values: dict, translations: dict, panel_economy_ids, copy_from: Call | None = None,
                actor: User | None) -> Call:
    """A new call with the default rubric, or with a copy of `copy_from`'s rubric (and its translations)."""
    call = Call(**values, translations=translations, panel_economies=_economies(panel_economy_ids),
                copied_from_id=copy_from.id if copy_from else None)
    db.session.add(call)
    criteria = _copied_criteria(copy_from) if copy_from else default_criteria()
    for criterion in criteria:
        criterion.call = call
        db.session.add(criterion)
    db.session.flush()
    audit.record("call.copied" if copy_from else "call.created", actor=actor, object_type="call", object_id=call.id,
                 call_id=call.id, after={**{k: values[k] for k in CALL_FIELDS}, "translations": translations,
                                         "panel": sorted(e.code for e in call.panel_economies),
                                         "copied_from_id": call.copied_from_id})
    return call


def _copied_criteria(source: Call) -> list[Criterion]:
    return [
        Criterion(position=i, label=c.label, guidance=c.guidance, weight=c.weight, scale_min=c.scale_min,
                  scale_max=c.scale_max, active=c.active, translations=deepcopy(c.translations or {}),
                  levels=[CriterionLevel(value=level.value, descriptor=level.descriptor,
                                         translations=deepcopy(level.translations or {})) for level in c.levels])
        for i, c in enumerate(criteria_of(source.id))
    ]


def update_call(*, call: Call, values: dict, translations: dict, panel_economy_ids, expected_stamp: str,
                actor: User | None) -> bool:
    """Apply the form's values and translations; False when nothing changed. Raises StaleEdit on a concurrent save."""
    lock_call(call.id)
    if call_stamp(call) != expected_stamp:
        raise StaleEdit
    before, after = audit.changes(call, (*CALL_FIELDS, "translations"), **values, translations=translations)
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


def _set_levels(criterion: Criterion, descriptors: dict[int, str], translations: dict[int, dict]) -> None:
    existing = {level.value: level for level in criterion.levels}
    keep = []
    for value in range(criterion.scale_min, criterion.scale_max + 1):
        level = existing.get(value) or CriterionLevel(value=value)
        level.descriptor = descriptors.get(value, "").strip()
        level.translations = translations.get(value, {})
        keep.append(level)
    criterion.levels = keep


def _levels(criterion: Criterion) -> tuple[dict[int, str], dict[int, dict]]:
    """The descriptors and their translations, by level: what the audit records of the levels."""
    return ({lv.value: lv.descriptor for lv in criterion.levels},
            {lv.value: lv.translations for lv in criterion.levels if lv.translations})


def add_criterion(*, call: Call, values: dict, translations: dict, descriptors: dict[int, str],
                  level_translations: dict[int, dict], actor: User | None) -> Criterion:
    """A new criterion at the end of the rubric, with a descriptor per level and their translations."""
    lock_call(call.id)
    criterion = Criterion(call_id=call.id, position=next_position(Criterion.position, Criterion.call_id == call.id),
                          active=True, translations=translations, **values)
    _set_levels(criterion, descriptors, level_translations)
    db.session.add(criterion)
    db.session.flush()
    levels, level_texts = _levels(criterion)
    audit.record("criterion.created", actor=actor, object_type="criterion", object_id=criterion.id, call_id=call.id,
                 after={**values, "translations": translations, "levels": levels, "level_translations": level_texts})
    return criterion


def update_criterion(*, criterion: Criterion, values: dict, translations: dict, descriptors: dict[int, str],
                     level_translations: dict[int, dict], has_scores: bool, expected_stamp: str,
                     actor: User | None) -> None:
    """Edit a criterion; its scale is fixed once scores exist (the weights may still change)."""
    lock_call(criterion.call_id)
    db.session.refresh(criterion)
    if criterion_stamp(criterion) != expected_stamp:
        raise StaleEdit
    if has_scores and (values["scale_min"], values["scale_max"]) != (criterion.scale_min, criterion.scale_max):
        raise RubricError(_("This criterion already has scores, so its scale cannot change."))
    old_levels, old_texts = _levels(criterion)
    before, after = audit.changes(criterion, (*CRITERION_FIELDS, "translations"), **values, translations=translations)
    _set_levels(criterion, descriptors, level_translations)
    new_levels, new_texts = _levels(criterion)
    if new_levels != old_levels:
        before["levels"], after["levels"] = old_levels, new_levels
    if new_texts != old_texts:
        before["level_translations"], after["level_translations"] = old_texts, new_texts
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


def forum_stamp(forum: Forum) -> str:
    """The fingerprint of a forum's name and city, with their translations, carried by its form."""
    return stamp_of({**{name: getattr(forum, name) for name in FORUM_FIELDS}, "translations": forum.translations or {}})


def update_forum(*, forum: Forum, values: dict, translations: dict, actor: User | None,
                 expected_stamp: str | None = None) -> bool:
    """Rename a forum in English and in the other languages; False when nothing changed.

    The forum's row is locked; with `expected_stamp`, a save from an outdated form raises StaleEdit.
    Names stay unique (the seeded fora are found by their host economy, so renaming one is safe).
    """
    db.session.execute(select(Forum).where(Forum.id == forum.id).with_for_update(of=Forum)
                       .execution_options(populate_existing=True))
    if expected_stamp is not None and forum_stamp(forum) != expected_stamp:
        raise StaleEdit
    taken = db.session.execute(select(Forum.id).where(func.lower(Forum.name) == values["name"].lower(),
                                                      Forum.id != forum.id)).first()
    if taken:
        raise Refused(_("Another forum is already called “%(name)s”.", name=values["name"]))
    before, after = audit.changes(forum, (*FORUM_FIELDS, "translations"), **values, translations=translations)
    if not after:
        return False
    db.session.flush()
    fora_changed()  # every process reads the fora again
    audit.record("forum.updated", actor=actor, object_type="forum", object_id=forum.id, before=before, after=after)
    return True
