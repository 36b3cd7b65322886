"""What every domain's forms share: whole posts, the control-character policy, whether a text was
stored as sent, optional ids, the time-zone list, buttons, and the fields that carry a text's translations."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import ClassVar
from zoneinfo import available_timezones

from babel import support
from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    DateTimeField,
    DecimalField,
    Field,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.core import UnboundField
from wtforms.i18n import messages_path
from wtforms.validators import AnyOf, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .bodies import IncompleteBody
from .i18n import html_lang, languages
from .translatable import filled, translation, translation_locales

# The largest id an INTEGER column holds on every database.
MAX_ID = 2**31 - 1

# The last field of every form the pages post, after its buttons: a browser sends fields in page
# order, so a body that has it was not cut short, whatever its length says.
FORM_END = "form_end"
# What a browser sends whenever it sends the form: text, hidden, number and single-choice controls.
# Not checkboxes or radios (unsent while nothing is chosen), several-choice lists, files or buttons.
_ALWAYS_SENT = (StringField, SelectField, IntegerField, DecimalField, FloatField, DateTimeField)
_SOMETIMES_SENT = (RadioField, SelectMultipleField)


class _WTFormsMessages:
    """WTForms' own messages ("Not a valid choice.") in the request's language, each catalog read once per
    process: Flask-WTF reads it from disk again in every request that validates a choice left empty."""

    def gettext(self, string: str) -> str:
        return _wtforms_catalog().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog().ungettext(singular, plural, n)


def _wtforms_catalog():
    # Outside a request there is no reader, and Flask-WTF leaves the messages in English.
    return _wtforms_catalog_of(get_locale()) if has_request_context() else support.NullTranslations()


@cache
def _wtforms_catalog_of(locale):
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


WTFORMS_MESSAGES = _WTFormsMessages()


class Form(FlaskForm):
    """The base of every form: a FlaskForm whose WTForms messages come from catalogs read once."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return WTFORMS_MESSAGES


def form_end() -> Markup:
    """Template global: the end-of-form marker, placed right before </form>."""
    return Markup(f'<input type="hidden" name="{FORM_END}" value="1">')


class WholeForm(Form):
    """A form whose post replaces what the page showed: refused with 400 unless it arrived whole.

    Whole means its end marker came, and every field a browser always sends came, so a field left
    out is never read as emptied. A field the page shows only sometimes is left out of
    `always_sent()` by the form that knows when.
    """

    def __init__(self, *args, **kwargs):
        self.posted = not args and "formdata" not in kwargs and self.is_submitted()
        super().__init__(*args, **kwargs)

    def always_sent(self) -> list[Field]:
        # The CSRF token has its own check, under its own name.
        return [f for f in self if isinstance(f, _ALWAYS_SENT) and not isinstance(f, _SOMETIMES_SENT)
                and f.type != "CSRFTokenField"]

    def check_whole(self) -> None:
        """Refuse a post that did not arrive whole (IncompleteBody, a 400), before anything reads it."""
        if self.posted:
            missing = [f.name for f in self.always_sent() if f.name not in request.form]
            if request.form.get(FORM_END) != "1" or missing:
                current_app.logger.info("incomplete post to %s: %s", request.path,
                                        ", ".join(missing) or "no end marker")
                raise IncompleteBody()

    def validate(self, extra_validators=None) -> bool:
        self.check_whole()
        return super().validate(extra_validators)

# Control characters: none can be typed, a NUL cannot even be stored by PostgreSQL. Tab and line
# breaks are text. A short field someone typed refuses them (plain_text), so the person sees why;
# long pasted text and uploaded files have them dropped (strip_control), since they come from
# word processors and spreadsheets rather than a keyboard.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str | None) -> bool:
    return bool(text) and CONTROL_CHARACTERS.search(text) is not None


def strip_control(text: str) -> str:
    """The text without control characters; line breaks and tabs stay."""
    return CONTROL_CHARACTERS.sub("", text)


def same_text(sent: str | None, stored: str | None) -> bool:
    """Whether `stored` says what `sent` said, whitespace aside.

    Saves trim the ends of a text, collapse the spaces of a one-line field and turn CRLF into LF,
    which changes nothing a reader sees; a dropped control character or an added "https://" does
    change the text, and the person is told so rather than shown "Saved".
    """
    return (sent or "").split() == (stored or "").split()


def plain_text(form, field) -> None:
    """Validator: refuse text holding control characters."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(_l("This text contains control characters, which cannot be saved: "
                                 "remove them and try again."))


def finite(form, field) -> None:
    """Validator: refuse NaN and infinity, which a float field otherwise accepts."""
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError(_l("Enter a number."))


def optional_int(value) -> int | None:
    """Coerce for a select of ids: the blank choice is None."""
    if value in (None, ""):
        return None
    return int(value)


@cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone of a place ("Asia/Taipei"), without the legacy aliases."""
    return tuple(sorted(name for name in available_timezones()
                        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))))


def timezone_choices(first: SelectChoice) -> list[SelectChoice]:
    """`first` (UTC, or "each call's own zone"), then every zone of a place."""
    return [first] + [SelectChoice(name, name.replace("_", " ")) for name in timezone_names()]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ActionForm(Form):
    """A button that changes state: only the CSRF token travels."""


class MoveForm(Form):
    """Move something one place up or down."""

    direction = HiddenField(validators=[AnyOf(["up", "down"])])

    @property
    def offset(self) -> int:
        return -1 if self.direction.data == "up" else 1


@dataclass
class Language:
    """One language a form's translations are typed in, with the fields that hold them."""

    locale: str   # "zh_Hant"
    name: str     # its own name, "繁體中文"
    tag: str      # for lang="…", "zh-Hant"
    fields: list[Field]


class TranslatedForm(WholeForm):
    """A form whose English text fields each have a twin per other language of the interface, named
    `<field>_<locale>` (title_zh_Hant) and labelled with the language's own name.

    `twins` maps an English field's name to a function of a language's own name that makes its
    twin. Build the form with `build()`, for the languages configured (LANGUAGES) when it runs.
    """

    twins: ClassVar[dict[str, Callable[[str], UnboundField]]] = {}
    twin_locales: ClassVar[tuple[str, ...]] = ()  # set by build()
    _built: ClassVar[bool] = False

    @classmethod
    def build(cls, *args, **kwargs):
        names = languages()
        return _with_twins(cls, tuple((code, names[code]) for code in translation_locales()))(*args, **kwargs)

    def __init__(self, *args, **kwargs):
        # Without its twins a save would read every translation as emptied, and erase them.
        if not self._built:
            raise TypeError(f"make a {type(self).__name__} with build(), which adds its translations' fields")
        super().__init__(*args, **kwargs)

    def twin(self, name: str, locale: str) -> Field:
        return self[f"{name}_{locale}"]

    def by_language(self, names: list[str] | None = None) -> list[Language]:
        """Each language with its twins of `names` (every twin by default), for a fieldset each."""
        names = list(self.twins) if names is None else names
        return [Language(locale, languages()[locale], html_lang(locale), [self.twin(n, locale) for n in names])
                for locale in self.twin_locales]

    def translations(self, names: dict[str, str]) -> dict[str, dict[str, str]]:
        """{locale: {stored field: text}} of the twins of `names` (form field: stored field) filled in."""
        return filled({locale: {stored: self.twin(name, locale).data or "" for name, stored in names.items()}
                       for locale in self.twin_locales})

    @classmethod
    def twin_data(cls, obj, names: dict[str, str]) -> dict[str, str]:
        """The twins' starting values, from `obj`'s translations of `names` (form field: stored field)."""
        return {f"{name}_{locale}": translation(obj, stored, locale)
                for locale in translation_locales() for name, stored in names.items()}


@cache
def _with_twins(form_class: type[TranslatedForm], langs: tuple[tuple[str, str], ...]) -> type[TranslatedForm]:
    twins = {f"{name}_{locale}": make(language)
             for name, make in form_class.twins.items() for locale, language in langs}
    attributes = {**twins, "twin_locales": tuple(code for code, _ in langs), "_built": True}
    return type(form_class.__name__, (form_class,), attributes)
