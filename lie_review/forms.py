"""What every domain's forms share: the control-character policy, optional ids, the time-zone list, buttons."""

from __future__ import annotations

import math
import re
from functools import cache
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectMultipleField
from wtforms.validators import AnyOf, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

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
