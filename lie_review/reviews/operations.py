"""State changes of reviews: saving levels and comments, submitting, declaring a conflict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select

from .. import audit
from ..auth.models import User
from ..auth.tokens import hash_token, new_token
from ..clock import utcnow
from ..extensions import db
from ..i18n import mail_locale
from ..mail import external_url, send_mail
from .audience import is_for_applicant
from .models import Assignment, AssignmentStatus, Criterion, KeptReviewChange, Review, Score
from .queries import editors
from .scoring import ReviewTotal, level_fits, review_total

REVIEW_FIELDS = ("overall_comment", "recommendation", "confidence", "overall_comment_for_applicant")
KEPT_CHANGE_DAYS = 2


@dataclass(eq=False)  # an exception stays hashable, as tracebacks expect
class IncompleteReview(Exception):
    """What a review still lacks before it can be submitted (or stay submitted)."""

    unscored: list[int] = field(default_factory=list)
    overall_comment_missing: bool = False


def save_score(*, assignment: Assignment, criterion: Criterion, actor: User | None, value: int | None = None,
               comment: str | None = None, for_applicant: bool | None = None, existing: Score | None = None,
               looked_up: bool = False) -> Score | None:
    """Set one criterion's level, comment and/or who may read the comment (None leaves each as it is),
    creating the score row if needed (not for the mark alone, which travels again with the next save).

    `looked_up`: `existing` was read under the lock, so None means no row is stored and none is looked for.
    The caller holds the assignment's row lock (see queries.get_assignment_or_404), so two quick
    saves of one criterion run one after the other and the later one's value stays.
    """
    if value is not None and not level_fits(value, criterion):
        raise ValueError(f"level {value} is outside {criterion.scale_min}..{criterion.scale_max}")
    score = existing
    if score is None and not looked_up:
        score = db.session.execute(
            db.select(Score).where(Score.assignment_id == assignment.id, Score.criterion_id == criterion.id)
        ).scalar_one_or_none()
    if score is None:
        if value is None and not (comment or "").strip():
            return None  # nothing to keep: no empty row that would mark the review as started
        score = Score(assignment_id=assignment.id, criterion_id=criterion.id, value=None, comment="")
        db.session.add(score)
    new = {}
    if value is not None:
        new["value"] = value
    if comment is not None:
        new["comment"] = comment.strip()
    if for_applicant is not None:
        new["comment_for_applicant"] = for_applicant
    before, after = audit.changes(score, ("value", "comment", "comment_for_applicant"), **new)
    if after:
        db.session.flush()
        audit.record("score.saved", object_type="assignment", object_id=assignment.id, actor=actor,
                     call_id=assignment.case_study.call_id,
                     before={"criterion_id": criterion.id, **before},
                     after={"criterion_id": criterion.id, **after})
    return score


@dataclass(frozen=True)
class CriterionSaved:
    """What the scoring page shows after one criterion's save: its score row and the review's new total."""

    score: Score | None
    total: ReviewTotal


def save_criterion(*, assignment: Assignment, criteria: list[Criterion], scores: dict[int, Score],
                   criterion: Criterion, value: int | None, comment: str | None,
                   actor: User | None, version_read: str | None = None,
                   for_applicant: bool | None = None) -> CriterionSaved:
    """Save one criterion (see save_score), and the version of the case study read, and return the live total,
    from the call's active `criteria` and all the assignment's `scores` on them, read under the lock, so
    nothing is read again, before the write or after it."""
    score = save_score(assignment=assignment, criterion=criterion, actor=actor, value=value, comment=comment,
                       for_applicant=for_applicant, existing=scores.get(criterion.id), looked_up=True)
    levels = {cid: s.value for cid, s in scores.items()}
    if score is not None:
        note_version_read(assignment=assignment, version_read=version_read, actor=actor)
        levels[criterion.id] = score.value
    return CriterionSaved(score, review_total(levels, criteria))


def save_scores(*, assignment: Assignment, criteria: list[Criterion], levels: dict[int, int | None],
                comments: dict[int, str | None], existing: dict[int, Score], actor: User | None,
                audiences: dict[int, bool | None] | None = None) -> dict[int, Score]:
    """Save every criterion of a whole-form post, reusing the score rows already loaded; return them all."""
    scores, audiences = dict(existing), audiences or {}
    for criterion in criteria:
        score = save_score(assignment=assignment, criterion=criterion, actor=actor, value=levels.get(criterion.id),
                           comment=comments.get(criterion.id), for_applicant=audiences.get(criterion.id),
                           existing=existing.get(criterion.id))
        if score is not None:
            scores[criterion.id] = score
    return scores


def save_review(*, assignment: Assignment, actor: User | None, overall_comment: str | None = None,
                recommendation: str | None = None, confidence: int | None = None,
                overall_audience: str | None = None, version_read: str | None = None) -> Review | None:
    """Set the overall comment, recommendation, confidence and who may read the comment (overall_audience,
    the form's value), and the version of the case study read (None leaves each as it is). The version or
    the mark alone makes no review: there is nothing yet they were for.

    A submitted review must stay complete while it is revised, so emptying its overall comment
    raises IncompleteReview and changes nothing.
    """
    review = assignment.review
    new = {}
    if overall_comment is not None:
        new["overall_comment"] = overall_comment.strip()
    if recommendation is not None:
        new["recommendation"] = recommendation
    if confidence is not None:
        new["confidence"] = confidence
    written = any(new.values())
    if overall_audience is not None:
        new["overall_comment_for_applicant"] = is_for_applicant(overall_audience)
    if version_read is not None:
        new["version_read"] = version_read
    if review is not None and review.submitted_at is not None and new.get("overall_comment") == "":
        raise IncompleteReview(overall_comment_missing=True)
    if review is None:
        if not written:
            return None
        review = Review(assignment=assignment, overall_comment="")
        db.session.add(review)
    before, after = audit.changes(review, (*REVIEW_FIELDS, "version_read"), **new)
    if after:
        db.session.flush()
        audit.record("review.saved", object_type="assignment", object_id=assignment.id, actor=actor,
                     call_id=assignment.case_study.call_id, before=before, after=after)
    return review


def note_version_read(*, assignment: Assignment, version_read: str | None, actor: User | None) -> None:
    """Record the version of the case study (original or English) the reviewer had on screen as they saved
    a score, starting the review row if this is its first save; None changes nothing."""
    if version_read is None:
        return
    review = assignment.review
    if review is None:
        review = Review(assignment=assignment, overall_comment="")
        db.session.add(review)
    before, after = audit.changes(review, ("version_read",), version_read=version_read)
    if after:
        db.session.flush()
        audit.record("review.saved", object_type="assignment", object_id=assignment.id, actor=actor,
                     call_id=assignment.case_study.call_id, before=before, after=after)


def submit_review(*, assignment: Assignment, criteria: list[Criterion], levels: dict[int, int | None],
                  actor: User | None) -> Review:
    """Mark the review submitted once every active criterion has a level and the overall comment is written."""
    review = assignment.review
    missing = IncompleteReview(
        unscored=[c.id for c in criteria if not level_fits(levels.get(c.id), c)],
        overall_comment_missing=review is None or not review.overall_comment.strip(),
    )
    if missing.unscored or missing.overall_comment_missing:
        raise missing
    if review.submitted_at is None:
        review.submitted_at = utcnow()
        audit.record("review.submitted", object_type="assignment", object_id=assignment.id, actor=actor,
                     call_id=assignment.case_study.call_id, before={"submitted_at": None},
                     after={"submitted_at": review.submitted_at})
    db.session.flush()
    return review


def save_whole_review(*, assignment: Assignment, criteria: list[Criterion], existing: dict[int, Score],
                      levels: dict[int, int | None], comments: dict[int, str | None], overall: dict,
                      submit: bool, actor: User | None, version_read: str | None = None,
                      audiences: dict[int, bool | None] | None = None,
                      ) -> tuple[dict[int, Score], IncompleteReview | None]:
    """Save a whole-form post and, if asked, submit it; return the scores and what a submit still lacks.

    Whatever could be saved is saved even when the submission has to wait, so the caller commits
    either way and a failed submit loses nothing.
    """
    try:
        save_review(assignment=assignment, actor=actor, version_read=version_read, **overall)
    except IncompleteReview as missing:
        return existing, missing
    scores = save_scores(assignment=assignment, criteria=criteria, existing=existing, levels=levels,
                         comments=comments, audiences=audiences, actor=actor)
    if scores:
        note_version_read(assignment=assignment, version_read=version_read, actor=actor)
    if submit:
        try:
            submit_review(assignment=assignment, criteria=criteria, actor=actor,
                          levels={cid: score.value for cid, score in scores.items()})
        except IncompleteReview as missing:
            return scores, missing
    return scores, None


def keep_review_change(*, assignment: Assignment, fields: dict[str, str], based_on: dict[str, str],
                       token: str | None) -> str:
    """Keep a score save posted when the session or form had expired, with what was stored for its fields
    then; return the secret that finds it again. A later save kept in the same browser (`token`) joins it:
    its values win, the first one's record of what was stored stays."""
    now = utcnow()
    db.session.execute(delete(KeptReviewChange).where(
        KeptReviewChange.created_at < now - timedelta(days=KEPT_CHANGE_DAYS)))
    kept = _kept_change(token, assignment) if token else None
    if kept is None:
        token, digest = new_token()
        kept = KeptReviewChange(token_hash=digest, assignment_id=assignment.id, fields={}, based_on={},
                                created_at=now)
        db.session.add(kept)
    kept.fields = {**kept.fields, **fields}
    kept.based_on = {**{name: based_on.get(name, "") for name in fields}, **kept.based_on}
    db.session.flush()
    # Kept because the session had ended or could not be trusted: there is no signed-in actor.
    audit.record("review.change_kept", object_type="assignment", object_id=assignment.id, actor=None,
                 call_id=assignment.case_study.call_id, after={"fields": sorted(fields)})
    return token


def take_kept_review_change(*, token: str, assignment: Assignment) -> KeptReviewChange | None:
    """The change kept for this assignment under `token`, once: it is deleted as it is handed back."""
    kept = _kept_change(token, assignment)
    if kept is not None:
        db.session.delete(kept)
        db.session.flush()
    return kept


def _kept_change(token: str, assignment: Assignment) -> KeptReviewChange | None:
    return db.session.execute(select(KeptReviewChange).where(
        KeptReviewChange.token_hash == hash_token(token), KeptReviewChange.assignment_id == assignment.id,
        KeptReviewChange.created_at >= utcnow() - timedelta(days=KEPT_CHANGE_DAYS),
    )).scalar_one_or_none()


def save_kept_review_change(*, assignment: Assignment, criteria: list[Criterion], existing: dict[int, Score],
                            levels: dict[int, int | None], comments: dict[int, str | None], overall: dict,
                            not_saved: list[str], actor: User | None, version_read: str | None = None,
                            audiences: dict[int, bool | None] | None = None) -> IncompleteReview | None:
    """Save what a kept change still may (see kept.settle), without submitting, and record what became
    of it, the fields `not_saved` too; return what stopped its overall part (a submitted review's comment
    emptied), if anything."""
    save_scores(assignment=assignment, criteria=criteria, existing=existing, levels=levels, comments=comments,
                audiences=audiences, actor=actor)
    saved = [f"criterion_{cid}" for cid, v in levels.items() if v is not None]
    saved += [f"comment_{cid}" for cid, c in comments.items() if c is not None]
    saved += [f"audience_{cid}" for cid, a in (audiences or {}).items() if a is not None]
    missing = None
    try:
        save_review(assignment=assignment, actor=actor, **overall)
        saved += list(overall)
    except IncompleteReview as refused:
        missing, not_saved = refused, [*not_saved, *overall]
    if saved:
        note_version_read(assignment=assignment, version_read=version_read, actor=actor)
    audit.record("review.kept_change_taken", object_type="assignment", object_id=assignment.id, actor=actor,
                 call_id=assignment.case_study.call_id,
                 after={"saved": sorted(saved), "not_saved": sorted(not_saved)})
    return missing


def declare_conflict(*, assignment: Assignment, reason: str, actor: User | None) -> None:
    """Take the assignment off the reviewer's list, keep its scores (excluded from every total), tell the editors."""
    before, after = audit.changes(assignment, ("status", "conflict_reason"),
                                  status=AssignmentStatus.CONFLICT.value, conflict_reason=reason.strip())
    assignment.conflict_declared_at = utcnow()
    db.session.flush()
    audit.record("assignment.conflict_declared", object_type="assignment", object_id=assignment.id, actor=actor,
                 call_id=assignment.case_study.call_id, before=before, after=after)
    case_study = assignment.case_study
    for editor in editors():
        send_mail(editor.email, "review_conflict", locale=mail_locale(editor), editor=editor,
                  reviewer=assignment.reviewer,
                  case_study=case_study, reason=assignment.conflict_reason,
                  url=external_url("editorial.calls"))
