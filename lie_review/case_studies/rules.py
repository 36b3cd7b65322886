"""Pure rules of a case study: word limits and counting, what the applicant sees as its status."""

from __future__ import annotations

import re
from enum import Enum

import icu

# Word limits of the long fields, shown beside each field and checked when submitting.
WORD_LIMITS = {
    "summary": 150,
    "local_challenge": 300,
    "solution": 500,
    "ecosystem_partners": 300,
    "results": 400,
    "sustainability": 300,
    "inclusiveness": 300,
    "lessons": 300,
}
LONG_FIELDS = tuple(WORD_LIMITS)

# A hard cap on what a long field may store, checked on every save (drafts too). It lies far
# beyond any word limit (about 15 characters a word), so only a runaway paste reaches it.
TEXT_MAX_CHARS = 20_000


def _characters(unicode_set: str) -> str:
    """The body of a regular-expression character class matching an ICU set, e.g. "[:Script=Han:]".
    Character data from ICU, as the browser's regular expressions and segmenter take theirs."""
    ranges = icu.UnicodeSet(unicode_set).ranges()
    return "".join(f"\\U{ord(first):08x}-\\U{ord(last):08x}" for first, last in ranges)


_HAN = _characters("[:Script=Han:]")
_THAI = _characters("[:Script=Thai:]")
_SPACE = _characters("[:White_Space:]")
# One Han character, a run of Thai, or a fragment of anything else between whitespace, Han and Thai.
_TOKEN = re.compile(f"([{_HAN}])|([{_THAI}]+)|([^{_SPACE}{_HAN}{_THAI}]+)")
_LETTER_OR_DIGIT = re.compile(f"[{_characters('[[:L:][:N:]]')}]")
_WORD_NONE_LIMIT = 100  # ICU's UBRK_WORD_NONE_LIMIT: statuses from here up are words, numbers, ideographs


def count_words(text: str | None) -> int:
    """Words as a word processor counts them, in every script.

    - Every Han character (Unicode script Han: 中, 高, 齡) is one word, as Chinese is counted.
    - Each maximal run of Thai-script characters is as many words as ICU's Thai word segmenter
      finds word-like segments in it (rule status >= 100, not UBRK_WORD_NONE), the run segmented on
      its own: "ชุมชนร่วมกัน" is ชุมชน, ร่วม, กัน, 3 words.
    - Everything else (Latin, Cyrillic, digits, ...) is split on whitespace (Unicode White_Space):
      each fragment left between whitespace, Han characters and Thai runs is one word if it holds a
      letter or digit (Unicode L or N), so "co-operative, 46 farms; NTD 1,650/kg." is 5 words and
      punctuation alone ("，", "。", "—") is none.

    static/js/case_study_form.js counts by the same definition, its regular expressions and
    Intl.Segmenter("th") drawing on ICU as these do, so the count shown while typing is the one
    checked on Submit.
    """
    words = 0
    thai = None  # one break iterator a call, made only when the text has Thai
    for han, thai_run, other in _TOKEN.findall(text or ""):
        if han:
            words += 1
        elif thai_run:
            if thai is None:
                thai = icu.BreakIterator.createWordInstance(icu.Locale("th"))
            words += _thai_words(thai, thai_run)
        elif _LETTER_OR_DIGIT.search(other):
            words += 1
    return words


def _thai_words(segmenter: icu.BreakIterator, run: str) -> int:
    """The word-like segments of a run of Thai, read boundary by boundary as the browser's isWordLike."""
    segmenter.setText(run)
    segmenter.first()
    words = 0
    while segmenter.nextBoundary() != icu.BreakIterator.DONE:
        if segmenter.getRuleStatus() >= _WORD_NONE_LIMIT:
            words += 1
    return words


class ApplicantStatus(str, Enum):
    """What the applicant is told about their case study; never more than this."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    DECISION = "decision"
    WITHDRAWN = "withdrawn"


def applicant_status(status: str, *, under_review: bool, decision_released: bool) -> ApplicantStatus:
    """The status shown to the applicant: a released decision wins, then an active review."""
    if status == "withdrawn":
        return ApplicantStatus.WITHDRAWN
    if status == "draft":
        return ApplicantStatus.DRAFT
    if decision_released:
        return ApplicantStatus.DECISION
    if under_review:
        return ApplicantStatus.UNDER_REVIEW
    return ApplicantStatus.SUBMITTED


class NextAction(str, Enum):
    """The one thing the applicant can usefully do next, shown in "My case studies"."""

    CONTINUE = "continue"  # a draft, the call open: keep writing and submit
    MISSED = "missed"  # a draft, the call closed: nothing can be done
    CHANGE = "change"  # submitted, the call open: may reopen or withdraw
    WAIT = "wait"  # submitted or under review after the deadline
    READ_DECISION = "read_decision"
    NONE = "none"  # withdrawn


def next_action(status: ApplicantStatus, *, call_open: bool) -> NextAction:
    if status is ApplicantStatus.WITHDRAWN:
        return NextAction.NONE
    if status is ApplicantStatus.DECISION:
        return NextAction.READ_DECISION
    if status is ApplicantStatus.DRAFT:
        return NextAction.CONTINUE if call_open else NextAction.MISSED
    return NextAction.CHANGE if call_open else NextAction.WAIT
