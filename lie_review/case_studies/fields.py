"""The kinds of field the case study form is made of, and the rules they check on a draft or on Submit."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from ..forms import strip_control
from .rules import TEXT_MAX_CHARS, count_words


def clean_text(value):
    """Browsers send textarea line breaks as CRLF; keep one newline and drop control characters."""
    if not isinstance(value, str):
        return value
    return strip_control(value.replace("\r\n", "\n").replace("\r", "\n"))


def complete_url(value):
    """People type www.example.org: give it a scheme, so it can be checked and linked."""
    if isinstance(value, str) and value.strip() and "://" not in value:
        return "https://" + value.strip()
    return value


class NeededToSubmit:
    """Marks a field required for submitting (a draft may leave it empty): shown with * and checked
    by CaseStudyForm.check_for_submission."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        """Drafts accept an empty field."""


NEEDED = NeededToSubmit()


class Characters:
    """At most `max` characters, saying how many there are, so a runaway paste is plainly refused.

    Long fields get no maxlength attribute: a browser would cut a long paste short without a word.
    """

    def __init__(self, max: int):
        self.max = max

    def __call__(self, form, field):
        size = len(field.data or "")
        if size > self.max:
            raise ValidationError(_l("This is too long: at most %(max)s characters, and it has %(size)s.",
                                     max=format_decimal(self.max), size=format_decimal(size)))


def text_field(label, limit=None, hint=None, max_chars=TEXT_MAX_CHARS, needed=True):
    validators = ([NEEDED] if needed else []) + [Characters(max=max_chars)]
    kw = {"rows": 8, "data-word-limit": limit} if limit else {"maxlength": max_chars}
    cls = TextAreaField if limit else StringField
    return cls(label, validators=validators, filters=[clean_text], description=hint, render_kw=kw)


def word_limit(limit: int):
    """Checked on Submit: at most `limit` words, saying how many there are."""
    def check(form, field):
        words = count_words(field.data)
        if words > limit:
            raise ValidationError(_l("Please shorten this to %(limit)d words: it has %(words)d.",
                                     limit=limit, words=words))
    return check


def if_given(validator):
    """Checked on Submit: `validator`, when the field is filled in (an optional website, say)."""
    def check(form, field):
        if field.data:
            validator(form, field)
    return check
