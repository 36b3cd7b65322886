"""State changes of the report queue: sections (add, rename, reorder, delete) and entries (reorder,
move to another section, editor's note, consent recorded by the editor).

Each locks the call row first, so that two editors reordering at once queue up and positions
stay a clean 0, 1, 2… in every section.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from .. import audit
from ..case_studies.models import Call
from ..extensions import db
from .call_operations import lock_call
from .models import ReportEntry, ReportSection
from .operations import Refused
from .queue import sections_of


def _entries(section_id: int) -> list[ReportEntry]:
    return list(db.session.execute(
        select(ReportEntry).where(ReportEntry.section_id == section_id)
        .order_by(ReportEntry.position, ReportEntry.id)).scalars())


def _renumber(items) -> None:
    for position, item in enumerate(items):
        item.position = position


def _check_title(call_id: int, title: str, *, other_than: int | None = None) -> str:
    title = title.strip()
    taken = db.session.execute(
        select(ReportSection.id).where(ReportSection.call_id == call_id,
                                       func.lower(ReportSection.title) == title.lower(),
                                       ReportSection.id != (other_than or 0))).first()
    if taken:
        raise Refused(_("There is already a section called “%(title)s”.", title=title))
    return title


def add_section(*, call: Call, title: str) -> ReportSection:
    """A thematic section at the end of the queue."""
    lock_call(call.id)
    title = _check_title(call.id, title)
    last = db.session.execute(select(func.max(ReportSection.position))
                              .where(ReportSection.call_id == call.id)).scalar_one()
    section = ReportSection(call_id=call.id, title=title, position=(last if last is not None else -1) + 1)
    db.session.add(section)
    db.session.flush()
    audit.record("report_section.created", object_type="report_section", object_id=section.id, call_id=call.id,
                 after={"title": title, "position": section.position})
    return section


def rename_section(*, section: ReportSection, title: str) -> bool:
    """False when the title is unchanged. A forum's section keeps receiving that forum's case studies."""
    lock_call(section.call_id)
    title = _check_title(section.call_id, title, other_than=section.id)
    before, after = audit.changes(section, ["title"], title=title)
    if not after:
        return False
    db.session.flush()
    audit.record("report_section.renamed", object_type="report_section", object_id=section.id,
                 call_id=section.call_id, before=before, after=after)
    return True


def _move_one_place(order: list, item, offset: int) -> tuple[int, int] | None:
    """Swap `item` with its neighbour `offset` (-1 or +1) away and renumber; None at either end."""
    index = order.index(item)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(order):
        return None
    order[index], order[target] = order[target], order[index]
    _renumber(order)
    db.session.flush()
    return index, target


def move_section(*, section: ReportSection, offset: int) -> bool:
    """One place up (-1) or down (+1), with all its entries; False at either end."""
    lock_call(section.call_id)
    moved = _move_one_place(sections_of(section.call_id), section, offset)
    if moved is None:
        return False
    index, target = moved
    audit.record("report_section.moved", object_type="report_section", object_id=section.id,
                 call_id=section.call_id, before={"position": index}, after={"position": target})
    return True


def delete_section(*, section: ReportSection) -> None:
    """Only an empty section goes: a case study is never dropped from the queue by accident."""
    lock_call(section.call_id)
    if _entries(section.id):
        raise Refused(_("“%(title)s” still holds case studies: move them to another section first.",
                        title=section.title))
    audit.record("report_section.deleted", object_type="report_section", object_id=section.id,
                 call_id=section.call_id, before={"title": section.title, "position": section.position})
    db.session.execute(delete(ReportSection).where(ReportSection.id == section.id))
    _renumber([s for s in sections_of(section.call_id) if s.id != section.id])
    db.session.flush()


def move_entry(*, entry: ReportEntry, offset: int) -> bool:
    """One place up (-1) or down (+1) within its section; False at either end."""
    lock_call(entry.section.call_id)
    moved = _move_one_place(_entries(entry.section_id), entry, offset)
    if moved is None:
        return False
    index, target = moved
    audit.record("report_entry.moved", object_type="report_entry", object_id=entry.id,
                 call_id=entry.section.call_id, before={"position": index}, after={"position": target})
    return True


def move_entry_to_section(*, entry: ReportEntry, section: ReportSection) -> bool:
    """To the end of another section of the same call; False when it is already there."""
    call_id = entry.section.call_id
    lock_call(call_id)
    if section.call_id != call_id:
        raise Refused(_("Choose a section of this call."))
    if section.id == entry.section_id:
        return False
    before = {"section_id": entry.section_id, "position": entry.position}
    _renumber([e for e in _entries(entry.section_id) if e.id != entry.id])
    staying = _entries(section.id)
    _renumber(staying)
    entry.position = len(staying)
    entry.section = section
    db.session.flush()
    audit.record("report_entry.moved", object_type="report_entry", object_id=entry.id, call_id=call_id,
                 before=before, after={"section_id": section.id, "position": entry.position})
    return True


def set_entry_note(*, entry: ReportEntry, note: str) -> bool:
    """The editor's note on an entry (never shown to the applicant, never in the report); False if unchanged."""
    lock_call(entry.section.call_id)
    before, after = audit.changes(entry, ["note"], note=note.strip())
    if not after:
        return False
    db.session.flush()
    audit.record("report_entry.note_changed", object_type="report_entry", object_id=entry.id,
                 call_id=entry.section.call_id, before=before, after=after)
    return True


def record_consent(*, entry: ReportEntry, how: str) -> bool:
    """The applicant consented outside the form (after the deadline, say, by email): the editor records
    it and how, and the entry joins the report draft. False when consent was already given."""
    case_study = entry.case_study
    lock_call(case_study.call_id)
    db.session.refresh(case_study)
    if case_study.consent_to_publish:
        return False
    case_study.consent_to_publish = True
    db.session.flush()
    audit.record("case_study.consent_recorded", object_type="case_study", object_id=case_study.id,
                 call_id=case_study.call_id, before={"consent_to_publish": False},
                 after={"consent_to_publish": True, "how": how.strip()})
    return True
