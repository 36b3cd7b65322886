"""Fixtures: an app on a fresh database per test (SQLite, and PostgreSQL when TEST_DATABASE_URL is
set), a test client that sends CSRF tokens like a browser, and a live server for the browser tests."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from werkzeug.datastructures import MultiDict
from werkzeug.serving import make_server

from lie_review import create_app
from lie_review.config import normalise_database_url
from lie_review.extensions import db
from lie_review.forms import FORM_END
from lie_review.reference_data import seed_reference_data

from .factories import PASSWORD

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
CSRF_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')


class BrowserLikeClient(FlaskClient):
    """A test client whose form posts carry the CSRF token the page gave and, last, the end-of-form
    marker every page's form ends with, as a browser's would (`end=False` leaves the marker out).
    Which fields a post carries is the test's to say: `helpers.page_form` gives all the page's."""

    def csrf_token(self, base_url: str | None = None) -> str:
        extra = {"base_url": base_url} if base_url else {}
        page = self.get("/", follow_redirects=True, **extra).get_data(as_text=True)
        match = CSRF_RE.search(page)
        assert match, "every page carries a CSRF token in <body hx-headers>"
        return match.group(1)

    def open(self, *args, csrf: bool = True, end: bool = True, **kwargs):
        method = kwargs.get("method", "GET").upper()
        data = kwargs.get("data")
        if method not in {"GET", "HEAD", "OPTIONS"} and isinstance(data, dict):
            fields = MultiDict()  # a list is several values; a tuple is one file (stream, name)
            for name, value in (data.items(multi=True) if isinstance(data, MultiDict) else data.items()):
                for one in value if isinstance(value, list) else [value]:
                    fields.add(name, one)
            if csrf and "csrf_token" not in fields:
                fields["csrf_token"] = self.csrf_token(kwargs.get("base_url"))
            if end and FORM_END not in fields:
                fields[FORM_END] = "1"
            kwargs["data"] = fields
        elif csrf and method not in {"GET", "HEAD", "OPTIONS"}:
            if data is None and "json" not in kwargs:
                headers = dict(kwargs.get("headers") or {})
                headers.setdefault("X-CSRFToken", self.csrf_token(kwargs.get("base_url")))
                kwargs["headers"] = headers
        return super().open(*args, **kwargs)


def _test_config(database_uri: str, tmp_path: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-" + secrets.token_hex(8),
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "BASE_URL": "http://lie-review.test",
        "MAIL_BACKEND": "outbox",
        "RATELIMIT_STORAGE_URI": "memory://",
        "JOBS_URL": "memory://",
        "DEMO_ACCOUNTS_FILE": str(tmp_path / "demo_accounts.txt"),
    }


@pytest.fixture(scope="session", params=BACKENDS)
def database_uri(request, tmp_path_factory):
    """One database per test run and backend, with the schema created once and dropped after."""
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
        return
    base = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    schema = f"lie_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{schema}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def _schema(database_uri, tmp_path_factory):
    app = create_app(_test_config(database_uri, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return database_uri


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs():
    """The .mo files `make test` builds, built here too when missing or older than their .po."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in Path(__file__).resolve().parent.parent.glob("lie_review/translations/*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            with mo.open("wb") as target:
                write_mo(target, catalog)


@pytest.fixture
def jobs_url():
    """The app's job queue: in memory, run by `run_queued`; a test with a real worker overrides this with
    a SQLite file (`sqlite:///...`) that the worker's process shares."""
    return "memory://"


@pytest.fixture
def app(_schema, tmp_path, jobs_url):
    app = create_app({**_test_config(_schema, tmp_path), "JOBS_URL": jobs_url})
    app.test_client_class = BrowserLikeClient
    with app.app_context():
        _empty_all_tables()
        seed_reference_data()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replaces pytest-flask's: each test-client request gets its own app context, as in production,
    so a view that forgets to commit, or state cached on `g`, cannot pass unnoticed."""
    yield


@pytest.fixture
def client(app):
    """Replaces pytest-flask's, which keeps the last request's context pushed between requests."""
    return app.test_client()


class Auth:
    """Log a test client in and out through the real forms."""

    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = PASSWORD, follow_redirects: bool = False):
        return self.client.post("/login", data={"email": email, "password": password},
                                follow_redirects=follow_redirects)

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


def _workers(app):
    """Start real worker processes (`flask worker`) on `app`'s database and job queue: `start()` returns
    the Popen; every one still running is killed when the test ends. The app's `jobs_url` must be a file."""
    assert not app.config["JOBS_URL"].startswith("memory://"), "override the jobs_url fixture with a file"
    started: list[subprocess.Popen] = []

    def start(threads: int = 2) -> subprocess.Popen:
        # Read when started: a browser test sets BASE_URL to its live server first, for the links in mail.
        env = {key: value for key, value in os.environ.items() if not key.startswith(("LIE_REVIEW_", "MAIL_"))}
        env.update({"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": app.config["SECRET_KEY"],
                    "BASE_URL": app.config["BASE_URL"], "JOBS_URL": app.config["JOBS_URL"],
                    "LIE_REVIEW_JOB_LEASE_SECONDS": "2", "LIE_REVIEW_WORKER_BEAT_SECONDS": "1",
                    "LIE_REVIEW_JOBS_SWEEP_GRACE_SECONDS": "0",
                    "LIE_REVIEW_DEMO_ACCOUNTS_FILE": app.config["DEMO_ACCOUNTS_FILE"]})
        process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "lie_review", "worker",
                                    "--threads", str(threads)], env=env, cwd=Path(__file__).resolve().parent.parent)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


@pytest.fixture
def job_workers(app):
    """Real worker processes beside the `app` fixture (see `_workers`)."""
    yield from _workers(app)


@pytest.fixture
def live_job_workers(live_app):
    """Real worker processes beside the live server's app, for browser tests (see `_workers`)."""
    yield from _workers(live_app)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Browser tests: a real server in a thread, on its own SQLite file, driven by Debian's chromium.

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def base_url():
    """Replaces pytest-base-url's (deprecated fixture style); tests address the live server directly."""
    return None


@pytest.fixture
def live_app(tmp_path, jobs_url):
    database_uri = "sqlite:///" + str(tmp_path / "live.sqlite3")
    app = create_app({**_test_config(database_uri, tmp_path), "JOBS_URL": jobs_url})
    with app.app_context():
        db.create_all()
        seed_reference_data()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (injected through the debugger, so the CSP stays strict)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.fixture
def axe():
    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"axe found violations on {page.url}: {violations}"
    return check
