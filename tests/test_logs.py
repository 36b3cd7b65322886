"""Log lines as an operator reads them on stderr: every one written during a request carries the id that
its response sends back in X-Request-ID, JSON in production, text on a developer's terminal."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from lie_review import create_app
from lie_review.extensions import db
from lie_review.logs import log_context

NEW_ID = re.compile(r"[0-9a-f]{32}")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def json_app(app):
    """The test app, logging as in production."""
    json_app = create_app({**app.config, "LOG_FORMAT": "json"})
    json_app.test_client_class = app.test_client_class
    yield json_app
    with json_app.app_context():
        db.engine.dispose()


def json_lines(capsys) -> list[dict]:
    """What was written to stderr since the last read, each line parsed: a line that is not JSON fails."""
    return [json.loads(line) for line in capsys.readouterr().err.splitlines()]


def add_chatty_route(app) -> None:
    @app.get("/chatty")
    def chatty():
        """Logs from the application and from a library, as a page's code and its dependencies do."""
        logging.getLogger("lie_review.chatty").info("working on it")
        logging.getLogger("some.library").warning("a library's warning")
        return "done"


def test_every_response_has_a_request_id_error_pages_included(client):
    responses = [client.get("/"), client.get("/login"), client.get("/static/css/app.css"),
                 client.get("/no-such-page"), client.post("/login", data={}, csrf=False),
                 client.delete("/login"), client.get("/home")]
    assert [r.status_code for r in responses] == [200, 200, 200, 404, 400, 405, 302]
    ids = [r.headers.get("X-Request-ID") for r in responses]
    assert all(NEW_ID.fullmatch(i or "") for i in ids), ids
    assert len(set(ids)) == len(ids)


def test_requests_sharing_an_app_context_each_get_their_own_id(app, client):
    with app.app_context():  # as a test's requests or a command's do: `g` outlives each request
        first, second = client.get("/", headers={"X-Request-ID": "first-one"}), client.get("/")
    assert first.headers["X-Request-ID"] == "first-one"
    assert NEW_ID.fullmatch(second.headers["X-Request-ID"])


@pytest.mark.parametrize("given", ["abc-123", "req.2026_01-01", "A" * 64, "0"])
def test_a_sane_request_id_is_echoed(client, given):
    assert client.get("/", headers={"X-Request-ID": given}).headers["X-Request-ID"] == given


@pytest.mark.parametrize("given", ["A" * 65, "abc\ndef", "abc\r\nSet-Cookie: x=1", 'abc"def', "abc'def", "abc def",
                                   "<script>", "ключ", "", "abc;def"])
def test_a_hostile_request_id_is_replaced(client, given):
    # Set in the environ: the test client would refuse some of these in a header, a raw connection would not.
    response = client.get("/", environ_overrides={"HTTP_X_REQUEST_ID": given})
    assert response.status_code == 200
    assert NEW_ID.fullmatch(response.headers["X-Request-ID"])


def test_json_lines_of_a_request_all_carry_its_id(json_app, capsys):
    add_chatty_route(json_app)
    client = json_app.test_client()
    capsys.readouterr()
    before = datetime.now(timezone.utc)
    given = client.get("/chatty", headers={"X-Request-ID": "from-the-proxy-1"})
    lines = json_lines(capsys)
    assert given.headers["X-Request-ID"] == "from-the-proxy-1"
    assert [(line["logger"], line["level"], line["message"]) for line in lines] == [
        ("lie_review.chatty", "INFO", "working on it"),
        ("some.library", "WARNING", "a library's warning"),
        ("lie_review.access", "INFO", lines[-1]["message"]),
    ]
    assert {line["request_id"] for line in lines} == {"from-the-proxy-1"}
    access = lines[-1]
    assert (access["method"], access["path"], access["status"]) == ("GET", "/chatty", 200)
    assert access["message"] == f"GET /chatty 200 {access['duration_ms']:.1f} ms"
    assert 0 <= access["duration_ms"] < 10_000
    written = datetime.fromisoformat(access["time"])
    assert written.utcoffset() == timedelta(0) and before - timedelta(seconds=1) <= written

    made_up = client.get("/chatty")
    lines = json_lines(capsys)
    assert len(lines) == 3
    assert {line["request_id"] for line in lines} == {made_up.headers["X-Request-ID"]}


def test_one_access_line_per_request_on_every_answer(json_app, capsys):
    client = json_app.test_client()
    capsys.readouterr()
    responses = [client.get("/"), client.get("/no-such-page"), client.post("/login", data={}, csrf=False)]
    access = [line for line in json_lines(capsys) if line["logger"] == "lie_review.access"]
    assert [(line["path"], line["status"], line["request_id"]) for line in access] == [
        ("/", 200, responses[0].headers["X-Request-ID"]),
        ("/no-such-page", 404, responses[1].headers["X-Request-ID"]),
        ("/login", 400, responses[2].headers["X-Request-ID"]),
    ]


def test_an_error_logs_its_traceback_once_with_the_request_id(json_app, capsys):
    @json_app.get("/boom")
    def boom():
        """Fails as a bug would."""
        raise RuntimeError("the bug's own words")

    json_app.testing = False  # let the error handler answer, as in production
    client = json_app.test_client()
    capsys.readouterr()
    response = client.get("/boom", headers={"X-Request-ID": "trace-me"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "trace-me"
    assert "the bug's own words" not in response.get_data(as_text=True)
    lines = json_lines(capsys)
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == "trace-me"
    assert errors[0]["traceback"].startswith("Traceback (most recent call last):")
    assert errors[0]["traceback"].endswith("RuntimeError: the bug's own words")
    assert [(line["status"], line["request_id"]) for line in lines if line["logger"] == "lie_review.access"] \
        == [(500, "trace-me")]


def test_a_link_token_stays_out_of_the_log(json_app, capsys):
    client = json_app.test_client()
    capsys.readouterr()
    token = "a-secret-invitation-token-0123456789"
    response = client.get(f"/invitations/{token}?utm=mail")
    assert response.status_code < 500
    written = capsys.readouterr().err
    assert token not in written and "utm" not in written
    access = [json.loads(line) for line in written.splitlines() if '"lie_review.access"' in line]
    assert [line["path"] for line in access] == ["/invitations/<token>"]


def test_text_lines_show_the_request_id(app, client, capsys):
    add_chatty_route(app)
    capsys.readouterr()
    client.get("/chatty", headers={"X-Request-ID": "readable-1"})
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3
    assert all("[readable-1]" in line for line in lines), lines
    assert lines[0].endswith("INFO lie_review.chatty [readable-1] working on it")
    assert re.search(r"INFO lie_review\.access \[readable-1\] GET /chatty 200 \d+\.\d ms$", lines[2])
    with pytest.raises(json.JSONDecodeError):
        json.loads(lines[0])


def test_log_context_adds_its_fields_to_the_lines_inside_it(json_app, capsys):
    log = logging.getLogger("lie_review.jobs.test")
    capsys.readouterr()
    with json_app.app_context():
        log.info("before")
        with log_context(job_id=42, worker="host:1"):
            log.info("in the job")
            with log_context(chunk=3):
                log.info("in a chunk")
        log.info("after")
    lines = {line["message"]: line for line in json_lines(capsys)}
    assert {k: v for k, v in lines["in a chunk"].items() if k not in {"time", "message"}} == {
        "level": "INFO", "logger": "lie_review.jobs.test", "request_id": None,
        "job_id": 42, "worker": "host:1", "chunk": 3}
    assert (lines["in the job"]["job_id"], "chunk" in lines["in the job"]) == (42, False)
    assert "job_id" not in lines["before"] and "job_id" not in lines["after"]
    assert lines["after"]["request_id"] is None


def test_log_context_stays_in_its_own_thread(json_app, capsys):
    log = logging.getLogger("lie_review.jobs.test")
    capsys.readouterr()
    with log_context(job_id=1):
        other = threading.Thread(target=log.info, args=("another thread",))
        other.start()
        other.join()
    assert "job_id" not in json_lines(capsys)[0]


def test_log_context_refuses_a_field_every_line_has(app):
    with pytest.raises(ValueError, match="message"), log_context(message="x"):
        pass


def test_the_development_server_writes_only_our_access_line(app, capsys):
    capsys.readouterr()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/login", timeout=10) as response:
            request_id = response.headers["X-Request-ID"]
    finally:
        server.shutdown()
        thread.join(timeout=5)
    lines = [line for line in capsys.readouterr().err.splitlines() if "/login" in line]
    assert len(lines) == 1, lines
    assert f"lie_review.access [{request_id}] GET /login 200" in lines[0]


def test_production_logs_json_and_development_text(monkeypatch, capsys):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    monkeypatch.setenv("JOBS_URL", "redis://127.0.0.1:6379/1")
    monkeypatch.setenv("BASE_URL", "https://review.example.org")
    assert create_app().config["LOG_FORMAT"] == "text"
    monkeypatch.setenv("LIE_REVIEW_ENV", "production")
    production = create_app()
    assert production.config["LOG_FORMAT"] == "json"
    capsys.readouterr()
    production.logger.warning("started")
    [line] = json_lines(capsys)
    assert (line["message"], line["level"], line["request_id"]) == ("started", "WARNING", None)
    monkeypatch.setenv("LOG_FORMAT", "text")
    assert create_app().config["LOG_FORMAT"] == "text"


def test_an_unknown_log_format_is_refused_at_start(app):
    with pytest.raises(RuntimeError, match="LOG_FORMAT"):
        create_app({**app.config, "LOG_FORMAT": "xml"})


def test_under_gunicorn_every_line_is_json(app, tmp_path):
    """gunicorn started as docs/deploy.md says, with deploy/gunicorn-logging.json for its own lines."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "s" * 32,
           "BASE_URL": f"http://127.0.0.1:{port}", "LOG_FORMAT": "json", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}", "--no-control-socket",
         "--log-config-json", str(ROOT / "deploy" / "gunicorn-logging.json"), "lie_review:create_app()"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/login",
                                                 headers={"X-Request-ID": "through-gunicorn"})
                with urllib.request.urlopen(request, timeout=5) as response:
                    assert response.headers["X-Request-ID"] == "through-gunicorn"
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert out == ""
    lines = [json.loads(line) for line in err.splitlines()]
    assert any(line["logger"] == "gunicorn.error" and line["message"].startswith("Booting worker")
               for line in lines)
    access = [line for line in lines if line["logger"] == "lie_review.access"]
    assert [(line["path"], line["status"], line["request_id"]) for line in access] == \
        [("/login", 200, "through-gunicorn")]
