"""Admin forms: list filters, a person's roles and details, invitations, the CSV upload."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import (
    DateField,
    EmailField,
    Form,
    IntegerField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from ..auth.economies import economies
from ..auth.forms import economy_choices
from ..auth.labels import ROLE_LABELS
from ..auth.models import Invitation, Role, User
from ..auth.operations import normalise_email
from ..case_studies.models import Call
from ..extensions import db
from ..forms import MAX_ID, MultiCheckboxField, WholeForm, optional_int


def role_choices(blank: str | None = None) -> list[SelectChoice]:
    return ([SelectChoice("", blank)] if blank is not None else []) + [
        SelectChoice(role, label) for role, label in ROLE_LABELS.items()]


def economy_code_choices(blank: str) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(e.code, e.label)
                                        for e in sorted(economies(), key=lambda e: e.label.casefold())]


def filter_args(form: Form, names: tuple[str, ...]) -> dict:
    """A filter form's valid, non-empty values: they feed the query and rebuild the URL for the pager."""
    return {name: form[name].data for name in names if form[name].data not in (None, "") and not form[name].errors}


class PeopleFilterForm(Form):
    """The people list's search and filters, read from the query string (no CSRF for a GET)."""

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=200)],
                    description=_l("Name, email or organisation."))
    role = SelectField(_l("Role"), default="")
    economy = SelectField(_l("Economy"), default="")
    status = SelectField(_l("Status"), default="", choices=[
        SelectChoice("", _l("Everyone")), SelectChoice("active", _l("Active accounts")),
        SelectChoice("inactive", _l("Deactivated accounts")), SelectChoice("invited", _l("Invitation pending")),
    ])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices(blank=str(_l("Any role")))
        self.economy.choices = economy_code_choices(blank=str(_l("Any economy")))


REVIEWER_NEEDS_ECONOMY = _l("A reviewer belongs to an economy's panel: choose the economy.")


def _check_reviewer_economy(form, reviewer: bool) -> bool:
    """A form-level check (an Optional() economy field skips its own validators when blank)."""
    if reviewer and form.economy.data is None and not form.economy.errors:
        form.economy.errors.append(REVIEWER_NEEDS_ECONOMY)
        return False
    return True


class InviteForm(WholeForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"))
    economy = SelectField(_l("Economy"), coerce=optional_int, validators=[Optional()])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()
        self.economy.choices = economy_choices(blank=str(_l("None")))

    def validate_email(self, field):
        email = normalise_email(field.data or "")
        if db.session.execute(select(User.id).where(User.email == email)).first():
            raise ValidationError(_l("This address already has an account: change its roles on the person's page."))
        if db.session.execute(select(Invitation.id).where(
                Invitation.email == email, Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None))).first():
            raise ValidationError(_l("This address has already been invited: resend the invitation from "
                                     "the people list."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return _check_reviewer_economy(self, self.role.data == Role.REVIEWER.value) and valid


class RolesForm(WholeForm):
    roles = MultiCheckboxField(_l("Roles"))

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.roles.choices = role_choices()

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one role. To stop someone signing in, deactivate "
                                     "the account instead."))
        if Role.REVIEWER.value in field.data and self.person.economy_id is None:
            raise ValidationError(_l("A reviewer belongs to an economy's panel: set this person's economy first."))


class DetailsForm(WholeForm):
    economy = SelectField(_l("Economy"), coerce=optional_int, validators=[Optional()])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.economy.choices = economy_choices(blank=str(_l("None")))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return _check_reviewer_economy(self, self.person.has_role(Role.REVIEWER)) and valid


class UploadForm(WholeForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file to upload."))],
                     render_kw={"accept": ".csv,text/csv"})


class SendBatchForm(WholeForm):
    """Send on a preview: the batch is in the URL, kept on the server; the form carries only its token."""


class AuditFilterForm(Form):
    actor = SearchField(_l("Who"), validators=[Optional(), Length(max=200)],
                        description=_l("Part of a name or email address."))
    action = SearchField(_l("Action"), validators=[Optional(), Length(max=64)],
                         description=_l("Its beginning is enough: “invitation” finds every invitation event."))
    object_type = SearchField(_l("Object type"), validators=[Optional(), Length(max=32)],
                              description=_l("For example user, invitation, case_study."))
    object_id = IntegerField(_l("Object number"), validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    call_id = SelectField(_l("Call"), coerce=optional_int, validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To (inclusive)"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        calls = db.session.execute(select(Call.id, Call.title).order_by(Call.opens_at.desc())).all()
        self.call_id.choices = [SelectChoice("", _l("Any call"))] + [
            SelectChoice(str(i), title) for i, title in calls]


class OutboxFilterForm(Form):
    to = SearchField(_l("Recipient"), validators=[Optional(), Length(max=254)],
                     description=_l("Part of the address."))
    state = SelectField(_l("State"), default="", choices=[
        SelectChoice("", _l("Any")), SelectChoice("queued", _l("Queued")), SelectChoice("sending", _l("Sending")),
        SelectChoice("sent", _l("Sent")), SelectChoice("failed", _l("Failed"))])
