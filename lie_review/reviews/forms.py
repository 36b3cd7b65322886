"""The review form, built from the call's rubric (fields criterion_{id}, comment_{id} and audience_{id}, who
may read the comment), and the conflict form."""

from __future__ import annotations

import re
from functools import lru_cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..case_studies.models import CaseStudy
from ..case_studies.versions import has_english_version, version_to_show
from ..forms import Form, WholeForm, optional_int, plain_text
from ..i18n import current_locale, translated_once
from ..translatable import localized
from ..widgets import TextAreaField
from .audience import EDITORS_ONLY, FOR_APPLICANT, audience_of
from .labels import CONFIDENCE_LABELS, RECOMMENDATION_LABELS
from .models import Criterion, Review, Score

COMMENT_MAX = 5000
OVERALL_MAX = 10000
REASON_MAX = 2000

OVERALL_FIELDS = ("overall_comment", "recommendation", "confidence", "overall_audience")
_CRITERION_KEY = re.compile(r"(?:criterion|comment|audience)_(\d+)")
_LEVEL = re.compile(r"[0-9]{1,2}")


def criterion_field(name: str, criterion_id: int) -> str:
    return f"{name}_{criterion_id}"


def part_of(name: str) -> str | None:
    """The part of the review a posted field belongs to: its criterion's id (as text) for a level or
    comment, "overall" for the overall comment, recommendation and confidence, else None."""
    if name in OVERALL_FIELDS:
        return "overall"
    match = _CRITERION_KEY.fullmatch(name)
    return match.group(1) if match else None


def level_choices(criterion: Criterion, locale: str | None = None) -> tuple[tuple[str, str], ...]:
    """One (value, label) per level of the scale, labelled with its descriptor in the reader's language."""
    descriptors = {level.value: localized(level, "descriptor", locale) for level in criterion.levels}
    return tuple((str(value), descriptors.get(value, ""))
                 for value in range(criterion.scale_min, criterion.scale_max + 1))


def build_review_form(criteria: list[Criterion], review: Review | None = None,
                      scores: dict[int, Score] | None = None, *, whole: bool = False, **kwargs) -> Form:
    """A form with a level (criterion_{id}) and a comment (comment_{id}) per criterion, and the overall part.

    Nothing is required here: saving a partial review is always allowed. Completeness is the
    submit operation's rule, so a failed submit still saves what was sent. A `whole` form is the
    page's form posted without JavaScript, which must arrive whole; the htmx saves send a part.
    """
    scores = scores or {}
    data = {}
    for criterion in criteria:
        score = scores.get(criterion.id)
        data[criterion_field("criterion", criterion.id)] = score.value if score else None
        data[criterion_field("comment", criterion.id)] = score.comment if score else ""
        data[criterion_field("audience", criterion.id)] = audience_of(score.comment_for_applicant if score else False)
    data["overall_audience"] = audience_of(review.overall_comment_for_applicant if review else False)
    if review is not None:
        data.update(overall_comment=review.overall_comment, recommendation=review.recommendation,
                    confidence=review.confidence)
    locale = current_locale()
    rubric = tuple((c.id, localized(c, "label", locale), c.scale_min, level_choices(c, locale)) for c in criteria)
    return _review_form_class(whole, locale, rubric)(data=data, **kwargs)


# A form class per rubric as the reader sees it (its labels and levels in their language), kept for the
# next request: making the class cost more than filling it in. A rubric edited makes another key.
@lru_cache(maxsize=256)
def _review_form_class(whole: bool, locale: str, rubric: tuple) -> type[Form]:
    class ReviewForm(WholeForm if whole else Form):
        overall_comment = TextAreaField(
            _l("Overall comment"), validators=[Length(max=OVERALL_MAX), plain_text],
            description=_l("Required to submit. What makes this case study worth publishing, or not?"))
        recommendation = RadioField(
            _l("Recommendation"), validators=[Optional()],
            choices=[SelectChoice(value, label) for value, label in translated_once(RECOMMENDATION_LABELS).items()])
        confidence = RadioField(
            _l("Your confidence in this review"), coerce=optional_int, validators=[Optional()],
            choices=[SelectChoice(str(value), label) for value, label in translated_once(CONFIDENCE_LABELS).items()])
        overall_audience = _audience_field(_l("Who may read your overall comment?"))

    for criterion_id, label, scale_min, levels in rubric:
        level, comment = criterion_field("criterion", criterion_id), criterion_field("comment", criterion_id)
        # The field's id is its first radio's, so the error summary's link lands on the group.
        setattr(ReviewForm, level, RadioField(label, coerce=optional_int, validators=[Optional()],
                                              choices=[SelectChoice(value, text) for value, text in levels],
                                              id=f"{level}-{scale_min}"))
        setattr(ReviewForm, comment, TextAreaField(
            _("Comment on “%(label)s” (optional)", label=label),
            validators=[Length(max=COMMENT_MAX), plain_text]))
        setattr(ReviewForm, criterion_field("audience", criterion_id),
                _audience_field(_("Who may read your comment on “%(label)s”?", label=label)))
    return ReviewForm


def _audience_field(label) -> RadioField:
    return RadioField(label, validators=[Optional()], choices=[
        SelectChoice(EDITORS_ONLY, _l("The editors only")),
        SelectChoice(FOR_APPLICANT, _l("The editors and the applicant, in their feedback (without your name)")),
    ])


def foreign_or_off_scale(formdata, criteria: list[Criterion], only_these: bool = False) -> str | None:
    """Why a post cannot come from this rubric — a criterion of another call, a level off the scale — or None.

    With `only_these`, fields of other criteria are ignored rather than refused (a one-criterion save).
    """
    known = {c.id: c for c in criteria}
    for key in formdata.keys():
        match = _CRITERION_KEY.fullmatch(key)
        if match and int(match.group(1)) not in known and not only_these:
            return _("Criterion %(id)s is not part of this call's rubric.", id=match.group(1))
    for criterion in criteria:
        for raw in formdata.getlist(criterion_field("criterion", criterion.id)):
            if raw == "":
                continue
            if not _LEVEL.fullmatch(raw) or not criterion.scale_min <= int(raw) <= criterion.scale_max:
                return _("“%(level)s” is not a level of “%(label)s”: choose a level from %(low)d to %(high)d.",
                         level=raw[:20], label=criterion.text("label"), low=criterion.scale_min,
                         high=criterion.scale_max)
    return None


def version_read(formdata, case_study: CaseStudy) -> str | None:
    """The version of the case study on the reviewer's screen as they saved (the form's version_read), or
    None when the post does not say, which leaves the version recorded as it was."""
    if "version_read" not in formdata:
        return None
    has_english = has_english_version(case_study.language, case_study.english_version)
    return version_to_show(formdata.get("version_read"), has_english=has_english).value


class ConflictForm(WholeForm):
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(), Length(max=REASON_MAX), plain_text],
        description=_l("For example: you advised this organisation, or you work with the applicant. "
                       "Only the editors see this."))
