"""Forms of exports: the shortlist's format, chosen by the button pressed, and the report draft's button."""

from __future__ import annotations

from wtforms import SelectChoice, SelectField
from wtforms.validators import InputRequired

from ..forms import WholeForm
from .files import SHORTLIST_FORMATS


class ShortlistForm(WholeForm):
    """The waitlist and contact checkboxes are read as the direct downloads read them (y or nothing)."""

    format = SelectField(choices=[SelectChoice(fmt, fmt) for fmt in SHORTLIST_FORMATS], validators=[InputRequired()])


class ReportDraftForm(WholeForm):
    """Only the CSRF token and the end of the form travel."""
