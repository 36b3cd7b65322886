"""The report draft (SPEC §5.3): the queue's publishable case studies, one chapter per section.

Entries that are not publishable (no consent to publish, or no longer submitted) are counted and
left out until that is resolved. A case study is printed in its English version when it has one;
one that exists only in another language is printed as written, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from ..auth.models import Economy
from ..case_studies.models import Call, CaseStudy
from ..case_studies.versions import ENGLISH, Reading, in_english_if_possible
from ..editorial.models import ReportEntry, ReportSection
from ..editorial.queue.queries import is_publishable
from ..extensions import db
from ..i18n import languages
from ..reference_data import COHOSTS

REPORT_TITLE = _l("APEC Local Innovation Ecosystem Best Practices")
INITIATIVE = _l("APEC SME Local Innovation Ecosystem Initiative")


@dataclass
class Chapter:
    number: int
    title: str
    case_studies: list[CaseStudy] = field(default_factory=list)


@dataclass
class Draft:
    call: Call
    cohosts: list[str]
    chapters: list[Chapter]
    left_out: int
    day: date
    readings: dict[int, Reading] = field(default_factory=dict)  # by case study id: the text printed

    @property
    def size(self) -> int:
        return sum(len(chapter.case_studies) for chapter in self.chapters)

    @property
    def cohosts_text(self) -> str:
        if len(self.cohosts) < 2:
            return "".join(self.cohosts)
        return _("%(economies)s and %(last)s", economies=", ".join(self.cohosts[:-1]), last=self.cohosts[-1])


def build_draft(call: Call, day: date) -> Draft:
    """The chapters in queue order, sections left without a publishable case study left out (two queries)."""
    entries = db.session.execute(
        select(ReportEntry).join(ReportEntry.section).join(ReportEntry.case_study)
        .where(ReportSection.call_id == call.id)
        .options(contains_eager(ReportEntry.section), contains_eager(ReportEntry.case_study),
                 joinedload(ReportEntry.case_study, CaseStudy.economy),
                 joinedload(ReportEntry.case_study, CaseStudy.forum))
        .order_by(ReportSection.position, ReportSection.id, ReportEntry.position, ReportEntry.id)
    ).unique().scalars()
    chapters: dict[int, Chapter] = {}
    left_out = 0
    for entry in entries:
        if not is_publishable(entry.case_study):
            left_out += 1
            continue
        chapter = chapters.setdefault(entry.section_id, Chapter(len(chapters) + 1, entry.section.title))
        chapter.case_studies.append(entry.case_study)
    names = {e.code: e.label for e in db.session.execute(select(Economy).where(Economy.code.in_(COHOSTS))).scalars()}
    readings = {cs.id: in_english_if_possible(cs) for chapter in chapters.values() for cs in chapter.case_studies}
    return Draft(call, [names[code] for code in COHOSTS if code in names], list(chapters.values()), left_out, day,
                 readings)


def only_in(reading: Reading) -> str | None:
    """The note under a case study printed in the only language it exists in, other than English."""
    if reading.language == ENGLISH:
        return None
    return _("Only in %(language)s", language=languages().get(reading.language, reading.language))


def facts(case_study: CaseStudy) -> list[tuple[str, str]]:
    """(label, value) of what introduces a case study in the report."""
    return [(_("Organisation"), case_study.organisation_name),
            (_("Economy"), case_study.economy.label if case_study.economy else ""),
            (_("Locality"), case_study.locality),
            (_("Forum"), case_study.forum.label if case_study.forum else _("Not presented at a forum"))]


@dataclass(frozen=True)
class Printed:
    """One case study as the draft prints it, in plain values: what a document built in steps needs
    after the rows it came from are gone from the session."""

    chapter_number: int
    chapter_title: str
    index: int  # its place in the chapter, from 0
    reading: Reading
    facts: list[tuple[str, str]]
    note: str | None


def printed(draft: Draft) -> list[Printed]:
    """Every case study of the draft in print order, as plain values."""
    return [Printed(chapter.number, chapter.title, index, draft.readings[case_study.id], facts(case_study),
                    only_in(draft.readings[case_study.id]))
            for chapter in draft.chapters for index, case_study in enumerate(chapter.case_studies)]
