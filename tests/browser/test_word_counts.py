"""The count shown while typing is the count checked on Submit, in every script: the case-study form's
counter in chromium against the server's count_words."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import expect

from lie_review.case_studies.rules import count_words
from lie_review.extensions import db

from ..case_studies.test_rules import WORD_SAMPLES
from ..factories import make_call, make_case_study, make_user

pytestmark = pytest.mark.browser

COUNT_IN_PAGE = "texts => texts.map(text => window.countWords(text))"

# Pieces of text where the two counters could part: Han, Thai letters, vowel and tone marks and
# digits, the ๏ sign, Latin, Cyrillic, digits, punctuation, combining marks and every kind of space.
PIECES = ["中", "文", "齡", "。", "，", "ก", "ร", "ุ", "ง", "เ", "ท", "พ", "ไ", "ย", "่", "้", "๘", "๐", "ฯ",
          "๏", "ชุมชน", "ตลาด", "a", "B", "é", "\u0301", "д", "Ж", "4", "6", "-", ",", ".", "/", "%", "—",
          " ", "  ", "\n", "\t", "\u00a0", "\u3000", "\u2028", "\ufeff"]


def open_draft(page, live_app, live_server, log_in, summary: str = "") -> None:
    with live_app.app_context():
        applicant = make_user("applicant", email="amy@example.org")
        case_study = make_case_study(make_call(), applicant, summary=summary)
        db.session.commit()
        case_study_id = case_study.id
    log_in(page, "amy@example.org")
    page.goto(f"{live_server}/case-studies/{case_study_id}/edit")
    expect(page.get_by_label("Summary")).to_have_value(summary)


def test_the_page_counts_each_sample_as_the_server_does(page, live_app, live_server, axe, log_in):
    open_draft(page, live_app, live_server, log_in)
    axe(page)
    texts = [text for text, _ in WORD_SAMPLES]
    assert page.evaluate(COUNT_IN_PAGE, texts) == [count_words(text) for text in texts]
    assert [count_words(text) for text in texts] == [words for _, words in WORD_SAMPLES]


def test_the_page_counts_mixed_scripts_as_the_server_does(page, live_app, live_server, axe, log_in):
    open_draft(page, live_app, live_server, log_in)
    axe(page)
    pick = random.Random(2026)
    texts = ["".join(pick.choices(PIECES, k=pick.randint(0, 40))) for _ in range(500)]
    in_page = page.evaluate(COUNT_IN_PAGE, texts)
    assert [(text, n) for text, n in zip(texts, in_page) if n != count_words(text)] == []


def test_the_summary_counter_shows_the_servers_count_while_typing(page, live_app, live_server, axe, log_in):
    thai = " ".join(["ชุมชนร่วมกันพัฒนาตลาดท้องถิ่น"] * 22)  # 22 sentences of 7 words: 154
    open_draft(page, live_app, live_server, log_in, summary=thai)
    expect(page.locator("#summary-count")).to_have_text("154 of 150 words · 4 too many")
    axe(page)
    summary = page.get_by_label("Summary")
    summary.fill("")
    summary.press_sequentially("高齡農民的合作社。")
    expect(page.locator("#summary-count")).to_have_text("8 of 150 words")
    summary.fill("APEC 論壇 in กรุงเทพ 2026")
    expect(page.locator("#summary-count")).to_have_text("6 of 150 words")  # APEC 論 壇 in กรุงเทพ 2026
