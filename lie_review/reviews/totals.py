"""The review total in SQL, the twin of scoring.weighted_total, stored on each review and kept current.

Both give Σ w·(s − min)/(max − min) / Σ w × 100 over the active criteria a review scored; the
tests check that they agree on random rubrics, and that the stored total always equals the formula.
Only submitted reviews of active assignments count in a call's scores.
"""

from __future__ import annotations

from sqlalchemy import Float, and_, case, cast, event, func, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from ..case_studies.models import CaseStudy
from ..extensions import db
from .models import Assignment, AssignmentStatus, Criterion, Review, Score

PENDING = "lie_review.totals_to_refresh"
RUBRIC_ATTRIBUTES = ("weight", "scale_min", "scale_max", "active")
# Who may read a comment is not a score: a flush that changes only these leaves totals and scores alone.
AUDIENCE_ATTRIBUTES = ("comment_for_applicant", "overall_comment_for_applicant")


def only_audience_changed(obj) -> bool:
    """Whether a loaded, changed score or review changed nothing but who may read its comment."""
    state = inspect(obj)
    if state.pending or state.deleted or not state.persistent:
        return False
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    return bool(changed) and changed <= set(AUDIENCE_ATTRIBUTES)


def review_total_column():
    """Σ w·(s − min)/(max − min) / Σ w × 100 over the active criteria an assignment's scores cover."""
    share = cast(Score.value - Criterion.scale_min, Float) / cast(Criterion.scale_max - Criterion.scale_min, Float)
    return (100.0 * func.sum(Criterion.weight * share) / func.sum(Criterion.weight)).label("total")


def _scored_criteria(query):
    # As in weighted_total, a level outside the criterion's scale counts as unscored.
    return query.join(Criterion, and_(Criterion.id == Score.criterion_id, Criterion.active.is_(True),
                                      Score.value.between(Criterion.scale_min, Criterion.scale_max)))


def refresh_totals(*, assignment_ids=None, call_id: int | None = None):
    """The statement that sets the stored total of the reviews of `assignment_ids`, or of every review
    of the call: one UPDATE, whatever their number. It leaves the reviews' updated_at as it was."""
    reviews = Review.__table__
    formula = _scored_criteria(select(review_total_column()).select_from(Score)).where(
        Score.assignment_id == reviews.c.assignment_id, Score.value.is_not(None)).scalar_subquery()
    if call_id is not None:
        assignment_ids = (select(Assignment.id).join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
                          .where(CaseStudy.call_id == call_id))
    return (update(reviews).where(reviews.c.assignment_id.in_(assignment_ids))
            .values(total=formula, updated_at=reviews.c.updated_at))


def _note_changes(session: Session, flush_context, instances) -> None:
    """Before a flush: the assignments whose scores or review it writes, the calls whose rubric it changes."""
    assignments, calls = session.info.setdefault(PENDING, (set(), set()))
    for obj in (*session.new, *session.dirty, *session.deleted):
        if obj in session.dirty and isinstance(obj, (Review, Score)) and only_audience_changed(obj):
            continue
        if isinstance(obj, Review) or isinstance(obj, Score) and not known_draft(session, obj.assignment_id):
            assignments.add(obj.assignment_id)
        elif isinstance(obj, Criterion) and obj in session.dirty:
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in RUBRIC_ATTRIBUTES):
                calls.add(obj.call_id)


def known_draft(session: Session, assignment_id: int) -> bool:
    """Whether the session already knows the assignment's review is not submitted (or not begun): its
    total then waits for the review's own next write, its submission, and the save costs no UPDATE."""
    assignment = session.identity_map.get(identity_key(Assignment, assignment_id))
    if assignment is None or "review" in inspect(assignment).unloaded:
        return False
    return assignment.review is None or assignment.review.submitted_at is None


def _refresh_after_flush(session: Session, flush_context) -> None:
    """After the flush: store the totals it changed, and let loaded reviews read them again."""
    assignments, calls = session.info.pop(PENDING, (set(), set()))
    assignments.discard(None)
    if not assignments and not calls:
        return
    connection = session.connection()  # the flush's own transaction, without another autoflush
    for call_id in calls:
        connection.execute(refresh_totals(call_id=call_id))
    if assignments:
        connection.execute(refresh_totals(assignment_ids=sorted(assignments)))
    for obj in session.identity_map.values():
        if isinstance(obj, Review):
            session.expire(obj, ["total"])


def keep_totals_current() -> None:
    """Have every session store review totals as it flushes (once per process, whatever the apps)."""
    if not event.contains(Session, "before_flush", _note_changes):
        event.listen(Session, "before_flush", _note_changes)
        event.listen(Session, "after_flush_postexec", _refresh_after_flush)


def review_totals_select(call_id: int, criterion_ids=(), among=None):
    """(assignment_id, case_study_id, reviewer_id, total) of every submitted review of an active
    assignment in the call that scored anything; with `criterion_ids`, each of those criteria's score
    as score_<id> too. With `among`, a subquery of case_study_id rows, only the reviews of those case
    studies, joined to it here (rather than outside, where both sides would be subqueries without an
    index to join them by)."""
    query = (
        select(Assignment.id.label("assignment_id"), Assignment.case_study_id, Assignment.reviewer_id,
               Review.total.label("total"))
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
        .join(Review, and_(Review.assignment_id == Assignment.id, Review.submitted_at.is_not(None),
                           Review.total.is_not(None)))
        .where(CaseStudy.call_id == call_id, Assignment.status == AssignmentStatus.ACTIVE.value)
    )
    if among is not None:
        query = query.join(among, among.c.case_study_id == Assignment.case_study_id)
    if not criterion_ids:
        return query
    scores = [func.max(case((Score.criterion_id == criterion_id, Score.value))).label(f"score_{criterion_id}")
              for criterion_id in criterion_ids]
    return (_scored_criteria(query.add_columns(*scores).join(
        Score, and_(Score.assignment_id == Assignment.id, Score.value.is_not(None))))
        .group_by(Assignment.id, Assignment.case_study_id, Assignment.reviewer_id, Review.total))


def review_totals(call_id: int):
    """The rows of review_totals_select, in one query."""
    return db.session.execute(review_totals_select(call_id)).all()
