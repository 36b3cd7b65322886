"""Forms of the report queue page. Each section and entry has its own, prefixed with its id, so that
every control on the page has a unique id and label."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...forms import WholeForm, plain_text


class SectionForm(WholeForm):
    title = StringField(_l("Section title"), validators=[DataRequired(_l("Give the section a title.")),
                                                         Length(max=200), plain_text])


class EntrySectionForm(WholeForm):
    section_id = SelectField(_l("Move to section"), coerce=int,
                             validators=[InputRequired(_l("Choose a section."))])

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.section_id.choices = [SelectChoice(str(s.id), s.title) for s in sections]


class NoteForm(WholeForm):
    note = TextAreaField(_l("Editor’s note"), validators=[Optional(), Length(max=2000), plain_text],
                         description=_l("For the editorial team: never shown to the applicant or printed."))


class ConsentForm(WholeForm):
    how = StringField(_l("How the applicant gave consent"),
                      validators=[DataRequired(_l("Say how consent was given, for the audit trail.")),
                                  Length(max=500), plain_text],
                      description=_l("For example: “email from the contact person, 3 May”."))


def entry_prefix(entry_id: int) -> str:
    return f"entry-{entry_id}"


def section_prefix(section_id: int) -> str:
    return f"section-{section_id}"
