"""Text editors give in each language of the interface: a call's title, a criterion's label, a forum's name.

The English text stays in the row's own columns (exports, the report draft and the audit read it
there); the other languages are in the row's `translations` column, {locale: {field: text}}, holding
only what an editor filled in. A reader sees their language's text, else the English.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from sqlalchemy import JSON
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from .i18n import current_locale, languages


class Translatable:
    """Mixin for a model with editor-given translations of some of its text columns."""

    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default=sql_text("'{}'"))

    def text(self, field: str) -> str:
        """`field` in the reader's language, falling back to the English column."""
        return localized(self, field)


def translation_locales() -> list[str]:
    """The languages an editor translates into: the interface's, the default (English) left out, in order."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return [code for code in languages() if code != default]


def translation(obj, field: str, locale: str) -> str:
    """The editor's text of `field` in `locale`, or "" when it is not translated."""
    return ((obj.translations or {}).get(locale) or {}).get(field) or ""


def localized(obj, field: str, locale: str | None = None) -> str:
    """`field` of `obj` in `locale` (the reader's by default), else the English column."""
    return translation(obj, field, locale or current_locale()) or getattr(obj, field)


def missing_locales(obj, fields: Iterable[str]) -> list[str]:
    """The languages lacking a translation of any of `fields`; a field with no English text needs none."""
    needed = [field for field in fields if getattr(obj, field)]
    return [locale for locale in translation_locales()
            if any(not translation(obj, field, locale) for field in needed)]


def filled(translations: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """`translations` without empty texts or languages: an empty field means "not translated"."""
    kept = {locale: {field: value.strip() for field, value in fields.items() if value and value.strip()}
            for locale, fields in translations.items()}
    return {locale: fields for locale, fields in kept.items() if fields}
