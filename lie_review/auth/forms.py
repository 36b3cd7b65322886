"""Account forms: register, log in, reset or change a password, accept an invitation, own details."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..forms import Form, WholeForm, optional_int, timezone_choices
from ..i18n import languages
from .economies import economies

PASSWORD_MIN = 10


def economy_choices(blank: str | None = None) -> list[SelectChoice]:
    """The seeded APEC economies as select options, by name."""
    choices = [SelectChoice(str(e.id), e.label) for e in sorted(economies(), key=lambda e: e.label.casefold())]
    return ([SelectChoice("", blank)] if blank is not None else []) + choices


def new_password_fields():
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=128)],
        description=lazy_ngettext("At least %(num)d character.", "At least %(num)d characters.", PASSWORD_MIN),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class RegisterForm(WholeForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password, confirm = new_password_fields()
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=200)],
                               render_kw={"autocomplete": "organization"})
    economy = SelectField(_l("Economy"), coerce=optional_int, validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.economy.choices = economy_choices(blank=str(_l("Choose an economy")))


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=128)],
                             render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})


class ResetPasswordForm(WholeForm):
    password, confirm = new_password_fields()


class AcceptInvitationForm(WholeForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)],
                       render_kw={"autocomplete": "name"})
    password, confirm = new_password_fields()



class AccountForm(WholeForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)],
                       render_kw={"autocomplete": "name"})
    timezone = SelectField(_l("Time zone"), description=_l("Dates and deadlines are shown in this zone."))
    locale = SelectField(_l("Language"), description=_l("Pages and the emails you receive are in this language."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices(SelectChoice("", _l("Each call's own time zone")))
        self.locale.choices = [SelectChoice(code, name) for code, name in languages().items()]


class ChangePasswordForm(WholeForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=128)],
                                     render_kw={"autocomplete": "current-password"})
    password, confirm = new_password_fields()
