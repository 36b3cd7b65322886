"""The decision form of the editor's case-study page, and the form that edits a case study's feedback."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...forms import WholeForm, plain_text
from ..labels import OUTCOME_LABELS
from .feedback import ITEM_TEXT_MAX as FEEDBACK_TEXT_MAX


class DecisionForm(WholeForm):
    outcome = RadioField(_l("Outcome"), choices=[SelectChoice(k, v) for k, v in OUTCOME_LABELS.items()],
                         validators=[InputRequired(_l("Choose accepted, waitlisted or rejected."))])
    rationale = TextAreaField(
        _l("Rationale"), validators=[DataRequired(_l("Say why: the rationale is kept with the scores.")),
                                     Length(max=5000), plain_text],
        description=_l("For the editorial team. Stored with a snapshot of the scores as they are now."))
    feedback = TextAreaField(_l("Feedback for the applicant"), validators=[Optional(), Length(max=5000), plain_text],
                             description=_l("Optional. The applicant sees it once decisions are released."))
    stamp = HiddenField(validators=[Length(max=64)])


FEEDBACK_LABELS = {"heading": _l("Heading"), "level": _l("Level the reviewers chose"),
                   "mean": _l("Mean level"), "comment": _l("A reviewer’s comment for the applicant")}


def build_feedback_form(items: list[dict], stamp: str, **kwargs) -> WholeForm:
    """A text (text_{n}) and a Remove box (remove_{n}) per feedback item, in order, and the stamp of the
    items the form was opened on, so that a save of other items than those shown is refused."""

    class FeedbackForm(WholeForm):
        stamp = HiddenField(validators=[Length(max=64)])

    for n, item in enumerate(items):
        setattr(FeedbackForm, f"text_{n}", TextAreaField(
            FEEDBACK_LABELS.get(item["kind"], FEEDBACK_LABELS["comment"]),
            validators=[Length(max=FEEDBACK_TEXT_MAX), plain_text]))
        setattr(FeedbackForm, f"remove_{n}", BooleanField(_l("Remove this item")))
    data = {f"text_{n}": item["text"] for n, item in enumerate(items)}
    return FeedbackForm(data={**data, "stamp": stamp}, **kwargs)


def edited_items(form, items: list[dict]) -> list[dict]:
    """The items as the editor left them: edited texts, without the removed or emptied ones."""
    kept = []
    for n, item in enumerate(items):
        text = (form[f"text_{n}"].data or "").strip()
        if text and not form[f"remove_{n}"].data:
            kept.append({**item, "text": text})
    return kept
