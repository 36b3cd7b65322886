"""The applicant's section of the home: their latest case studies with their status, and the open calls."""

from __future__ import annotations

from dataclasses import dataclass

from ..case_studies import queries
from ..case_studies.forms import new_start_token
from ..case_studies.models import Call
from ..paging import Page

SHOWN = 10  # the latest case studies shown; "My case studies" lists them all


@dataclass
class ApplicantHome:
    case_studies: Page
    progress: dict
    open_calls: list[Call]
    start_tokens: dict[int, str]


def applicant_home(user) -> ApplicantHome:
    """The applicant's latest case studies with their progress and each open call's Start, in four queries."""
    page = queries.my_case_studies(user, 1)
    page.items = page.items[:SHOWN]
    calls = queries.open_calls()
    return ApplicantHome(case_studies=page, progress=queries.progress_of(page.items), open_calls=calls,
                         start_tokens={call.id: new_start_token() for call in calls})
