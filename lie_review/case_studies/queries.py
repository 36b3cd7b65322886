"""Reading case studies: load-and-authorise, the applicant's list, open calls, what the applicant is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import column, exists, func, select, table
from sqlalchemy.orm import joinedload, lazyload, undefer

from ..clock import utcnow
from ..extensions import db
from ..permissions import can_view_case_study, is_applicant_of, is_staff
from .models import Attachment, Call, CaseStudy
from .rules import ApplicantStatus, NextAction, applicant_status, next_action

# The later stages' tables, named by the columns read here, so that imports keep pointing one way
# (case_studies ← reviews ← editorial) while the applicant still learns of review and decision.
_assignment = table("assignment", column("id"), column("case_study_id"), column("reviewer_id"),
                    column("status"))
_decision = table("decision", column("case_study_id"), column("outcome"), column("released_at"),
                  column("released_outcome"), column("feedback"))

PER_PAGE = 20


def get_case_study_or_404(case_study_id: int, *, for_user, for_update: bool = False) -> CaseStudy:
    """The case study if `for_user` may see it; 404 otherwise, so its existence does not leak.

    for_update locks the row for a read-modify-write (a no-op on SQLite, whose writing requests
    already hold the write lock).
    """
    query = select(CaseStudy).where(CaseStudy.id == case_study_id)
    if for_update:
        query = query.with_for_update()
    case_study = db.session.execute(query).scalar_one_or_none()
    if case_study is None or not _may_view(for_user, case_study):
        abort(404)
    return case_study


def _may_view(user, case_study: CaseStudy) -> bool:
    if not user.is_authenticated:
        return False
    if is_staff(user) or is_applicant_of(user, case_study):
        return True
    assignment = db.session.execute(
        select(_assignment.c.id, _assignment.c.reviewer_id).where(
            _assignment.c.case_study_id == case_study.id,
            _assignment.c.reviewer_id == user.id,
            _assignment.c.status == "active",
        )
    ).first()
    return can_view_case_study(user, case_study, assignment)


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


def _progress_query(ids):
    under_review = exists().where(_assignment.c.case_study_id == CaseStudy.id, _assignment.c.status == "active")
    return (
        select(CaseStudy.id, CaseStudy.status, under_review.label("under_review"), _decision.c.released_at,
               # the outcome as released; a later change of mind stays unseen until released again
               func.coalesce(_decision.c.released_outcome, _decision.c.outcome).label("released_outcome"),
               _decision.c.feedback)
        .outerjoin(_decision, _decision.c.case_study_id == CaseStudy.id)
        .where(CaseStudy.id.in_(ids))
    )


def progress_of(case_studies: list[CaseStudy], now: datetime | None = None) -> dict[int, Progress]:
    """Status, next action and any released decision of each case study, in one query."""
    now = now or utcnow()
    calls = {cs.id: cs.call for cs in case_studies}
    result = {}
    for row in db.session.execute(_progress_query([cs.id for cs in case_studies])):
        released = row.released_at is not None
        status = applicant_status(row.status, under_review=bool(row.under_review), decision_released=released)
        result[row.id] = Progress(
            status=status,
            action=next_action(status, call_open=calls[row.id].is_open(now)),
            released_outcome=row.released_outcome if released else None,
            feedback=(row.feedback or "") if released else "",
            released_at=row.released_at if released else None,
        )
    return result


def my_case_studies(user, page: int | None = None):
    """A page of the applicant's case studies with their calls, most recently changed first."""
    query = (
        select(CaseStudy)
        .options(joinedload(CaseStudy.call).options(lazyload(Call.panel_economies)))
        .where(CaseStudy.applicant_id == user.id)
        .order_by(CaseStudy.updated_at.desc(), CaseStudy.id.desc())
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def open_calls(now: datetime | None = None) -> list[Call]:
    """Calls taking case studies at this moment, the soonest deadline first."""
    now = now or utcnow()
    return list(db.session.execute(
        select(Call).options(lazyload(Call.panel_economies))
        .where(Call.opens_at <= now, Call.closes_at > now)
        .order_by(Call.closes_at, Call.id)
    ).scalars())


def get_call_or_404(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None:
        abort(404)
    return call
