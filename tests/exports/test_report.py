"""The report draft: title page, contents, one chapter per section in queue order, as HTML and DOCX."""

from __future__ import annotations

import io
import re
import zipfile
from types import SimpleNamespace

import docx
import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.extensions import db

from ..factories import make_call, make_user
from .builders import decide, docx_response, submitted

TAIPEI = "Local Innovation Ecosystem Forum, Taipei"
TEXTS = {"summary": "Tea farmers guide visitors.", "local_challenge": "Young people left the hills.",
         "solution": "Homestays and trails.\n\nA booking co-operative.", "ecosystem_partners": "The township.",
         "results": "120 jobs.", "sustainability": "Organic tea.", "inclusiveness": "Women-led homestays.",
         "lessons": "Start small."}
SECTIONS = ["Summary", "Local challenge", "Solution and innovation", "Ecosystem partners", "Results and impact",
            "Sustainability", "Inclusiveness", "Lessons and replicability"]


@pytest.fixture
def world(app, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(title="Best Practices 2028")
        decide(submitted(call, "Doi Tea Trails", locality="Chiang Rai", **TEXTS))
        decide(submitted(call, "<script>alert(1)</script> Weavers", summary="<b>bold</b> & more"))
        decide(submitted(call, "Harbour Lab without consent", city="Bangkok", consent=False))
        decide(submitted(call, "Solar Market", city=None))
        db.session.commit()
        ids = SimpleNamespace(call=call.id)
    auth.login("ed@example.org")
    return ids


def test_the_html_draft_has_a_title_page_contents_and_chapters_in_queue_order(app, client, world):
    response = client.get(f"/exports/calls/{world.call}/report-draft.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Disposition"].startswith('inline; filename="report-draft-Best-Practices-2028-')
    page = response.get_data(as_text=True)
    assert "<h1>APEC Local Innovation Ecosystem Best Practices</h1>" in page
    assert "APEC SME Local Innovation Ecosystem Initiative" in page
    assert "Co-hosted by Chinese Taipei, Russia, Thailand and The Philippines" in page
    contents = page[page.index('class="contents"'):page.index('class="chapter"')]
    assert re.findall(r'<a href="#[^"]+">([^<]+)</a>', contents) == [
        TAIPEI, "Doi Tea Trails", "&lt;script&gt;alert(1)&lt;/script&gt; Weavers", "Other case studies",
        "Solar Market"]
    chapters = re.findall(r"<h2 id=\"chapter-\d+-heading\"><span class=\"chapter-number\">(\d)\.</span> ([^<]+)</h2>",
                          page)
    assert chapters == [("1", TAIPEI), ("2", "Other case studies")]
    tea = page[page.index('<h3 id="case-study-1-heading"'):page.index('<h3 id="case-study-2-heading"')]
    assert re.findall(r"<h4>([^<]+)</h4>", tea) == SECTIONS
    for text in ("Chiang Rai", "Thailand", TAIPEI, "Tea Co-op", "Young people left the hills.",
                 "Homestays and trails.\n\nA booking co-operative."):
        assert text in tea


def test_an_entry_without_consent_is_flagged_in_the_queue_and_absent_from_the_draft(app, client, world):
    queue = client.get(f"/editor/calls/{world.call}/report-queue").get_data(as_text=True)
    harbour = queue[queue.index(">Harbour Lab without consent</a>"):]
    assert "Consent to publish: not given" in harbour[:1500]
    page = client.get(f"/exports/calls/{world.call}/report-draft.html").get_data(as_text=True)
    assert "Harbour Lab" not in page and "Bangkok" not in page
    document = docx.Document(io.BytesIO(docx_response(app, client, world.call).get_data()))
    assert "Harbour Lab" not in "\n".join(p.text for p in document.paragraphs)
    with app.app_context():
        events = db.session.execute(select(AuditEvent.after).where(AuditEvent.action == "call.exported")
                                    .order_by(AuditEvent.id)).scalars().all()
    assert events == [{"export": "report_draft", "format": "html", "rows": 3, "left_out": 1},
                      {"export": "report_draft", "format": "docx", "rows": 3, "left_out": 1}]


def test_user_text_is_escaped_never_markup(app, client, world):
    page = client.get(f"/exports/calls/{world.call}/report-draft.html").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in page
    assert "<script" not in page and "style=" not in page
    document = docx.Document(io.BytesIO(docx_response(app, client, world.call).get_data()))
    texts = [p.text for p in document.paragraphs]
    assert "<script>alert(1)</script> Weavers" in texts and "<b>bold</b> & more" in texts


def test_the_docx_has_real_headings_and_a_table_of_contents_field(app, client, world):
    response = docx_response(app, client, world.call)
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert re.match(r'attachment; filename="report-draft-Best-Practices-2028-\d{4}-\d{2}-\d{2}\.docx"',
                    response.headers["Content-Disposition"])
    data = response.get_data()
    document = docx.Document(io.BytesIO(data))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]
    assert styled[:3] == [("Title", "APEC Local Innovation Ecosystem Best Practices"),
                          ("Subtitle", "APEC SME Local Innovation Ecosystem Initiative"), ("TOC Heading", "Contents")]
    headings = [(style, text) for style, text in styled if style in ("Heading 1", "Heading 2")]
    assert headings == [("Heading 1", f"1. {TAIPEI}"), ("Heading 2", "Doi Tea Trails"),
                        ("Heading 2", "<script>alert(1)</script> Weavers"),
                        ("Heading 1", "2. Other case studies"), ("Heading 2", "Solar Market")]
    tea = [text for style, text in styled[styled.index(("Heading 2", "Doi Tea Trails")) + 1:]][:8]
    assert tea == SECTIONS
    texts = [p.text for p in document.paragraphs]
    assert "Homestays and trails." in texts and "A booking co-operative." in texts
    assert document.core_properties.title == "APEC Local Innovation Ecosystem Best Practices"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode()
        settings = package.read("word/settings.xml").decode()
    assert 'TOC \\o "1-2" \\h \\z \\u' in body and 'w:fldCharType="begin"' in body
    assert "w:updateFields" in settings
    breaks = [p.paragraph_format.page_break_before for p in document.paragraphs
              if p.style.name == "Heading 2"]
    assert breaks == [False, True, False]


def test_an_empty_queue_gives_a_valid_draft_with_no_chapters(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call_id = make_call().id
        db.session.commit()
    auth.login("ed@example.org")
    page = client.get(f"/exports/calls/{call_id}/report-draft.html").get_data(as_text=True)
    assert "The report queue has no case study that may be published yet." in page
    document = docx.Document(io.BytesIO(docx_response(app, client, call_id).get_data()))
    assert [p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")] == []


def test_the_docx_sets_fonts_for_chinese_and_thai_text(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(title="Best Practices 2029")
        decide(submitted(call, "高齡農民的合作社", summary="中華台北的高齡農民共同經營茶園。",
                         local_challenge="ชุมชนร่วมกันพัฒนาตลาดท้องถิ่น"))
        db.session.commit()
        call_id = call.id
    auth.login("ed@example.org")
    data = docx_response(app, client, call_id).get_data()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode()
        styles = package.read("word/styles.xml").decode()
    assert "中華台北的高齡農民共同經營茶園。" in body and "ชุมชนร่วมกันพัฒนาตลาดท้องถิ่น" in body
    defaults = re.search(r"<w:docDefaults>.*</w:docDefaults>", styles, re.S).group(0)
    fonts = re.search(r"<w:rFonts [^>]*/>", defaults).group(0)
    assert 'w:eastAsia="Noto Sans TC"' in fonts and 'w:cs="Noto Sans Thai"' in fonts
    assert "Theme" not in fonts and "theme" not in fonts
    assert re.search(r'<w:lang [^>]*w:eastAsia="zh-TW"', defaults) and re.search(r'w:bidi="th-TH"', defaults)
    for style in ("Heading1", "Heading2", "Title"):
        block = re.search(rf'<w:style [^>]*w:styleId="{style}".*?</w:style>', styles, re.S).group(0)
        assert 'w:eastAsia="Noto Sans TC"' in block and "Theme" not in block


def test_the_html_draft_links_back_to_the_report_queue_on_screen_only(app, client, world):
    page = client.get(f"/exports/calls/{world.call}/report-draft.html").get_data(as_text=True)
    assert (f'<p class="back-to-queue"><a href="/editor/calls/{world.call}/report-queue">'
            "Back to the report queue of Best Practices 2028</a></p>") in page
    assert client.get(f"/editor/calls/{world.call}/report-queue").status_code == 200
    css = client.get("/static/css/report.css").get_data(as_text=True)
    printed = re.findall(r"@media print\s*\{((?:[^{}]*\{[^{}]*\})*)[^{}]*\}", css)
    assert any(re.search(r"\.back-to-queue\s*\{[^}]*display:\s*none", block) for block in printed), printed
