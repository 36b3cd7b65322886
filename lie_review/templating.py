"""Template filters: times in the viewer's zone, numbers and lists in the reader's language."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal

from babel.dates import format_skeleton
from babel.lists import format_list
from flask import Flask, g, has_request_context, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup
from flask_login import current_user
from jinja2 import StrictUndefined

from .charts import LEGEND_PATHS
from .clock import in_zone, utcnow
from .fragments import fragment


def viewer_zone(default: str | None = None) -> str:
    """The viewer's own time zone, else the given default (usually the call's), else UTC.

    Mail a worker writes has no request and so no viewer: it is written in the default zone."""
    if has_request_context() and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return default or "UTC"


ENGLISH_TIME = "d MMM yyyy, HH:mm"


def local_time(value: datetime | None, default_zone: str | None = None, fmt: str | None = None) -> str:
    """Format a UTC datetime in the viewer's zone and language, naming the zone.

    Without `fmt`: "1 Dec 2026, 17:05" in English, and each language's own medium date with a
    24-hour time elsewhere ("2026年12月1日 17:05", "1 дек. 2026 г. 17:05").
    """
    if value is None:
        return ""
    name = viewer_zone(default_zone)
    moment = in_zone(value, name).replace(tzinfo=None)
    if fmt is not None:
        text = format_datetime(moment, fmt)
    elif str(get_locale()).startswith("en"):
        text = format_datetime(moment, ENGLISH_TIME)
    else:
        locale = get_locale()
        text = f"{format_skeleton('yMMMd', moment, locale=locale)} {format_skeleton('Hm', moment, locale=locale)}"
    return f"{text} ({name})"


def time_left(value: datetime | None) -> str:
    """A short 'in 3 days' / 'in 5 hours' / 'closed' phrase for a deadline."""
    if value is None:
        return ""
    seconds = (value - utcnow()).total_seconds()
    if seconds <= 0:
        return _("closed")
    days, rest = divmod(int(seconds), 86400)
    hours = rest // 3600
    if days >= 2:
        return ngettext("%(num)d day left", "%(num)d days left", days)
    if days == 1:
        return ngettext("1 day and %(num)d hour left", "1 day and %(num)d hours left", hours)
    if hours >= 1:
        return ngettext("%(num)d hour left", "%(num)d hours left", hours)
    return ngettext("%(num)d minute left", "%(num)d minutes left", max(1, rest // 60))


def number(value: float | None, digits: int | None = None) -> str:
    """A number as the reader writes it ("58.3", "58,3"): with `digits` decimals, else as few as it needs."""
    if value is None:
        return ""
    if digits is not None and 0 <= value < 999:
        return _short_number(value, digits)
    pattern = "#,##0" + ("." + "0" * digits if digits else "") if digits is not None else "#,##0.###"
    return format_decimal(value, format=pattern)


_QUANTA = {digits: Decimal(1).scaleb(-digits) for digits in range(4)}


def _short_number(value: float, digits: int) -> str:
    """What format_decimal gives for 0 ≤ value < 999 with `digits` decimals (no grouping can apply),
    in a fraction of its time: a dashboard page shows hundreds of scores. Rounded as Babel rounds: the
    shortest decimal that reads back as the float, half to even."""
    rounded = Decimal(repr(float(value))).quantize(_QUANTA[digits], rounding=ROUND_HALF_EVEN)
    text = f"{rounded:f}"
    return text.replace(".", _per_request("decimal", _decimal_symbol)) if digits else text


def _decimal_symbol() -> str:
    return get_locale().number_symbols["latn"]["decimal"]


def _no_score() -> Markup:
    return Markup('<span aria-label="{}">—</span>').format(_("no score"))


def _per_request(name: str, make):
    """A value that stays the same through a request (the reader's decimal sign), made once per request:
    finding the locale costs more than formatting a number, and a page formats hundreds."""
    cache = g.setdefault("lie_review_formats", {})
    if name not in cache:
        cache[name] = make()
    return cache[name]


def score(value: float | None, digits: int = 1) -> str:
    """A score with `digits` decimals, or a dash read out as "no score"."""
    return _per_request("no score", _no_score) if value is None else number(value, digits)


def signed(value: float | None, digits: int = 1) -> str:
    """A difference with its sign, "+4.2" or "−3.0"."""
    if value is None:
        return ""
    return ("+" if value >= 0 else "−") + number(abs(value), digits)


def long_date(value) -> str:
    """A date written out in the reader's language ("1 December 2026", "2026年12月1日")."""
    return format_date(value, "long") if value is not None else ""


def listing(values) -> str:
    """Items joined the reader's way: "ไทย and Русский", "ไทย和Русский"."""
    return format_list(list(values), locale=get_locale())


# An id no object has: url_pattern builds the address with it and then marks where the id goes.
_MARKER = 987654321987


def url_pattern(endpoint: str, name: str) -> str:
    """The address of `endpoint` with "{}" where its integer argument `name` goes, for a list that links
    each of its rows: building the route once and formatting it per row costs a fraction of url_for per row."""
    return url_for(endpoint, **{name: _MARKER}).replace(str(_MARKER), "{}")


def kept(*key, caller) -> Markup:
    """`{% call kept(name, input, ...) %}…{% endcall %}`: the block's HTML, rendered once per process for
    these inputs (and the app's script root, which its links start with) and kept (lie_review/fragments.py).
    The inputs must name everything the block shows that can change; a page's chrome depends on little
    more than the language."""
    return fragment(("template", request.script_root, *key), caller)


def register(app: Flask) -> None:
    app.jinja_env.globals["url_pattern"] = url_pattern
    app.jinja_env.globals["kept"] = kept
    app.jinja_env.globals["legend_paths"] = LEGEND_PATHS
    app.jinja_env.filters["listing"] = listing
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["score"] = score
    app.jinja_env.filters["signed"] = signed
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["time_left"] = time_left
    if app.testing:
        app.jinja_env.undefined = StrictUndefined
