"""The report draft as a Word document, built a case study at a time so that a job can say how far it got."""

from __future__ import annotations

import io
import re
from datetime import date

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from flask_babel import format_date
from flask_babel import gettext as _

from ..case_studies.labels import SECTIONS
from .report import INITIATIVE, REPORT_TITLE, Printed

# Characters XML 1.0 cannot carry: a DOCX holding one would not open.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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


class DocxDraft:
    """The draft as a Word document: title page, contents, a Heading 1 per chapter, a Heading 2 per case
    study, added one case study at a time (`add`), then saved (`finish`)."""

    def __init__(self, *, call_title: str, cohosts_text: str, day: date):
        document = self.document = Document()
        _use_fonts(document)
        document.core_properties.title = str(REPORT_TITLE)
        document.core_properties.subject = _text(call_title)
        document.add_paragraph(str(REPORT_TITLE), style="Title")
        document.add_paragraph(str(INITIATIVE), style="Subtitle")
        document.add_paragraph(_("Co-hosted by %(economies)s", economies=cohosts_text))
        document.add_paragraph(_("Draft from “%(call)s”, %(day)s", call=_text(call_title),
                                 day=format_date(day, "long")))
        document.add_page_break()
        document.add_paragraph(_("Contents"), style="TOC Heading")
        _table_of_contents(document)

    def add(self, case_study: Printed) -> None:
        document, reading = self.document, case_study.reading
        if case_study.index == 0:
            heading = document.add_heading(_text(f"{case_study.chapter_number}. {case_study.chapter_title}"),
                                           level=1)
            heading.paragraph_format.page_break_before = True
        heading = document.add_heading(_text(reading.title), level=2)
        heading.paragraph_format.page_break_before = case_study.index > 0
        _mark_language(heading.runs, reading.language)
        if case_study.note:
            document.add_paragraph().add_run(case_study.note).italic = True
        for label, value in case_study.facts:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(_text(value) or "—")
        for name, label in SECTIONS:
            document.add_heading(str(label), level=3)
            _add_text(document, reading.texts[name], reading.language)

    def finish(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

