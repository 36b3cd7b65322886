"""BASE_URL, the address every link in mail starts with: in development it follows the address `make run`
serves; in production it must be configured, and the request's Host is never used instead."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

import pytest

from lie_review import create_app
from lie_review.extensions import db
from lie_review.jobs.cli import served_url
from lie_review.mail import external_url

from .factories import make_user
from .helpers import form_in, free_port, outbox, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent


def _environment(monkeypatch, **values: str) -> None:
    for key in ("BASE_URL", "LIE_REVIEW_SERVED_URL", "LIE_REVIEW_ENV"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    for key, value in values.items():
        monkeypatch.setenv(key, value)


def test_development_base_url_is_the_served_address(monkeypatch):
    _environment(monkeypatch, LIE_REVIEW_SERVED_URL="http://127.0.0.1:5103")
    assert create_app().config["BASE_URL"] == "http://127.0.0.1:5103"


def test_development_base_url_without_a_server_is_the_default_address(monkeypatch):
    _environment(monkeypatch)
    assert create_app().config["BASE_URL"] == "http://127.0.0.1:5000"


def test_configured_base_url_wins_over_the_served_address(monkeypatch):
    _environment(monkeypatch, LIE_REVIEW_SERVED_URL="http://127.0.0.1:5103", BASE_URL="https://review.example.org")
    assert create_app().config["BASE_URL"] == "https://review.example.org"


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", "http://127.0.0.1:5103"), ("0.0.0.0", "http://127.0.0.1:5103"),
    ("review.local", "http://review.local:5103"), ("::1", "http://[::1]:5103"),
])
def test_served_url_is_what_a_browser_on_this_machine_opens(host, expected):
    assert served_url(host, 5103) == expected


def _production(monkeypatch, **values: str) -> None:
    _environment(monkeypatch, LIE_REVIEW_ENV="production", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
                 JOBS_URL="redis://127.0.0.1:6379/1", **values)


def test_production_refuses_to_start_without_a_base_url(monkeypatch):
    # Not even the address `flask serve` would hand over: production names its public address.
    _production(monkeypatch, LIE_REVIEW_SERVED_URL="http://127.0.0.1:5103")
    with pytest.raises(RuntimeError, match="BASE_URL is not set"):
        create_app()


def test_production_links_ignore_the_request_host(monkeypatch):
    _production(monkeypatch, BASE_URL="https://review.example.org")
    production = create_app()
    with production.test_request_context("/forgot-password", base_url="http://evil.example"):
        link = external_url("auth.reset_password", token="abc")
    assert link == "https://review.example.org/reset-password/abc"


def test_mail_links_point_at_the_port_make_run_serves(app, tmp_path):
    """`make run PORT=…` is `flask serve --port …`: a reset link mailed by it opens that same server."""
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        db.session.commit()
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("BASE_URL", "LIE_REVIEW_SERVED_URL")}
    env.update({"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": app.config["SECRET_KEY"],
                "JOBS_URL": f"sqlite:///{tmp_path}/jobs.sqlite3", "PYTHONPATH": str(ROOT)})
    server = subprocess.Popen([sys.executable, "-m", "flask", "--app", "lie_review", "serve", "--port", str(port)],
                              cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_listening(port, server, "flask serve")
        browser = build_opener(HTTPCookieProcessor(CookieJar()))
        base = f"http://127.0.0.1:{port}"
        form = form_in(browser.open(f"{base}/forgot-password").read().decode(), "/forgot-password")
        form["email"] = "amy@example.org"
        browser.open(f"{base}/forgot-password", urlencode(list(form.items(multi=True))).encode()).read()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    with app.app_context():
        [message] = outbox("amy@example.org")
    assert f"{base}/reset-password/" in message.body
    assert "127.0.0.1:5000" not in message.body
