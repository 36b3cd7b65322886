"""Reads for the report queue: its sections and entries in report order, with each case study's scores."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ...case_studies.models import Call, CaseStudy
from ...extensions import db
from ..models import Decision, Outcome, ReportEntry, ReportSection
from ..scores.models import CaseStudyScore
from ..scores.stored import scores_of_case_studies


def is_publishable(case_study: CaseStudy) -> bool:
    """A queue entry goes into the report draft once its applicant consented, while it stays submitted."""
    return case_study.consent_to_publish and case_study.status == "submitted"


def get_section_or_404(section_id: int) -> ReportSection:
    return db.get_or_404(ReportSection, section_id)


def get_entry_or_404(entry_id: int) -> ReportEntry:
    return db.get_or_404(ReportEntry, entry_id, options=[joinedload(ReportEntry.section),
                                                         joinedload(ReportEntry.case_study)])


def sections_of(call_id: int) -> list[ReportSection]:
    return list(db.session.execute(
        select(ReportSection).where(ReportSection.call_id == call_id)
        .order_by(ReportSection.position, ReportSection.id)).scalars())


def entries_of_section(section_id: int) -> list[ReportEntry]:
    """A section's entries in report order."""
    return list(db.session.execute(
        select(ReportEntry).where(ReportEntry.section_id == section_id)
        .order_by(ReportEntry.position, ReportEntry.id)).scalars())


def entries_of(call_id: int) -> list[ReportEntry]:
    """Every entry of the call's queue in report order, with its case study, economy and forum."""
    return list(db.session.execute(
        select(ReportEntry).join(ReportSection, ReportSection.id == ReportEntry.section_id)
        .where(ReportSection.call_id == call_id)
        .options(joinedload(ReportEntry.case_study).joinedload(CaseStudy.economy),
                 joinedload(ReportEntry.case_study).joinedload(CaseStudy.forum))
        .order_by(ReportSection.position, ReportSection.id, ReportEntry.position, ReportEntry.id)
    ).scalars())


@dataclass
class QueueEntry:
    entry: ReportEntry
    case_study: CaseStudy
    aggregate: CaseStudyScore | None
    publishable: bool


@dataclass
class QueueSection:
    section: ReportSection
    entries: list[QueueEntry] = field(default_factory=list)


@dataclass
class Queue:
    sections: list[QueueSection]
    waitlisted: int

    @property
    def size(self) -> int:
        return sum(len(s.entries) for s in self.sections)

    @property
    def left_out(self) -> int:
        return sum(1 for s in self.sections for e in s.entries if not e.publishable)


def build_queue(call: Call) -> Queue:
    """The queue page's content in a fixed number of queries, whatever the number of entries."""
    sections = {section.id: QueueSection(section) for section in sections_of(call.id)}
    entries = entries_of(call.id)
    aggregates = scores_of_case_studies(call, [entry.case_study_id for entry in entries])
    for entry in entries:
        case_study = entry.case_study
        sections[entry.section_id].entries.append(
            QueueEntry(entry, case_study, aggregates.get(case_study.id), is_publishable(case_study)))
    waitlisted = db.session.execute(
        select(func.count(Decision.id)).join(CaseStudy, CaseStudy.id == Decision.case_study_id)
        .where(CaseStudy.call_id == call.id, CaseStudy.status == "submitted",
               Decision.outcome == Outcome.WAITLISTED.value)).scalar_one()
    return Queue(list(sections.values()), waitlisted)
