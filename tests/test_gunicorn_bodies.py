"""Under gunicorn with two workers — which ends a request's input where the client stopped — a case
study save whose client sends half the body and goes away changes nothing, on each database."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

import pytest

from lie_review.extensions import db

from .editorial.builders import assign, criteria_of
from .factories import PASSWORD, make_call, make_case_study, make_user
from .helpers import database_rows, form_in

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(app, tmp_path):
    """gunicorn with two sync workers, on the test's database; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": secrets.token_hex(16),
           "BASE_URL": f"http://127.0.0.1:{port}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "lie_review:create_app()"],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _logged_in(base_url: str, email: str):
    """A cookie-keeping client logged in through the login form, and its Cookie header."""
    jar = CookieJar()
    browser = build_opener(HTTPCookieProcessor(jar))
    login = form_in(browser.open(f"{base_url}/login").read().decode(), "/login")
    login["email"], login["password"] = email, PASSWORD
    assert "/login" not in browser.open(f"{base_url}/login", urlencode(list(login.items(multi=True))).encode()).url
    return browser, "; ".join(f"{c.name}={c.value}" for c in jar)


def _raw_post(port: int, path: str, cookie: str, body: bytes, *, send: int, read_answer: bool,
              headers: str = "") -> bytes:
    """POST with a Content-Length for the whole body, send only `send` bytes of it, then stop."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n{headers}"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
                f"Sec-Fetch-Site: same-origin\r\nConnection: close\r\n\r\n").encode()
        connection.sendall(head + body[:send])
        if not read_answer:
            return b""  # the client goes away: the socket closes with the body half sent
        connection.shutdown(socket.SHUT_WR)  # the connection drops mid-body, but the answer can still come
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        return answer


def test_saves_cut_off_half_way_under_gunicorn_change_nothing(app, gunicorn):
    base_url, port = gunicorn
    with app.app_context():
        applicant = make_user("applicant", email="amy@example.org")
        call = make_call()
        case_study_id = make_case_study(call, applicant, title="Draft title", summary="Old summary.").id
        reviewer = make_user("reviewer", email="rev@example.org", economy_code="CT")
        assignment_id = assign(make_case_study(call, applicant, status="submitted"), reviewer).id
        criterion_id = criteria_of(call)[0].id
        db.session.commit()
    browser, cookie = _logged_in(base_url, "amy@example.org")
    path = f"/case-studies/{case_study_id}/edit"
    fields = form_in(browser.open(base_url + path).read().decode(), path, button="action=save")
    fields["title"] = "A new title typed in full"
    fields["summary"] = "A new summary, long enough to be cut in the middle of a word."
    body = urlencode(list(fields.items(multi=True))).encode()
    before = database_rows(app)

    for send in (len(body) // 2, body.index(b"summary=") + 20, len(body) - 3):
        answer = _raw_post(port, path, cookie, body, send=send, read_answer=True)
        assert answer.startswith(b"HTTP/1.1 400"), answer[:300]
        assert b"nothing was saved" in answer.lower()
        _raw_post(port, path, cookie, body, send=send, read_answer=False)
        time.sleep(0.3)  # the worker reads to the end of what came, and answers into a closed socket
        assert database_rows(app) == before, send

    # The same save, whole, goes through: the server was listening, and the cut bodies would have saved.
    answer = _raw_post(port, path, cookie, body, send=len(body), read_answer=True)
    assert answer.startswith(b"HTTP/1.1 303"), answer[:300]
    after = database_rows(app)
    assert after != before
    assert any("A new title typed in full" in row for row in after["case_study"])

    # A one-criterion htmx save has no end marker: only the byte count can tell it was cut.
    scoring, cookie = _logged_in(base_url, "rev@example.org")
    page = scoring.open(f"{base_url}/reviews/{assignment_id}").read().decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    path = f"/reviews/{assignment_id}/criteria/{criterion_id}"
    body = urlencode({f"criterion_{criterion_id}": "4", f"comment_{criterion_id}": "A comment typed in full"}).encode()
    htmx = f"HX-Request: true\r\nX-CSRFToken: {token}\r\n"
    before = database_rows(app)
    answer = _raw_post(port, path, cookie, body, send=body.index(b"typed"), read_answer=True, headers=htmx)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:300]
    assert database_rows(app) == before
    answer = _raw_post(port, path, cookie, body, send=len(body), read_answer=True, headers=htmx)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
    assert any("A comment typed in full" in row for row in database_rows(app)["score"])
