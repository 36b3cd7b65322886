"""The ?page= argument every paginated list reads."""

from __future__ import annotations

from flask import abort, request

MAX_PAGE = 1_000_000


def page_arg() -> int:
    """The ?page= number; 404 for anything but a sensible positive integer."""
    page = request.args.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        abort(404)
    return int(page)
