"""What the later stages (review and decision) tell the case-study pages, through an interface
defined here and implemented by the stage that owns the answer, so no import points up.

create_app registers the implementation (editorial.progress.LaterStages); these pages ask for it
with later_stages().
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from flask import Flask, current_app

EXTENSION = "lie_review.later_stages"


@dataclass(frozen=True)
class StageState:
    """Where review and decision stand for one case study, as its applicant may learn it."""

    under_review: bool = False
    released_at: datetime | None = None  # when a decision was last released to the applicant
    released_outcome: str | None = None  # the outcome they were told, whatever was decided since
    feedback: str = ""


class LaterStages(Protocol):
    def is_reviewer_of(self, user_id: int, case_study_id: int) -> bool:
        """True when the user holds an active assignment on the case study."""

    def states_of(self, case_study_ids: list[int]) -> dict[int, StageState]:
        """Each case study's state, in one query whatever their number."""


def register_later_stages(app: Flask, stages: LaterStages) -> None:
    app.extensions[EXTENSION] = stages


def later_stages() -> LaterStages:
    return current_app.extensions[EXTENSION]
