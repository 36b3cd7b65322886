"""Log lines on stderr, one JSON object each in production or readable text in development, every line
written while a request runs carrying the request's id, and one access line per request."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

FORMATS = ("json", "text")
REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's or a client's id may be to be taken as ours: short and inert in a header, a log line or a
# shell. Anything else (too long, a newline, quotes) is replaced, never cleaned up into something else.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

access_log = logging.getLogger("lie_review.access")
_context: ContextVar[dict] = ContextVar("lie_review_log_context", default={})  # replaced, never changed in place
# A field of a log_context may not take the name of what every record already holds.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def request_id() -> str:
    """This request's id: the X-Request-ID it came with when that is a sane token, else a new uuid4."""
    current = g.get("request_id")
    if current is None:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        current = g.request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    return current


@contextmanager
def log_context(**fields):
    """Add `fields` (a job's id, say) to every log line written inside the block, in this thread or task."""
    if clashes := sorted(set(fields) & _RECORD_ATTRIBUTES):
        raise ValueError(f"log fields may not be named {', '.join(clashes)}")
    token = _context.set({**_context.get(), **fields})
    try:
        yield
    finally:
        _context.reset(token)


class RequestFields(logging.Filter):
    """Puts the request's id, outside a request none, and the fields of any `log_context` on a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = request_id()
        fields = _context.get()
        for name, value in fields.items():
            setattr(record, name, value)
        record._context_fields = tuple(fields)
        return True


class JsonLines(JsonFormatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, request_id, then the rest."""

    def __init__(self, *args, **kwargs):
        super().__init__("{levelname}{name}{message}{request_id}", style="{",
                         rename_fields={"levelname": "level", "name": "logger", "exc_info": "traceback"},
                         **kwargs)

    def add_fields(self, log_data, record, message_dict) -> None:
        created = datetime.fromtimestamp(record.created, tz=timezone.utc)
        log_data["time"] = created.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        super().add_fields(log_data, record, message_dict)


class TextLines(logging.Formatter):
    """`12:00:01 INFO lie_review.access [<request id>] GET / 200 3.1 ms job_id=7`, for a terminal."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s", "%H:%M:%S",
                         defaults={"request_id": "-"})

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = " ".join(f"{name}={getattr(record, name)}" for name in getattr(record, "_context_fields", ()))
        return f"{line} {fields}" if fields else line


class _Stderr(logging.StreamHandler):
    """A handler on whatever sys.stderr is when the line is written, as `logging.lastResort` is: the
    process's own, or a test's or a command's capture of it."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


class _NoServerAccessLines(logging.Filter):
    """The development server's own access line for each request would repeat ours, without the id."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.endswith('] "%s" %s %s'))


_WITHOUT_SERVER_ACCESS_LINES = _NoServerAccessLines()


def configure_logging(app: Flask) -> None:
    """Send every logger's lines to stderr in LOG_FORMAT, and write an access line for each request.

    The handler sits on the root logger, so libraries' warnings come out the same way; it replaces the one
    an earlier app of this process installed (the tests build one per test) rather than adding a second.
    """
    log_format = app.config["LOG_FORMAT"]
    if log_format not in FORMATS:
        raise RuntimeError(f"LOG_FORMAT is {log_format!r}; it is 'json' (one object per line) or 'text'.")
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _Stderr)]:
        root.removeHandler(handler)
    handler = _Stderr()
    handler.setFormatter(JsonLines() if log_format == "json" else TextLines())
    handler.addFilter(RequestFields())
    root.addHandler(handler)
    package = logging.getLogger("lie_review")
    package.removeHandler(default_handler)  # Flask's own would write the app's lines a second time
    for name in ("lie_review", "alembic"):  # migrations say what they run, as alembic.ini would have them
        logging.getLogger(name).setLevel(logging.INFO)
    logging.getLogger("werkzeug").addFilter(_WITHOUT_SERVER_ACCESS_LINES)

    app.before_request(_start_request)
    app.after_request(_tag_response)
    app.teardown_request(_log_request)


def _start_request() -> None:
    g.request_started = time.perf_counter()
    g.request_id = None  # a context shared with an earlier request (a test's) must not lend it its id
    request_id()


def _tag_response(response):
    """Runs last of the after-request functions (registered first), error pages included."""
    response.headers[REQUEST_ID_HEADER] = request_id()
    g.response_status = response.status_code
    return response


def _log_request(_error) -> None:
    """After the session is saved: the access line, with how long the request took until then."""
    started = g.pop("request_started", None)
    if started is None:  # a request context that never dispatched (a test's test_request_context)
        return
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    status = g.get("response_status")
    path = _logged_path()
    access_log.info("%s %s %s %.1f ms", request.method, path, status, duration_ms,
                    extra={"method": request.method, "path": path, "status": status,
                           "duration_ms": duration_ms})


def _logged_path() -> str:
    """The path without its query, and with a link's token left out: logs are read by more people than
    those who may use a password-reset or invitation link."""
    if request.view_args and "token" in request.view_args and request.url_rule is not None:
        return request.url_rule.rule
    return request.path
