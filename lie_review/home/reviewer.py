"""The reviewer's section of the home: the next case study to score and their progress per call."""

from __future__ import annotations

from dataclasses import dataclass

from ..reviews import queries
from ..reviews.queries import AssignmentRow, CallGroup


@dataclass
class ReviewerHome:
    next_row: AssignmentRow | None
    groups: list[CallGroup]


def reviewer_home(user) -> ReviewerHome:
    """The reviewer's assignments in one query, as "My reviews" reads them: the next, and each call's progress."""
    rows = queries.my_assignments(user)
    return ReviewerHome(next_row=queries.next_unreviewed(rows), groups=queries.group_by_call(rows))
