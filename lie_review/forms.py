"""What every domain's forms share: the control-character policy, whether a text was stored as sent,
optional ids, the time-zone list, buttons, and the fields that carry a text's translations."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import ClassVar
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, SelectChoice, SelectMultipleField
from wtforms.fields.core import UnboundField
from wtforms.validators import AnyOf, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .i18n import html_lang, languages
from .translatable import filled, translation, translation_locales

# The largest id an INTEGER column holds on every database.
MAX_ID = 2**31 - 1

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


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token travels."""


class MoveForm(FlaskForm):
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


class TranslatedForm(FlaskForm):
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
