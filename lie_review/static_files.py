"""Static files under URLs that carry a hash of their content, so that browsers keep each for a year and
still fetch a changed file at once: its URL changes with it."""

from __future__ import annotations

import hashlib
import os

from flask import Flask, current_app, request
from werkzeug.security import safe_join

YEAR = 365 * 24 * 60 * 60
_HASHES = "lie_review.static_hashes"


def init_app(app: Flask) -> None:
    """Add `v=<hash>` to every static URL the app builds, and the caching headers to what it serves."""
    app.url_defaults(_versioned)
    app.after_request(_cache_headers)


def content_hash(filename: str) -> str | None:
    """The first 16 hex digits of the file's SHA-256, or None when there is no such static file.

    Kept per process under the file's size and modification time, so an edited file gets a new hash
    without a restart; every host computes the same one from the same file."""
    path = safe_join(current_app.static_folder, filename)
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    if stat is None or not os.path.isfile(path):
        return None
    hashes = current_app.extensions.setdefault(_HASHES, {})
    key = (filename, stat.st_mtime_ns, stat.st_size)
    if key not in hashes:
        with open(path, "rb") as file:
            hashes[key] = hashlib.file_digest(file, "sha256").hexdigest()[:16]
    return hashes[key]


def _versioned(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        digest = content_hash(values["filename"])
        if digest:
            values["v"] = digest


def _cache_headers(response):
    # Runs after the security headers (registered before them), so it overrides their no-store for
    # signed-in pages: a static file holds nothing of the user's.
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    if request.args.get("v") and request.args["v"] == content_hash(filename):
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        # An unversioned or stale URL: the browser asks again each time (a 304 while the file is the same).
        response.headers["Cache-Control"] = "no-cache"
    response.headers.pop("Expires", None)
    return response
