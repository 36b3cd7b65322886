"""Forms of the report queue page. Each section and entry has its own, prefixed with its id, so that
every control on the page has a unique id and label."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ...auth.economies import economies
from ...case_studies.fora import fora
from ...case_studies.labels import GROUP_SERVED_LABELS, ORGANISATION_TYPE_LABELS
from ...forms import WholeForm, plain_text
from ..models import EVERY_PANEL_ECONOMY, TargetKind

AT_LEAST, SHARE = "at_least", "share"
MAX_TARGET = 100_000  # more case studies than any call holds, and within every database's INTEGER


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


class TargetForm(WholeForm):
    """A target for the accepted set: what it counts (one select, grouped by kind, of "kind:value"), and
    either at least a number of case studies or at least a share of the set."""

    counted = SelectField(_l("What to count"), validate_choice=False,
                          validators=[InputRequired(_l("Choose what the target counts."))])
    measure = SelectField(_l("Target"), choices=[
        SelectChoice(AT_LEAST, _l("At least this many case studies")),
        SelectChoice(SHARE, _l("At least this percentage of the accepted set")),
    ], validators=[InputRequired(_l("Choose a number of case studies or a percentage."))])
    amount = IntegerField(_l("Number or percentage"), validators=[
        InputRequired(_l("Enter a whole number.")),
        NumberRange(min=1, max=MAX_TARGET, message=_l("Enter a whole number from 1."))],
        render_kw={"min": 1, "inputmode": "numeric"})

    def __init__(self, *args, counted: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.counted.choices = counted
        self.kind: str | None = None
        self.value: str | None = None

    def validate_counted(self, field) -> None:
        kind, _sep, value = (field.data or "").partition(":")
        if not any(choice.value == field.data for group in field.choices.values() for choice in group):
            raise ValidationError(_l("Choose one of the economies, fora, organisation types or groups listed."))
        self.kind, self.value = kind, value

    def validate_amount(self, field) -> None:
        if self.measure.data == SHARE and field.data is not None and not 1 <= field.data <= 100:
            raise ValidationError(_l("A percentage is from 1 to 100."))

    @property
    def at_least(self) -> int | None:
        return self.amount.data if self.measure.data == AT_LEAST else None

    @property
    def share(self) -> int | None:
        return self.amount.data if self.measure.data == SHARE else None


def counted_choices() -> dict[str, list[SelectChoice]]:
    """What a target may count, grouped by kind: every panel economy, then each economy, forum, organisation
    type and group served, each as "kind:value"."""
    economy, forum = TargetKind.ECONOMY.value, TargetKind.FORUM.value
    kind_type, group = TargetKind.ORGANISATION_TYPE.value, TargetKind.GROUP.value
    return {
        str(_l("Economies")): [SelectChoice(f"{economy}:{EVERY_PANEL_ECONOMY}", _l("Every panel economy"))] + [
            SelectChoice(f"{economy}:{e.code}", f"{e.label} ({e.code})")
            for e in sorted(economies(), key=lambda e: e.label.casefold())],
        str(_l("Fora")): [SelectChoice(f"{forum}:{f.id}", f.label) for f in fora()],
        str(_l("Organisation types")): [SelectChoice(f"{kind_type}:{code}", label)
                                        for code, label in ORGANISATION_TYPE_LABELS.items()],
        str(_l("Groups served")): [SelectChoice(f"{group}:{code}", label)
                                   for code, label in GROUP_SERVED_LABELS.items()],
    }
