"""Forms of assignment: a reviewer to add by hand, the auto-assignment plan to apply."""

from __future__ import annotations

from wtforms import HiddenField, IntegerField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from ...forms import MAX_ID, WholeForm


class AssignForm(WholeForm):
    reviewer_id = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])


class AutoAssignForm(WholeForm):
    plan = HiddenField(validators=[DataRequired(), Length(max=64)])
