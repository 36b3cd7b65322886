"""What the later stages (review and decision) tell the case-study pages, and what they are told of
a withdrawal, through an interface defined here and implemented by the stage that owns the answer,
so no import points up.

create_app registers the implementation (editorial.progress.LaterStages); these pages ask for it
with later_stages().
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from flask import Flask, current_app

from ..auth.models import User
from .models import CaseStudy

EXTENSION = "lie_review.later_stages"


@dataclass(frozen=True)
class StageState:
    """Where review and decision stand for one case study, as its applicant may learn it."""

    under_review: bool = False
    released_at: datetime | None = None  # when a decision was last released to the applicant
    released_outcome: str | None = None  # the outcome they were told, whatever was decided since
    feedback: str = ""
    # The feedback from the reviews as last released ({"kind", "text"} items): all the applicant may read of them.
    feedback_items: tuple = ()
    feedback_locale: str = "en"  # the language they are written in

    @property
    def decision_released(self) -> bool:
        """The applicant has been told a decision: from then on the case study stays as it was decided on."""
        return self.released_at is not None


class LaterStages(Protocol):
    def is_reviewer_of(self, user_id: int, case_study_id: int) -> bool:
        """True when the user holds an active assignment on the case study."""

    def states_of(self, case_study_ids: list[int]) -> dict[int, StageState]:
        """Each case study's state, in one query whatever their number."""

    def case_study_withdrawn(self, case_study: CaseStudy, *, actor: User | None) -> None:
        """In the withdrawal's transaction, once the case study is withdrawn: let go of what the later
        stages hold for it (an accepted one leaves the report queue, and the editors are told)."""


def register_later_stages(app: Flask, stages: LaterStages) -> None:
    app.extensions[EXTENSION] = stages


def later_stages() -> LaterStages:
    return current_app.extensions[EXTENSION]
