"""The feedback an applicant is sent with the decision, built from the submitted reviews of active
assignments: per active criterion the levels the reviewers chose (with how many chose each) and the mean
level on the criterion's own scale, then the comments the reviewers marked for the applicant. Never a
reviewer's name, economy or total, nor a comment marked for the editors only.

It is written in the applicant's language, as the email and their page show it; the editor edits or
removes any item before release (operations.save_feedback), and what was released is all the applicant
ever reads (Feedback.released_items).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from flask_babel import force_locale, format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, select

from ...case_studies.models import CaseStudy
from ...extensions import db
from ...i18n import mail_locale
from ...reviews.models import Assignment, AssignmentStatus, Criterion, Review, Score
from ...reviews.queries import criteria_of
from ...reviews.scoring import level_fits
from ...translatable import localized
from ..models import Feedback

HEADING, LEVEL, MEAN, COMMENT = "heading", "level", "mean", "comment"
ITEM_TEXT_MAX = 5000


@dataclass(frozen=True)
class Reviewed:
    """What the submitted reviews of one case study give its feedback: (criterion, level) of every score,
    the comments marked for the applicant per criterion (score id, text) and the overall ones."""

    levels: list[tuple[int, int]]
    comments: dict[int, list[tuple[int, str]]]
    overall: list[tuple[int, str]]


def _submitted(case_study_ids):
    return (select(Assignment.case_study_id).join(Review, and_(Review.assignment_id == Assignment.id,
                                                              Review.submitted_at.is_not(None)))
            .where(Assignment.case_study_id.in_(case_study_ids), Assignment.status == AssignmentStatus.ACTIVE.value))


def reviewed(case_study_ids: list[int]) -> dict[int, Reviewed]:
    """Each case study's Reviewed, in two queries whatever their number."""
    found = {cid: Reviewed([], defaultdict(list), []) for cid in case_study_ids}
    if not case_study_ids:
        return found
    scores = db.session.execute(_submitted(case_study_ids).add_columns(
        Score.id, Score.criterion_id, Score.value, Score.comment, Score.comment_for_applicant)
        .join(Score, Score.assignment_id == Assignment.id).order_by(Assignment.id, Score.id))
    for row in scores:
        entry = found[row.case_study_id]
        if row.value is not None:
            entry.levels.append((row.criterion_id, row.value))
        if row.comment_for_applicant and row.comment.strip():
            entry.comments[row.criterion_id].append((row.id, row.comment.strip()))
    overall = db.session.execute(_submitted(case_study_ids).add_columns(Review.id, Review.overall_comment)
                                 .where(Review.overall_comment_for_applicant.is_(True)).order_by(Assignment.id))
    for row in overall:
        if row.overall_comment.strip():
            found[row.case_study_id].overall.append((row.id, row.overall_comment.strip()))
    return found


def build_summary(criteria: list[Criterion], reviews: Reviewed, locale: str) -> list[dict]:
    """The default feedback items, in `locale`: a heading per criterion some reviewer scored, a line per
    level chosen (highest first, with how many chose it), the mean level and the comments for the applicant;
    then the overall comments for the applicant under a heading of their own."""
    items = []
    with force_locale(locale):
        for criterion in criteria:
            chosen = Counter(value for cid, value in reviews.levels
                             if cid == criterion.id and level_fits(value, criterion))
            comments = reviews.comments.get(criterion.id, [])
            if not chosen and not comments:
                continue
            items.append(_item(f"c{criterion.id}", HEADING, localized(criterion, "label", locale)))
            descriptors = {level.value: localized(level, "descriptor", locale) for level in criterion.levels}
            for value in sorted(chosen, reverse=True):
                items.append(_item(f"c{criterion.id}-l{value}", LEVEL, ngettext(
                    "Level %(value)d of %(high)d — %(descriptor)s (chosen by %(num)d reviewer)",
                    "Level %(value)d of %(high)d — %(descriptor)s (chosen by %(num)d reviewers)",
                    chosen[value], value=value, high=criterion.scale_max, descriptor=descriptors.get(value, ""))))
            if chosen:
                mean = sum(value * n for value, n in chosen.items()) / sum(chosen.values())
                items.append(_item(f"c{criterion.id}-mean", MEAN, _(
                    "Mean level: %(mean)s on the scale from %(low)d to %(high)d",
                    mean=format_decimal(mean, format="#,##0.0"), low=criterion.scale_min, high=criterion.scale_max)))
            items += [_item(f"s{score_id}", COMMENT, text) for score_id, text in comments]
        if reviews.overall:
            items.append(_item("overall", HEADING, _("Overall")))
            items += [_item(f"r{review_id}", COMMENT, text) for review_id, text in reviews.overall]
    return items


def _item(key: str, kind: str, text: str) -> dict:
    return {"key": key, "kind": kind, "text": text}


def feedback_rows(case_study_ids: list[int], *, for_update: bool = False) -> dict[int, Feedback]:
    """The stored feedback of each of the case studies that has one, in one query."""
    if not case_study_ids:
        return {}
    query = select(Feedback).where(Feedback.case_study_id.in_(case_study_ids))
    if for_update:
        query = query.with_for_update()
    return {row.case_study_id: row for row in db.session.execute(query).scalars()}


def feedback_items(case_studies: list[CaseStudy], call_id: int,
                   stored: dict[int, Feedback] | None = None) -> dict[int, list[dict]]:
    """What each case study's applicant would be sent now: the editor's saved version, else the summary
    built from the reviews in the applicant's language; a constant number of queries for any number."""
    stored = feedback_rows([cs.id for cs in case_studies]) if stored is None else stored
    result = {cs.id: list(stored[cs.id].items) for cs in case_studies if cs.id in stored and stored[cs.id].edited}
    built = [cs for cs in case_studies if cs.id not in result]
    if built:
        criteria, reviews = criteria_of(call_id, active_only=True), reviewed([cs.id for cs in built])
        for cs in built:  # the callers load the applicants with the case studies
            result[cs.id] = build_summary(criteria, reviews[cs.id], mail_locale(cs.applicant))
    return result
