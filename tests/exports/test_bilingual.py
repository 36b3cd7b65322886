"""Exports of case studies written in another language: the English version when there is one, and a mark
where only the original exists, in the shortlist (CSV, XLSX, JSON) and the report draft (HTML, DOCX)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from types import SimpleNamespace

import docx
import openpyxl
import pytest

from lie_review.case_studies.rules import LONG_FIELDS
from lie_review.extensions import db

from ..editorial.builders import make_reviewer, review
from ..factories import make_call, make_user
from .builders import decide, docx_response, submitted

CHINESE = {"summary": "小農合作社直接向顧客銷售茶葉。", "local_challenge": "中間商壓低收購價格。"}
ENGLISH = {"title": "Hill tea goes online", **{name: f"In English: {name}." for name in LONG_FIELDS},
           "summary": "A cooperative of small tea farms sells directly to customers."}


@pytest.fixture
def world(app, auth):
    """In queue order: a Chinese case study with its English version, one only in Chinese, one in English."""
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(title="Best Practices 2029", case_study_languages=["en", "zh_Hant"])
        both = submitted(call, "山城茶園上網", language="zh_Hant", english_version=ENGLISH, **CHINESE)
        chinese = submitted(call, "高齡農民的合作社", language="zh_Hant", summary="中華台北的高齡農民共同經營茶園。",
                            english_version={"title": "", "summary": "Begun, never titled."})
        english = submitted(call, "Solar Market", summary="Stalls run on the sun.")
        for case_study in (both, chinese, english):
            review(case_study, make_reviewer("CT"), [4, 4, 4])
            decide(case_study)
        db.session.commit()
        ids = SimpleNamespace(call=call.id, both=both.id, chinese=chinese.id)
    auth.login("ed@example.org")
    return ids


def test_the_shortlist_lists_the_english_title_and_says_where_only_the_original_exists(client, world):
    data = client.get(f"/exports/calls/{world.call}/shortlist.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert rows[0][-3:] == ["Language", "English version", "Groups served"]
    assert [(r[2], r[-3], r[-2]) for r in rows[1:]] == [
        ("Hill tea goes online", "繁體中文", "Yes"), ("高齡農民的合作社", "繁體中文", "No"),
        ("Solar Market", "English", "No")]

    parsed = json.loads(client.get(f"/exports/calls/{world.call}/shortlist.json").get_data())
    assert [(r["title"], r["language"], r["english_version"]) for r in parsed["rows"]] == [
        ("Hill tea goes online", "繁體中文", "Yes"), ("高齡農民的合作社", "繁體中文", "No"),
        ("Solar Market", "English", "No")]

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/exports/calls/{world.call}/shortlist.xlsx").get_data()))
    assert [row[1] for row in book["Reviews"].iter_rows(min_row=2, values_only=True)] == [
        "Hill tea goes online", "高齡農民的合作社", "Solar Market"]


def test_the_report_draft_prints_the_english_version_and_marks_what_exists_only_in_chinese(client, world):
    page = client.get(f"/exports/calls/{world.call}/report-draft.html").get_data(as_text=True)
    contents = page[page.index('class="contents"'):page.index('class="chapter"')]
    assert re.findall(r'<a href="#[^"]+">([^<]+)</a>', contents)[1:] == [
        "Hill tea goes online", "高齡農民的合作社", "Solar Market"]

    both = page[page.index(f'id="case-study-{world.both}-heading"'):page.index(f'id="case-study-{world.chinese}"')]
    assert '<h3 id="case-study-%d-heading" lang="en">Hill tea goes online</h3>' % world.both in page
    assert ENGLISH["summary"] in both and "In English: lessons." in both
    assert CHINESE["summary"] not in both and "Only in" not in both

    chinese = page[page.index(f'id="case-study-{world.chinese}-heading"'):]
    chinese = chinese[:chinese.index("</article>")]
    assert chinese.startswith(f'id="case-study-{world.chinese}-heading" lang="zh-Hant">高齡農民的合作社</h3>')
    assert '<p class="language-note">Only in 繁體中文</p>' in chinese
    assert '<div class="prose" lang="zh-Hant">中華台北的高齡農民共同經營茶園。</div>' in chinese
    assert "Begun, never titled." not in page
    assert page.count("Only in") == 1  # the English case study is not marked


def test_the_docx_prints_the_english_version_and_keeps_chinese_text_in_its_east_asian_font(app, client, world):
    data = docx_response(app, client, world.call).get_data()
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Hill tea goes online", "高齡農民的合作社", "Solar Market"]
    texts = [p.text for p in document.paragraphs]
    assert ENGLISH["summary"] in texts and CHINESE["summary"] not in texts
    note = texts.index("Only in 繁體中文")
    assert texts[note - 1] == "高齡農民的合作社" and texts.count("Only in 繁體中文") == 1

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode()
        styles = package.read("word/styles.xml").decode()
    run = re.search(r"<w:r>(?:(?!</w:r>).)*中華台北的高齡農民共同經營茶園。</w:t></w:r>", body, re.S).group(0)
    fonts = re.search(r"<w:rFonts [^>]*/>", run).group(0)
    assert 'w:eastAsia="Noto Sans TC"' in fonts and 'w:hint="eastAsia"' in fonts
    assert '<w:lang w:eastAsia="zh-TW"/>' in run
    defaults = re.search(r"<w:docDefaults>.*</w:docDefaults>", styles, re.S).group(0)
    assert 'w:eastAsia="Noto Sans TC"' in re.search(r"<w:rFonts [^>]*/>", defaults).group(0)
    # English text keeps the document's defaults: no East Asian hint on it.
    english = re.search(r"<w:r>(?:(?!</w:r>).)*A cooperative of small tea farms[^<]*</w:t></w:r>", body, re.S)
    assert "w:hint" not in english.group(0)
