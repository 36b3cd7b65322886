"""The interface's languages: which one a request speaks, how a person chooses it, and mail in theirs.

The languages are the LANGUAGES setting (locale code: its own name); adding one is a catalog under
lie_review/translations/ and a line there.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, g, request
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def N_(text: str) -> str:
    """Marks text kept in English in the database (an economy's APEC name, a forum's) for the catalogs;
    pages show it through gettext."""
    return text


def languages() -> dict[str, str]:
    """Locale code ("zh_Hant") to the language's own name ("繁體中文"), in the order offered."""
    return current_app.config["LANGUAGES"]


def html_lang(locale: str) -> str:
    """The BCP 47 tag for <html lang> and Accept-Language: zh_Hant → zh-Hant."""
    return locale.replace("_", "-")


def supported(locale: str | None) -> str | None:
    return locale if locale in languages() else None


def _from_accept_language(accept: LanguageAccept) -> str | None:
    """The browser's first language we speak: Chinese as written in Taiwan or Hong Kong is zh_Hant."""
    tags = {html_lang(code).lower(): code for code in languages()}
    tags.update({alias: "zh_Hant" for alias in ("zh-tw", "zh-hk", "zh-mo", "zh-hant-tw") if "zh_Hant" in languages()})
    for tag, _quality in accept:
        tag = tag.lower()
        if tag in tags:
            return tags[tag]
        if tag.split("-")[0] in tags:
            return tags[tag.split("-")[0]]
    return None


def select_locale() -> str:
    """The account's language, else the visitor's cookie, else the browser's, else the default."""
    user = current_user._get_current_object()
    if user is not None and user.is_authenticated and supported(user.locale):
        return user.locale
    return (supported(request.cookies.get(COOKIE)) or _from_accept_language(request.accept_languages)
            or current_app.config["BABEL_DEFAULT_LOCALE"])


def current_locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def mail_locale(person, *, from_economy: bool = False) -> str:
    """The language to write to someone in: the one their account chose, else the default.

    `from_economy`: someone without an account yet (an invitee) is written to in their economy's
    language (ECONOMY_LANGUAGES), the best guess there is.
    """
    chosen = supported(getattr(person, "locale", None))
    if chosen:
        return chosen
    economy = getattr(person, "economy", None)
    if from_economy and economy is not None:
        return supported(current_app.config["ECONOMY_LANGUAGES"].get(economy.code)) or \
            current_app.config["BABEL_DEFAULT_LOCALE"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember(response, locale: str) -> None:
    """Keep a visitor's choice of language in a cookie."""
    response.set_cookie(COOKIE, locale, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))


def template_context() -> dict:
    """<html lang>, the current language and the languages offered, for every template; and the catalog of
    that language, which the templates' _() and ngettext() read instead of looking it up for each string."""
    locale = current_locale()
    return {"html_lang": html_lang(locale), "current_locale": locale, "ui_languages": languages(),
            CATALOG: get_translations()}


CATALOG = "ui_catalog"


def _catalog(context):
    # A macro imported without context has none of the render's variables: it looks the catalog up.
    catalog = context.get(CATALOG)
    return get_translations() if catalog is None else catalog


@pass_context
def template_gettext(context, string: str, **variables) -> str:
    """_() and gettext() in templates, as Jinja's i18n extension has them (escaped, then formatted with
    `variables`), from the catalog the render was given: a page has dozens of strings, and Flask-Babel
    finds the request's catalog again for each."""
    text = _catalog(context).ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@pass_context
def template_ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
    """ngettext() in templates, like template_gettext."""
    variables.setdefault("num", num)
    text = _catalog(context).ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def install_template_gettext(jinja_env) -> None:
    """Put template_gettext and template_ngettext where Flask-Babel put its own (newstyle) callables."""
    jinja_env.globals.update({"_": template_gettext, "gettext": template_gettext, "ngettext": template_ngettext})


def translated_once(table: Mapping[str, object]) -> dict[str, Markup]:
    """A table of lazy labels translated into the request's language, once per process and language however
    many rows and requests show them (the catalogs never change while a process runs); `table` is one of
    the modules' constant tables, kept by its identity. Markup, because a lazy string renders as its
    translation unescaped, and the page stays the same."""
    cache = current_app.extensions.setdefault("lie_review.translated_labels", {})
    key = (id(table), current_locale())
    found = cache.get(key)
    if found is None:
        found = cache[key] = {code: Markup(str(label)) for code, label in table.items()}
    return found
