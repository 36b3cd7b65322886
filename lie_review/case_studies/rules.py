"""Pure rules of a case study: word limits and counting, what the applicant sees as its status."""

from __future__ import annotations

import re
from enum import Enum

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

_WORD = re.compile(r"\S+")


def count_words(text: str | None) -> int:
    """Words as a reader counts them: runs of characters between whitespace."""
    return len(_WORD.findall(text or ""))


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
