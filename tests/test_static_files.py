"""Static files: URLs with a hash of the content, kept by browsers for a year; anything else asked again."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lie_review.static_files import content_hash

from .factories import make_user

STATIC = Path(__file__).resolve().parent.parent / "static"


def test_every_static_url_on_a_page_carries_its_files_hash(client):
    page = client.get("/login").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert {url.split("?")[0] for url in urls} >= {"/static/css/app.css", "/static/js/app.js"}
    for url in urls:
        path, _, query = url.partition("?")
        digest = hashlib.sha256((STATIC / path.removeprefix("/static/")).read_bytes()).hexdigest()[:16]
        assert query == f"v={digest}", url


def test_a_versioned_static_file_is_cached_for_a_year_even_for_a_signed_in_user(app, client, auth):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        from lie_review.extensions import db
        db.session.commit()
    auth.login("amy@example.org")
    url = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{16})"', client.get("/home").get_data(as_text=True))[1]
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_an_unversioned_or_stale_static_url_is_asked_for_again(client):
    for url in ("/static/css/app.css", "/static/css/app.css?v=0000000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers.get("ETag")


def test_a_changed_file_gets_a_new_hash(app, tmp_path):
    app.static_folder = str(tmp_path)
    (tmp_path / "a.css").write_text("p {}")
    with app.app_context():
        first = content_hash("a.css")
        (tmp_path / "a.css").write_text("p { color: red }")
        assert first and content_hash("a.css") not in (None, first)


def test_no_hash_for_a_missing_file_or_a_path_outside_static(app):
    with app.app_context():
        assert content_hash("css/none.css") is None
        assert content_hash("../pyproject.toml") is None
        assert content_hash("css") is None
