"""The decision form of the editor's case-study page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...forms import WholeForm, plain_text
from ..labels import OUTCOME_LABELS


class DecisionForm(WholeForm):
    outcome = RadioField(_l("Decision"), choices=[SelectChoice(k, v) for k, v in OUTCOME_LABELS.items()],
                         validators=[InputRequired(_l("Choose accepted, waitlisted or rejected."))])
    rationale = TextAreaField(
        _l("Rationale"), validators=[DataRequired(_l("Say why: the rationale is kept with the scores.")),
                                     Length(max=5000), plain_text],
        description=_l("For the editorial team. Stored with a snapshot of the scores as they are now."))
    feedback = TextAreaField(_l("Feedback for the applicant"), validators=[Optional(), Length(max=5000), plain_text],
                             description=_l("Optional. The applicant sees it once decisions are released."))
    stamp = HiddenField(validators=[Length(max=64)])
