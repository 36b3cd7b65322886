"""Download names and text for Word: whatever a call or case study is called, the file stays well formed."""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import quote, unquote

import docx
from hypothesis import given, strategies as st

from lie_review.exports.report_docx import _text
from lie_review.exports.files import file_name


@given(st.text(max_size=120))
def test_any_call_title_gives_a_safe_ascii_name_and_a_unicode_one(title):
    plain, full = file_name(SimpleNamespace(id=7, title=title, timezone="Asia/Taipei"), "shortlist", "csv")
    assert plain.isascii()
    assert re.fullmatch(r"shortlist-[A-Za-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv", plain), plain
    assert not re.search(r'["\\/\s;]', full) and len(full) < 120
    assert unquote(quote(full, safe="")) == full


def test_a_title_without_letters_or_digits_names_the_call_by_number():
    plain, full = file_name(SimpleNamespace(id=7, title=" / ; \" ", timezone="UTC"), "report-draft", "docx")
    assert plain.startswith("report-draft-call-7-") and full.startswith("report-draft-call-7-")


@given(st.text(max_size=200))
def test_any_text_can_go_into_a_word_document(text):
    document = docx.Document()
    document.add_paragraph(_text(text))
    assert _text(text) == "".join(c for c in text if c in "\t\n\r" or (
        ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF and c not in "\ufffe\uffff"))
