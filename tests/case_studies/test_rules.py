"""Pure rules: counting words against the limits, and what the applicant is told."""

from __future__ import annotations

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
    ("co-operative, 46 farms; NTD 1,650/kg.", 5), ("中文 ไทย русский", 3),
])
def test_count_words_counts_runs_between_whitespace(text, words):
    assert count_words(text) == words


words = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc")), min_size=1),
                 max_size=60)
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
