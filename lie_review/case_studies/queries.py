"""Reading case studies: load-and-authorise, the applicant's list, open calls, what the applicant is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import Row, select
from sqlalchemy.orm import joinedload, undefer

from ..clock import utcnow
from ..extensions import db
from ..paging import paginate
from ..permissions import can_view_case_study
from .models import Attachment, Call, CaseStudy
from .rules import ApplicantStatus, NextAction, applicant_status, next_action
from .stages import StageState, later_stages

PER_PAGE = 20


def get_case_study_or_404(case_study_id: int, *, for_user, for_update: bool = False) -> CaseStudy:
    """The case study if `for_user` may see it; 404 otherwise, so its existence does not leak.

    for_update locks the row for a read-modify-write (a no-op on SQLite, whose writing requests
    already hold the write lock).
    """
    query = select(CaseStudy).where(CaseStudy.id == case_study_id)
    if for_update:
        query = query.with_for_update()
    return viewable_row_or_404(query, for_user=for_user)[0]


def viewable_row_or_404(query, *, for_user) -> Row:
    """The one row of `query`, a select of a case study first and whatever it joins to it, if `for_user`
    may see that case study; 404 otherwise, as get_case_study_or_404, so a page reads all it shows at once."""
    found = db.session.execute(query).unique().one_or_none()
    if found is None or not _may_view(for_user, found[0]):
        abort(404)
    return found


def _may_view(user, case_study: CaseStudy) -> bool:
    return can_view_case_study(user, case_study,
                               lambda: later_stages().is_reviewer_of(user.id, case_study.id))


def get_attachment_or_404(case_study: CaseStudy, attachment_id: int, *, with_data: bool = False) -> Attachment:
    """One attachment of this case study (its bytes only when asked for)."""
    query = select(Attachment).where(Attachment.id == attachment_id, Attachment.case_study_id == case_study.id)
    if with_data:
        query = query.options(undefer(Attachment.data))
    attachment = db.session.execute(query).scalar_one_or_none()
    if attachment is None:
        abort(404)
    return attachment


@dataclass(frozen=True)
class Progress:
    """What the applicant is told about one case study."""

    status: ApplicantStatus
    action: NextAction
    released_outcome: str | None = None
    feedback: str = ""
    released_at: datetime | None = None
    decision_released: bool = False
    feedback_items: tuple = ()
    feedback_locale: str = "en"

    @property
    def accepted(self) -> bool:
        """The applicant was told it is accepted for the report."""
        return self.released_outcome == "accepted"


def progress_of(case_studies: list[CaseStudy], now: datetime | None = None) -> dict[int, Progress]:
    """Status, next action and any released decision of each case study, in one query."""
    now = now or utcnow()
    states = later_stages().states_of([cs.id for cs in case_studies])
    result = {}
    for case_study in case_studies:
        state = states.get(case_study.id, StageState())
        released = state.decision_released
        status = applicant_status(case_study.status, under_review=state.under_review, decision_released=released)
        result[case_study.id] = Progress(
            status=status,
            action=next_action(status, call_open=case_study.call.is_open(now)),
            released_outcome=state.released_outcome if released else None,
            feedback=state.feedback if released else "",
            feedback_items=state.feedback_items if released else (),
            feedback_locale=state.feedback_locale,
            released_at=state.released_at if released else None,
            decision_released=released,
        )
    return result


def my_case_studies(user, page: int | None = None):
    """A page of the applicant's case studies with their calls, most recently changed first."""
    query = (
        select(CaseStudy)
        .options(joinedload(CaseStudy.call))
        .where(CaseStudy.applicant_id == user.id)
        .order_by(CaseStudy.updated_at.desc(), CaseStudy.id.desc())
    )
    return paginate(query, page=page or 1, per_page=PER_PAGE, past_end="empty")


def open_calls(now: datetime | None = None) -> list[Call]:
    """Calls taking case studies at this moment, the soonest deadline first."""
    now = now or utcnow()
    return list(db.session.execute(
        select(Call)
        .where(Call.opens_at <= now, Call.closes_at > now)
        .order_by(Call.closes_at, Call.id)
    ).scalars())


def get_call_or_404(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None:
        abort(404)
    return call
