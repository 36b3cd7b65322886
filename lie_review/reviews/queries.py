"""Reads for reviewer pages, each a fixed number of queries whatever the size of the rubric or list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import abort
from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import contains_eager, joinedload, lazyload

from ..auth.models import Role, User, UserRole
from ..case_studies.models import Call, CaseStudy, CaseStudyStatus
from ..clock import utcnow
from ..extensions import db
from .models import Assignment, AssignmentStatus, Criterion, Review, Score
from .scoring import weighted_total


def get_assignment_or_404(assignment_id: int, *, for_user: User, for_update: bool = False,
                          with_text: bool = False) -> Assignment:
    """The user's own active assignment on a submitted case study, with its case study, call and review.

    Anything else — another reviewer's, one given up as a conflict, a case study back in draft or
    withdrawn — answers 404, so nobody learns what exists. `for_update` locks the assignment row,
    which serialises every write to one review (its scores and review row) on PostgreSQL;
    `with_text` also loads what the case study's text shows (economy, forum, attachment names).
    """
    assignment = db.session.execute(_assignment_statement(for_update, with_text),
                                    {"assignment_id": assignment_id, "reviewer_id": for_user.id}
                                    ).unique().scalar_one_or_none()
    if assignment is None:
        abort(404)
    return assignment


# The statements of the scoring page and its saves are built once per process: with their loader options,
# building one took longer than running it.
@cache
def _assignment_statement(for_update: bool, with_text: bool):
    case_study = contains_eager(Assignment.case_study)
    options = [case_study.contains_eager(CaseStudy.call), joinedload(Assignment.review)]
    if with_text:
        # Joined, not a second query: a case study has at most a handful of attachments.
        options += [case_study.joinedload(CaseStudy.economy), case_study.joinedload(CaseStudy.forum),
                    case_study.joinedload(CaseStudy.attachments)]
    query = (
        select(Assignment)
        .join(Assignment.case_study).join(CaseStudy.call)
        .options(*options)
        .where(Assignment.id == bindparam("assignment_id"), Assignment.reviewer_id == bindparam("reviewer_id"),
               Assignment.status == AssignmentStatus.ACTIVE.value,
               CaseStudy.status == CaseStudyStatus.SUBMITTED.value)
    )
    return query.with_for_update(of=Assignment) if for_update else query


def criteria_of(call_id: int, *, active_only: bool = False, with_levels: bool = True) -> list[Criterion]:
    """The call's criteria in rubric order (with `active_only`, the rubric reviewers score; without
    `with_levels`, their levels are left to be read when used)."""
    levels = joinedload(Criterion.levels) if with_levels else lazyload(Criterion.levels)
    query = (select(Criterion).options(levels).where(Criterion.call_id == call_id)
             .order_by(Criterion.position, Criterion.id))
    if active_only:
        query = query.where(Criterion.active.is_(True))
    return list(db.session.execute(query).unique().scalars())


_RUBRIC_AND_SCORES = (
    select(Criterion, Score)
    .outerjoin(Score, and_(Score.criterion_id == Criterion.id, Score.assignment_id == bindparam("assignment_id")))
    .options(joinedload(Criterion.levels))
    .where(Criterion.call_id == bindparam("call_id"), Criterion.active.is_(True))
    .order_by(Criterion.position, Criterion.id)
)


def rubric_and_scores(assignment: Assignment) -> tuple[list[Criterion], dict[int, Score]]:
    """The rubric reviewers score (the call's active criteria in order, with their levels) and the
    assignment's scores on it by criterion id, in one query."""
    rows = db.session.execute(_RUBRIC_AND_SCORES, {"assignment_id": assignment.id,
                                                   "call_id": assignment.case_study.call_id}).unique().all()
    return [criterion for criterion, _score in rows], {score.criterion_id: score for _c, score in rows if score}


def scores_of(assignment_id: int) -> dict[int, Score]:
    """The assignment's score rows by criterion id."""
    rows = db.session.execute(select(Score).where(Score.assignment_id == assignment_id)).scalars()
    return {score.criterion_id: score for score in rows}


@dataclass(frozen=True)
class OtherReview:
    """Another reviewer's submitted review, without who wrote it."""

    number: int
    review: Review
    levels: dict[int, int | None]
    comments: dict[int, str]
    total: float | None


def other_reviews(assignment: Assignment, criteria: list[Criterion]) -> list[OtherReview]:
    """The submitted reviews of the other active assignments of the same case study, in a stable order."""
    reviews = list(db.session.execute(
        select(Review).join(Review.assignment)
        .where(Assignment.case_study_id == assignment.case_study_id, Assignment.id != assignment.id,
               Assignment.status == AssignmentStatus.ACTIVE.value, Review.submitted_at.is_not(None))
        .order_by(Review.submitted_at, Review.id)
    ).scalars())
    if not reviews:
        return []
    rows = db.session.execute(
        select(Score.assignment_id, Score.criterion_id, Score.value, Score.comment)
        .where(Score.assignment_id.in_([r.assignment_id for r in reviews]))
    ).all()
    levels: dict[int, dict[int, int | None]] = {r.assignment_id: {} for r in reviews}
    comments: dict[int, dict[int, str]] = {r.assignment_id: {} for r in reviews}
    for assignment_id, criterion_id, value, comment in rows:
        levels[assignment_id][criterion_id] = value
        comments[assignment_id][criterion_id] = comment
    return [OtherReview(number=i, review=r, levels=levels[r.assignment_id], comments=comments[r.assignment_id],
                        total=weighted_total(levels[r.assignment_id], criteria))
            for i, r in enumerate(reviews, start=1)]


@dataclass(frozen=True)
class AssignmentRow:
    """One line of "My reviews"."""

    assignment: Assignment
    case_study: CaseStudy
    call: Call
    submitted_at: datetime | None
    started: bool

    @property
    def progress(self) -> str:
        if self.submitted_at is not None:
            return "submitted"
        return "in_progress" if self.started else "not_started"


def my_assignments(user: User) -> list[AssignmentRow]:
    """The reviewer's active assignments on submitted case studies, by review deadline, then case study."""
    score_count = (
        select(func.count(Score.id)).where(Score.assignment_id == Assignment.id)
        .correlate(Assignment).scalar_subquery()
    )
    rows = db.session.execute(
        select(Assignment, CaseStudy, Call, Review.id, Review.submitted_at, score_count)
        .join(Assignment.case_study).join(CaseStudy.call)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .options(joinedload(CaseStudy.economy))
        .where(Assignment.reviewer_id == user.id, Assignment.status == AssignmentStatus.ACTIVE.value,
               CaseStudy.status == CaseStudyStatus.SUBMITTED.value)
        .order_by(Call.review_ends_at, Call.id, CaseStudy.id)
    ).all()
    return [AssignmentRow(assignment=a, case_study=cs, call=call, submitted_at=submitted_at,
                          started=review_id is not None or count > 0)
            for a, cs, call, review_id, submitted_at, count in rows]


def next_unreviewed(rows: list[AssignmentRow], now: datetime | None = None) -> AssignmentRow | None:
    """The next assignment to work on: earliest open deadline; in progress before not started; then by case study."""
    now = now or utcnow()
    waiting = [r for r in rows if r.submitted_at is None and r.call.review_is_open(now)]
    waiting.sort(key=lambda r: (r.call.review_ends_at, r.call.id, not r.started, r.case_study.id))
    return waiting[0] if waiting else None


def editors() -> list[User]:
    """Active users holding the editor role, who hear about declared conflicts."""
    return list(db.session.execute(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.EDITOR.value, User.active.is_(True)).order_by(User.id)
    ).unique().scalars())


@dataclass
class CallGroup:
    """A call's assignments on "My reviews", by progress."""

    call: Call
    not_started: list[AssignmentRow]
    in_progress: list[AssignmentRow]
    submitted: list[AssignmentRow]

    @property
    def left(self) -> int:
        return len(self.not_started) + len(self.in_progress)


def group_by_call(rows: list[AssignmentRow]) -> list[CallGroup]:
    """The rows (already in deadline order) grouped per call, then per progress."""
    groups: dict[int, CallGroup] = {}
    for row in rows:
        group = groups.setdefault(row.call.id, CallGroup(row.call, [], [], []))
        getattr(group, row.progress).append(row)
    return list(groups.values())
