"""Error pages in the layout, for every 4xx and 5xx; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .bodies import UnreadableBody
from .extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: _l("The request could not be understood. Please go back and try again."),
    403: _l("You do not have permission to do that."),
    404: _l("We could not find that page."),
    405: _l("That action is not available here."),
    409: _l("Someone else changed this in the meantime."),
    410: _l("This link is no longer valid."),
    413: _l("The data you sent is too large."),
    422: _l("Some of what you entered needs correcting."),
    429: _l("Too many attempts. Please wait a few minutes and try again."),
    500: _l("Something went wrong on our side. Nothing you saved before has been lost; please try again."),
}


def _render(code: int, message=None, title=None):
    template = "errors/_error.html" if request.headers.get("HX-Request") == "true" else "errors/error.html"
    return render_template(template, code=code, message=message or MESSAGES.get(code, ""),
                           title=title), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, _l("This form has expired or was not sent from this site. "
                              "Please reload the page and try again."), _l("Form expired"))

    @app.errorhandler(UnreadableBody)
    def unreadable_body(error: UnreadableBody):
        db.session.rollback()
        return _render(400, error.description, _l("Nothing was saved"))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code == 413:
            limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
            return _render(413, _l("The data you sent is larger than %(mb)d MB. "
                                   "Attachments may be up to 10 MB each.", mb=limit))
        return _render(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        if getattr(error, "original_exception", None) is None:
            # An exception that reached Flask has been logged by it already, with its traceback; this is abort(500).
            log.error("500 on %s %s", request.method, request.path)
        return _render(500)
