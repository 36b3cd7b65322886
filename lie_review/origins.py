"""Where a post came from: text posted after a session ended is kept only when a page of this site sent it,
so that another site cannot plant text in someone's form."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request


def same_origin() -> bool:
    """Whether the request came from a page of this site (Sec-Fetch-Site, else Origin or Referer)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    source = request.headers.get("Origin") or request.referrer
    if not source:
        return False
    return _origin(source) in {_origin(request.host_url), _origin(current_app.config["BASE_URL"])}


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc
