"""One URL, two renderings: the whole page, or only the fragment htmx asked for."""

from __future__ import annotations

from flask import Response, make_response, redirect, render_template, request


def is_partial() -> bool:
    """True for an htmx request that wants a fragment (not boosted, not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(page: str, fragment: str, status: int = 200, **context) -> Response:
    """Render the fragment for htmx, the page otherwise, and vary caches on HX-Request."""
    response = make_response(render_template(fragment if is_partial() else page, **context), status)
    response.vary.add("HX-Request")
    return response


def hx_redirect(url: str) -> Response:
    """Send htmx to a whole new page rather than swapping a redirect's body into the fragment."""
    response = make_response("", 204)
    response.headers["HX-Redirect"] = url
    return response


def redirect_for(url: str, code: int = 303) -> Response:
    """A redirect that works for htmx and plain requests alike."""
    if request.headers.get("HX-Request") == "true":
        return hx_redirect(url)
    return redirect(url, code=code)
