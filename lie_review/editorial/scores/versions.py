"""Call.scores_version, kept by every session: a flush that changes what a call's scores are built from
adds one to that call's version, in the flush's own transaction.

What counts: a case study's listed fields, its assignments, the submission of their reviews and the
scores, recommendation and confidence of submitted ones (a draft's count once it is submitted; who may
read a comment does not count), its decision, the rubric's weights, scales, active criteria, order and
labels (the agreement table names them), the call's panel and settings, and its report targets (which
the dashboard's kept balance summary shows beside the scores). A change made with a bulk
statement instead of the ORM calls scores_changed() itself. After a change of the rubric, which moves
every total of the call, a worker rebuilds the call's scores as soon as it commits (current.build_scores).
"""

from __future__ import annotations

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from ...auth.models import User
from ...jobs import queue
from ...case_studies.models import Call, CaseStudy
from ...reviews.models import Assignment, Criterion, Review, Score
from ...reviews.totals import RUBRIC_ATTRIBUTES, known_draft, only_audience_changed
from ..models import Decision, ReportTarget

PENDING = "lie_review.scores_versions_to_bump"
CASE_STUDY_FIELDS = ("status", "title", "organisation_name", "organisation_type", "economy_id", "forum_id",
                     "sector", "groups_served", "call_id")
CALL_FIELDS = ("reviews_per_economy", "disagreement_threshold", "panel_economies")
DECISION_FIELDS = ("outcome", "released_at", "released_outcome", "case_study_id")
ASSIGNMENT_FIELDS = ("status", "reviewer_id", "case_study_id")
CRITERION_FIELDS = (*RUBRIC_ATTRIBUTES, "position", "label", "translations")
REVIEW_FIELDS = ("recommendation", "confidence")  # of a submitted review


def _changed(obj, names) -> bool:
    state = inspect(obj)
    return any(name in state.attrs and state.attrs[name].history.has_changes() for name in names)


class _Pending:
    """What one flush changed, by the key that leads to the call."""

    def __init__(self):
        self.calls: set[int] = set()
        self.case_studies: set[int] = set()
        self.assignments: set[int] = set()
        self.reviewers: set[int] = set()
        self.rubrics: set[int] = set()  # calls whose rubric changed: their scores are rebuilt by a worker at once

    def __bool__(self) -> bool:
        return bool(self.calls or self.case_studies or self.assignments or self.reviewers)


def _note(pending: _Pending, session: Session, obj, new_or_deleted: bool) -> None:
    if isinstance(obj, CaseStudy):
        if new_or_deleted or _changed(obj, CASE_STUDY_FIELDS):
            pending.calls.add(obj.call_id)
    elif isinstance(obj, Decision):
        if new_or_deleted or _changed(obj, DECISION_FIELDS):
            pending.case_studies.add(obj.case_study_id)
    elif isinstance(obj, Assignment):
        if new_or_deleted or _changed(obj, ASSIGNMENT_FIELDS):
            pending.case_studies.add(obj.case_study_id)
    elif isinstance(obj, Review):
        if (new_or_deleted or _changed(obj, ("submitted_at",))
                or obj.submitted_at is not None and _changed(obj, REVIEW_FIELDS)):
            pending.assignments.add(obj.assignment_id)
    elif isinstance(obj, Score):
        # who may read its comment is not what scores are built from
        if not known_draft(session, obj.assignment_id) and (new_or_deleted or not only_audience_changed(obj)):
            pending.assignments.add(obj.assignment_id)
    elif isinstance(obj, Criterion):
        if new_or_deleted or _changed(obj, CRITERION_FIELDS):
            pending.calls.add(obj.call_id)
            pending.rubrics.add(obj.call_id)
    elif isinstance(obj, ReportTarget):
        # The dashboard keeps its balance summary under the scores version (editorial/dashboard/views.py).
        pending.calls.add(obj.call_id)
    elif isinstance(obj, Call):
        if not new_or_deleted and _changed(obj, CALL_FIELDS):
            pending.calls.add(obj.id)
    elif isinstance(obj, User):
        if not new_or_deleted and _changed(obj, ("economy_id", "name")):
            pending.reviewers.add(obj.id)


def _note_changes(session: Session, flush_context, instances) -> None:
    pending = session.info.setdefault(PENDING, _Pending())
    for obj in (*session.new, *session.deleted):
        _note(pending, session, obj, True)
    for obj in session.dirty:
        _note(pending, session, obj, False)


def _calls_of(pending: _Pending):
    """The ids of the calls that `pending` touches, as one select."""
    parts = [select(Call.id).where(Call.id.in_(sorted(pending.calls - {None})))]
    if pending.case_studies:
        parts.append(select(CaseStudy.call_id).where(CaseStudy.id.in_(sorted(pending.case_studies - {None}))))
    if pending.assignments:
        parts.append(select(CaseStudy.call_id).join(Assignment, Assignment.case_study_id == CaseStudy.id)
                     .where(Assignment.id.in_(sorted(pending.assignments - {None}))))
    if pending.reviewers:
        parts.append(select(CaseStudy.call_id).join(Assignment, Assignment.case_study_id == CaseStudy.id)
                     .where(Assignment.reviewer_id.in_(sorted(pending.reviewers))))
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


def bump(session: Session, pending: _Pending) -> None:
    """One UPDATE adding one to the scores version of every call `pending` touches."""
    connection = session.connection()  # the flush's own transaction, without another autoflush
    connection.execute(update(Call).where(Call.id.in_(_calls_of(pending)))
                       .values(scores_version=Call.scores_version + 1))
    for obj in session.identity_map.values():
        if isinstance(obj, Call):
            session.expire(obj, ["scores_version"])


def _bump_after_flush(session: Session, flush_context) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        bump(session, pending)
        # A rubric change moves every total of the call: a worker rebuilds its scores once this commits,
        # so the editor's next page finds them built rather than building them itself.
        for call_id in sorted(pending.rubrics - {None}):
            queue.later(session, "build_scores", call_id)


def scores_changed(session: Session, *, call_id: int) -> None:
    """A bulk statement changed what the call's scores are built from: bump its version now."""
    pending = _Pending()
    pending.calls.add(call_id)
    bump(session, pending)


def keep_versions_current() -> None:
    """Have every session bump scores versions as it flushes (once per process, whatever the apps)."""
    if not event.contains(Session, "before_flush", _note_changes):
        event.listen(Session, "before_flush", _note_changes)
        event.listen(Session, "after_flush_postexec", _bump_after_flush)
