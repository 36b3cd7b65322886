"""State changes of the report queue: entries following decisions; sections (add, rename, reorder,
delete), entries (reorder, move to another section, editor's note, consent recorded by the editor), and
the targets for the balance of the accepted set (add, remove).

Each change an editor makes locks the call row first, so that two editors reordering at once queue
up and positions stay a clean 0, 1, 2… in every section.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from ... import audit
from ...auth.models import User
from ...case_studies.models import Call, CaseStudy
from ...database import fold, fold_text
from ...extensions import db
from ..guards import Refused, lock_call
from ..labels import OTHER_SECTION_TITLE
from ..models import Outcome, ReportEntry, ReportSection, ReportTarget, TargetKind
from ..ordering import move_and_record, next_position, renumber
from .queries import entries_of_section, sections_of


def follow_decision(*, case_study: CaseStudy, old: str | None, new: str | None, actor: User | None) -> None:
    """Keep the queue in step with a decision: an accepted case study has an entry at the end of its
    forum's section; one decided otherwise has none."""
    accepted = Outcome.ACCEPTED.value
    if new == accepted and old != accepted:
        _append_entry(case_study, actor)
    elif old == accepted and new != accepted:
        remove_entry(case_study=case_study, actor=actor)


def remove_entry(*, case_study: CaseStudy, actor: User | None) -> bool:
    """Take the case study's entry out of the queue (decided otherwise, or withdrawn); False when it had none.

    Locks the call first, like every edit of the queue, so an editor moving the entry at that moment
    waits and then finds it gone rather than updating a deleted row."""
    lock_call(case_study.call_id)
    entry = db.session.execute(
        select(ReportEntry).where(ReportEntry.case_study_id == case_study.id)).scalar_one_or_none()
    if entry is None:
        return False
    audit.record("report_entry.removed", object_type="report_entry", object_id=entry.id, actor=actor,
                 call_id=case_study.call_id,
                 before={"case_study_id": case_study.id, "section_id": entry.section_id, "position": entry.position})
    db.session.execute(delete(ReportEntry).where(ReportEntry.id == entry.id))
    return True


def _forum_section(case_study: CaseStudy) -> ReportSection:
    """The section receiving the case study's forum (or "Other case studies"), created at the end if needed."""
    forum, call_id = case_study.forum, case_study.call_id
    query = select(ReportSection).where(ReportSection.call_id == call_id)
    query = query.where(ReportSection.forum_id == forum.id) if forum else \
        query.where(ReportSection.forum_id.is_(None), ReportSection.title == OTHER_SECTION_TITLE)
    section = db.session.execute(query.order_by(ReportSection.position).limit(1)).scalar_one_or_none()
    if section is None:
        section = ReportSection(call_id=call_id, title=forum.name if forum else OTHER_SECTION_TITLE,
                                forum_id=forum.id if forum else None,
                                position=next_position(ReportSection.position, ReportSection.call_id == call_id))
        db.session.add(section)
        db.session.flush()
    return section


def _append_entry(case_study: CaseStudy, actor: User | None) -> None:
    if db.session.execute(select(ReportEntry.id).where(ReportEntry.case_study_id == case_study.id)).first():
        return
    section = _forum_section(case_study)
    entry = ReportEntry(case_study_id=case_study.id, section_id=section.id,
                        position=next_position(ReportEntry.position, ReportEntry.section_id == section.id))
    db.session.add(entry)
    db.session.flush()
    audit.record("report_entry.created", object_type="report_entry", object_id=entry.id, actor=actor,
                 call_id=case_study.call_id,
                 after={"case_study_id": case_study.id, "section_id": section.id, "position": entry.position})


def _check_title(call_id: int, title: str, *, other_than: int | None = None) -> str:
    title = title.strip()
    taken = db.session.execute(
        select(ReportSection.id).where(ReportSection.call_id == call_id,
                                       fold(ReportSection.title) == fold_text(title),
                                       ReportSection.id != (other_than or 0))).first()
    if taken:
        raise Refused(_("There is already a section called “%(title)s”.", title=title))
    return title


def add_section(*, call: Call, title: str, actor: User | None) -> ReportSection:
    """A thematic section at the end of the queue."""
    lock_call(call.id)
    title = _check_title(call.id, title)
    section = ReportSection(call_id=call.id, title=title,
                            position=next_position(ReportSection.position, ReportSection.call_id == call.id))
    db.session.add(section)
    db.session.flush()
    audit.record("report_section.created", object_type="report_section", object_id=section.id, actor=actor,
                 call_id=call.id, after={"title": title, "position": section.position})
    return section


def rename_section(*, section: ReportSection, title: str, actor: User | None) -> bool:
    """False when the title is unchanged. A forum's section keeps receiving that forum's case studies."""
    lock_call(section.call_id)
    title = _check_title(section.call_id, title, other_than=section.id)
    before, after = audit.changes(section, ["title"], title=title)
    if not after:
        return False
    db.session.flush()
    audit.record("report_section.renamed", object_type="report_section", object_id=section.id, actor=actor,
                 call_id=section.call_id, before=before, after=after)
    return True


def move_section(*, section: ReportSection, offset: int, actor: User | None) -> bool:
    """One place up (-1) or down (+1), with all its entries; False at either end."""
    lock_call(section.call_id)
    return move_and_record(sections_of(section.call_id), section, offset, action="report_section.moved",
                           call_id=section.call_id, actor=actor)


def delete_section(*, section: ReportSection, actor: User | None) -> None:
    """Only an empty section goes: a case study is never dropped from the queue by accident."""
    lock_call(section.call_id)
    if entries_of_section(section.id):
        raise Refused(_("“%(title)s” still holds case studies: move them to another section first.",
                        title=section.title))
    audit.record("report_section.deleted", object_type="report_section", object_id=section.id, actor=actor,
                 call_id=section.call_id, before={"title": section.title, "position": section.position})
    db.session.execute(delete(ReportSection).where(ReportSection.id == section.id))
    renumber([s for s in sections_of(section.call_id) if s.id != section.id])
    db.session.flush()


def move_entry(*, entry: ReportEntry, offset: int, actor: User | None) -> bool:
    """One place up (-1) or down (+1) within its section; False at either end."""
    lock_call(entry.section.call_id)
    return move_and_record(entries_of_section(entry.section_id), entry, offset, action="report_entry.moved",
                           call_id=entry.section.call_id, actor=actor)


def move_entry_to_section(*, entry: ReportEntry, section: ReportSection, actor: User | None) -> bool:
    """To the end of another section of the same call; False when it is already there."""
    call_id = entry.section.call_id
    lock_call(call_id)
    if section.call_id != call_id:
        raise Refused(_("Choose a section of this call."))
    if section.id == entry.section_id:
        return False
    before = {"section_id": entry.section_id, "position": entry.position}
    renumber([e for e in entries_of_section(entry.section_id) if e.id != entry.id])
    staying = entries_of_section(section.id)
    renumber(staying)
    entry.position = len(staying)
    entry.section = section
    db.session.flush()
    audit.record("report_entry.moved", object_type="report_entry", object_id=entry.id, actor=actor, call_id=call_id,
                 before=before, after={"section_id": section.id, "position": entry.position})
    return True


def set_entry_note(*, entry: ReportEntry, note: str, actor: User | None) -> bool:
    """The editor's note on an entry (never shown to the applicant, never in the report); False if unchanged."""
    lock_call(entry.section.call_id)
    before, after = audit.changes(entry, ["note"], note=note.strip())
    if not after:
        return False
    db.session.flush()
    audit.record("report_entry.note_changed", object_type="report_entry", object_id=entry.id, actor=actor,
                 call_id=entry.section.call_id, before=before, after=after)
    return True


def record_consent(*, entry: ReportEntry, how: str, actor: User | None) -> bool:
    """The applicant consented outside the form (after the deadline, say, by email): the editor records
    it and how, and the entry joins the report draft. False when consent was already given."""
    case_study = entry.case_study
    lock_call(case_study.call_id)
    db.session.refresh(case_study)
    if case_study.consent_to_publish:
        return False
    case_study.consent_to_publish = True
    db.session.flush()
    audit.record("case_study.consent_recorded", object_type="case_study", object_id=case_study.id, actor=actor,
                 call_id=case_study.call_id, before={"consent_to_publish": False},
                 after={"consent_to_publish": True, "how": how.strip()})
    return True


def add_target(*, call: Call, kind: str, value: str, at_least: int | None = None, share: int | None = None,
               actor: User | None) -> ReportTarget:
    """A target for the call's accepted set: at least `at_least` case studies or `share` percent of the set
    with `value` of `kind`. Refused when it measures neither or both, out of range, or for something the
    call already has a target for."""
    lock_call(call.id)
    if kind not in {k.value for k in TargetKind}:
        raise Refused(_("Choose one of the economies, fora, organisation types or groups listed."))
    if (at_least is None) == (share is None):
        raise Refused(_("Give either a number of case studies or a percentage."))
    if at_least is not None and at_least < 1:
        raise Refused(_("Enter a whole number from 1."))
    if share is not None and not 1 <= share <= 100:
        raise Refused(_("A percentage is from 1 to 100."))
    taken = db.session.execute(select(ReportTarget.id).where(
        ReportTarget.call_id == call.id, ReportTarget.kind == kind, ReportTarget.value == value)).first()
    if taken:
        raise Refused(_("There is already a target for this: remove it first to set another."))
    target = ReportTarget(call_id=call.id, kind=kind, value=value, at_least=at_least, share=share)
    db.session.add(target)
    db.session.flush()
    audit.record("report_target.created", object_type="report_target", object_id=target.id, actor=actor,
                 call_id=call.id, after={"kind": kind, "value": value, "at_least": at_least, "share": share})
    return target


def remove_target(*, target: ReportTarget, actor: User | None) -> None:
    """Take a target off the call's balance."""
    lock_call(target.call_id)
    audit.record("report_target.removed", object_type="report_target", object_id=target.id, actor=actor,
                 call_id=target.call_id, before={"kind": target.kind, "value": target.value,
                                                 "at_least": target.at_least, "share": target.share})
    db.session.delete(target)
    db.session.flush()
