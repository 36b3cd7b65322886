"""The report draft (SPEC §5.3): the queue's publishable case studies, one chapter per section, as DOCX too.

Entries that are not publishable (no consent to publish, or no longer submitted) are counted and
left out until that is resolved. A case study is printed in its English version when it has one;
one that exists only in another language is printed as written, marked as such.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from ..auth.models import Economy
from ..case_studies.labels import SECTIONS
from ..case_studies.models import Call, CaseStudy
from ..case_studies.versions import ENGLISH, Reading, in_english_if_possible
from ..editorial.models import ReportEntry, ReportSection
from ..editorial.queue.queries import is_publishable
from ..extensions import db
from ..i18n import languages
from ..reference_data import COHOSTS

REPORT_TITLE = _l("APEC Local Innovation Ecosystem Best Practices")
INITIATIVE = _l("APEC SME Local Innovation Ecosystem Initiative")
# Characters XML 1.0 cannot carry: a DOCX holding one would not open.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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


def _text(value: str) -> str:
    return NOT_XML.sub("", value or "")


def _add_text(document, text: str, language: str) -> None:
    """Paragraphs as the applicant separated them (blank lines); single line breaks kept."""
    for paragraph in re.split(r"\n\s*\n", _text(text).strip()):
        if paragraph.strip():
            _mark_language(document.add_paragraph(paragraph.strip("\n")).runs, language)


def _table_of_contents(document) -> None:
    """A TOC field over headings 1–2; Word fills it in (it is asked to update fields on opening)."""
    paragraph = document.add_paragraph()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None),
                       (None, None), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                char.set(qn("w:dirty"), "true")
            run._r.append(char)
        elif text:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = _("Update this field to build the table of contents.")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


# Fonts that cover each script the case studies are written in: Latin and Cyrillic, Traditional Chinese
# (Word's East Asian font) and Thai (Word's complex-script font), with the languages Word checks them in.
DOCX_FONTS = {"w:ascii": "Noto Sans", "w:hAnsi": "Noto Sans", "w:eastAsia": "Noto Sans TC", "w:cs": "Noto Sans Thai"}
DOCX_LANGUAGES = {"w:val": "en-GB", "w:eastAsia": "zh-TW", "w:bidi": "th-TH"}
DOCX_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "TOC Heading")


def _set_fonts(properties) -> None:
    """Give run properties (w:rPr) explicit fonts and languages for every script, replacing theme fonts."""
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)  # rFonts comes first in w:rPr
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    for node, values in ((fonts, DOCX_FONTS), (language, DOCX_LANGUAGES)):
        for name in [n for n in node.attrib if "theme" in n.lower()]:
            del node.attrib[name]
        for name, value in values.items():
            node.set(qn(name), value)


# How Word is told the language of text not in English: Chinese goes to its East Asian font (the hint
# settles characters both scripts share, such as quotation marks), Thai to its complex-script one.
RUN_LANGUAGES = {"zh_Hant": ("w:eastAsia", "zh-TW"), "th": ("w:bidi", "th-TH"), "ru": ("w:val", "ru-RU")}


def _mark_language(runs, language: str) -> None:
    """Give runs of original text their language, and Chinese its East Asian font, on the run itself."""
    if language not in RUN_LANGUAGES:
        return
    attribute, tag = RUN_LANGUAGES[language]
    for run in runs:
        properties = run._r.get_or_add_rPr()
        if language == "zh_Hant":
            fonts = properties.get_or_add_rFonts()
            fonts.set(qn("w:eastAsia"), DOCX_FONTS["w:eastAsia"])
            fonts.set(qn("w:hint"), "eastAsia")
        element = OxmlElement("w:lang")
        element.set(qn(attribute), tag)
        properties.append(element)


def _run_properties(element):
    properties = element.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        element.append(properties)
    return properties


def _use_fonts(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    _set_fonts(_run_properties(defaults))
    names = {style.name for style in document.styles}
    for name in DOCX_STYLES:
        if name in names:
            _set_fonts(_run_properties(document.styles[name].element))


def docx_bytes(draft: Draft) -> bytes:
    """The draft as a Word document: title page, contents, a Heading 1 per chapter, a Heading 2 per case study."""
    document = Document()
    _use_fonts(document)
    document.core_properties.title = str(REPORT_TITLE)
    document.core_properties.subject = _text(draft.call.title)
    document.add_paragraph(str(REPORT_TITLE), style="Title")
    document.add_paragraph(str(INITIATIVE), style="Subtitle")
    document.add_paragraph(_("Co-hosted by %(economies)s", economies=draft.cohosts_text))
    document.add_paragraph(_("Draft from “%(call)s”, %(day)s", call=_text(draft.call.title),
                             day=format_date(draft.day, "long")))
    document.add_page_break()
    document.add_paragraph(_("Contents"), style="TOC Heading")
    _table_of_contents(document)
    for chapter in draft.chapters:
        heading = document.add_heading(_text(f"{chapter.number}. {chapter.title}"), level=1)
        heading.paragraph_format.page_break_before = True
        for index, case_study in enumerate(chapter.case_studies):
            reading = draft.readings[case_study.id]
            heading = document.add_heading(_text(reading.title), level=2)
            heading.paragraph_format.page_break_before = index > 0
            _mark_language(heading.runs, reading.language)
            if note := only_in(reading):
                document.add_paragraph().add_run(note).italic = True
            for label, value in facts(case_study):
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(_text(value) or "—")
            for name, label in SECTIONS:
                document.add_heading(str(label), level=3)
                _add_text(document, reading.texts[name], reading.language)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
