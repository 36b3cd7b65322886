"""Pure rules: counting words against the limits, and what the applicant is told."""

from __future__ import annotations

import icu
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lie_review.case_studies.rules import (
    WORD_LIMITS,
    ApplicantStatus,
    NextAction,
    applicant_status,
    count_words,
    next_action,
)


@pytest.mark.parametrize("text, words", [
    ("", 0), (None, 0), ("   \n\t ", 0), ("one", 1), ("one two", 2), ("  one\n\ntwo\tthree  ", 3),
    ("co-operative, 46 farms; NTD 1,650/kg.", 5),
    ("中文 ไทย русский", 4),  # 中, 文 (each Han character a word), ไทย, русский
])
def test_count_words_counts_runs_between_whitespace(text, words):
    assert count_words(text) == words


# Samples in every script, counted by hand; tests/browser/test_word_counts.py checks that the browser
# counts each of them the same.
WORD_SAMPLES = [
    # Thai, as ICU segments it: ชุมชน | ร่วม | กัน | พัฒนา | ตลาด | ท้อง | ถิ่น — community, join,
    # together, develop, market, and "local" (ท้องถิ่น) as its two parts.
    ("ชุมชนร่วมกันพัฒนาตลาดท้องถิ่น", 7),
    # เกษตรกร | สูง | อายุ | ร่วม | กัน | ตั้ง | สหกรณ์ — farmers, elderly (สูงอายุ), together, set up, cooperative
    ("เกษตรกรสูงอายุร่วมกันตั้งสหกรณ์", 7),
    # ราคา | เพิ่ม | ขึ้น (the price rose), ๘๐ (80 in Thai digits, one number); "%" alone is no word
    ("ราคาเพิ่มขึ้น ๘๐%", 4),
    # Traditional Chinese: 高 齡 農 民 的 合 作 社, one word a character; "。" is no word
    ("高齡農民的合作社。", 8),
    # 茶 價 每 公 斤 (5), NTD (1), 1,650 (1), 元 (1); "。" is no word
    ("茶價每公斤NTD 1,650元。", 8),
    # Chinese punctuation alone: no word
    ("，。——「」", 0),
    # Russian: Сельский, кооператив, объединил, 46, ферм, цены, выросли; the dash alone is no word
    ("Сельский кооператив объединил 46 ферм — цены выросли.", 7),
    # APEC, 論, 壇, in, กรุงเทพ (Bangkok, one word to ICU), 2026
    ("APEC 論壇 in กรุงเทพ 2026", 6),
    # ปี (year), 2026, ชาวนา | ปลูก | ข้าว (farmers grow rice): scripts meeting without spaces
    ("ปี2026ชาวนาปลูกข้าว", 5),
    # one, two, three, four: a no-break space, the ideographic space and a line separator are whitespace
    ("one\u00a0two\u3000three\u2028four", 4),
    # a zero-width no-break space is not whitespace: one word
    ("a\ufeffb", 1),
    # Thai that is no word-like segment: the ๏ sign, a lone vowel mark
    ("\u0e4f \u0e31", 0),
    # café (with a combining accent), naïve
    ("cafe\u0301 naïve", 2),
]


@pytest.mark.parametrize("text, words", WORD_SAMPLES)
def test_count_words_counts_words_in_every_script(text, words):
    assert count_words(text) == words


def test_count_words_segments_each_run_of_thai_on_its_own():
    thai = "ชุมชนร่วมกันพัฒนาตลาดท้องถิ่น"  # 7 words
    assert count_words(" ".join([thai] * 22)) == 154
    assert count_words("中" + thai + "中") == 9


# Han and Thai characters split words where they stand, so the generated words hold neither.
HAN_OR_THAI = icu.UnicodeSet("[[:Script=Han:][:Script=Thai:]]")


def neither_han_nor_thai(**categories):
    return st.characters(**categories).filter(lambda c: not HAN_OR_THAI.contains(c))


# A word: anything but whitespace, with at least one letter or digit (punctuation alone is no word).
word = st.builds(lambda before, core, after: before + core + after,
                 st.text(alphabet=neither_han_nor_thai(blacklist_categories=("Zs", "Zl", "Zp", "Cc"))),
                 neither_han_nor_thai(whitelist_categories=("L", "N")),
                 st.text(alphabet=neither_han_nor_thai(blacklist_categories=("Zs", "Zl", "Zp", "Cc"))))
words = st.lists(word, max_size=60)
spaces = st.sampled_from([" ", "\n", "\t", "  ", "\r\n", "\u00a0"])


@given(words, spaces)
def test_joining_words_with_any_whitespace_counts_each_once(parts, space):
    assert count_words(space.join(parts)) == len(parts)


@given(st.text(), st.text())
def test_word_counts_add_up_across_a_line_break(a, b):
    assert count_words(a + "\n" + b) == count_words(a) + count_words(b)


def test_the_summary_limit_is_the_specifications():
    assert WORD_LIMITS["summary"] == 150
    assert set(WORD_LIMITS) == {"summary", "local_challenge", "solution", "ecosystem_partners", "results",
                                "sustainability", "inclusiveness", "lessons"}


@pytest.mark.parametrize("status, under_review, released, expected", [
    ("draft", False, False, ApplicantStatus.DRAFT),
    ("draft", True, True, ApplicantStatus.DRAFT),
    ("submitted", False, False, ApplicantStatus.SUBMITTED),
    ("submitted", True, False, ApplicantStatus.UNDER_REVIEW),
    ("submitted", True, True, ApplicantStatus.DECISION),
    ("submitted", False, True, ApplicantStatus.DECISION),
    ("withdrawn", True, True, ApplicantStatus.WITHDRAWN),
])
def test_applicant_status(status, under_review, released, expected):
    assert applicant_status(status, under_review=under_review, decision_released=released) is expected


@given(st.sampled_from(["draft", "submitted", "withdrawn"]), st.booleans(), st.booleans())
def test_an_unreleased_decision_is_never_told(status, under_review, call_open):
    shown = applicant_status(status, under_review=under_review, decision_released=False)
    assert shown is not ApplicantStatus.DECISION
    assert next_action(shown, call_open=call_open) is not NextAction.READ_DECISION


@pytest.mark.parametrize("status, call_open, expected", [
    (ApplicantStatus.DRAFT, True, NextAction.CONTINUE),
    (ApplicantStatus.DRAFT, False, NextAction.MISSED),
    (ApplicantStatus.SUBMITTED, True, NextAction.CHANGE),
    (ApplicantStatus.SUBMITTED, False, NextAction.WAIT),
    (ApplicantStatus.UNDER_REVIEW, False, NextAction.WAIT),
    (ApplicantStatus.DECISION, False, NextAction.READ_DECISION),
    (ApplicantStatus.WITHDRAWN, True, NextAction.NONE),
])
def test_next_action(status, call_open, expected):
    assert next_action(status, call_open=call_open) is expected
