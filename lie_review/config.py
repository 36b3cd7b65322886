"""Non-secret defaults; instance/config.py and environment variables override them."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from flask import Flask

ENV_KEYS = ("SECRET_KEY", "DATABASE_URL", "BASE_URL", "RATELIMIT_STORAGE_URI", "JOBS_URL", "REDIS_URL",
            "LOG_FORMAT")

DEFAULTS = {
    "LIE_REVIEW_ENV": "development",
    # BASE_URL (the address links in mail start with) has no default: production must set it; in development
    # it is the address `flask serve` (so `make run HOST=… PORT=…`) serves, handed to its children as
    # LIE_REVIEW_SERVED_URL, and http://127.0.0.1:5000 otherwise.
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 12,
    # The session cookie is signed again (its twelve hours starting over) once it is this old, not on every
    # response (lie_review/sessions.py).
    "SESSION_REFRESH_AFTER": 10 * 60,
    # A whole request: one attachment of 10 MB plus the form around it.
    "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
    # Text fields: large enough that a pasted megabyte reaches the form's own length check.
    "MAX_FORM_MEMORY_SIZE": 4 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # REDIS_URL, when given, is the default of both this and JOBS_URL.
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": False,
    "LOGIN_LIMIT_PER_ADDRESS": "20 per 10 minutes",
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per 10 minutes",
    # Number of proxies in front of the app that append to X-Forwarded-For; 0 trusts none.
    "TRUSTED_PROXY_COUNT": 0,
    "MAIL_BACKEND": "outbox",
    "MAIL_DEFAULT_SENDER": "lie_review <no-reply@lie-review.invalid>",
    # A refused message is tried again after 30 s, then 60 s, 120 s… (at most an hour apart), ten tries in all.
    "MAIL_ATTEMPTS": 10,
    "MAIL_RETRY_SECONDS": 30,
    "MAIL_RETRY_MAX_SECONDS": 3600,
    # A worker sending a message holds it this long; past it, the message is taken for its worker's loss.
    "MAIL_CLAIM_SECONDS": 120,
    # The job queue (lie_review/jobs/queue.py): JOBS_URL defaults to SQLite in instance/ (or REDIS_URL).
    "JOB_LEASE_SECONDS": 60,
    "JOBS_SWEEP_GRACE_SECONDS": 30,
    "WORKER_BEAT_SECONDS": 10,
    "JOB_FILE_HOURS": 24,
    # A shortlist of up to this many rows downloads at once, streamed by the request (2,000 rows with two
    # reviews each: 0.25-0.35 s as XLSX, 0.1 s as CSV or JSON, less than a worker takes to pick a job up);
    # a larger one is made by a worker, with its progress shown.
    "EXPORT_DIRECT_MAX_ROWS": 2000,
    # An export's file is kept in the database and sent whole: a job refuses to keep one larger than this.
    "EXPORT_FILE_MAX_BYTES": 200 * 1024 * 1024,
    # Auto-assignment of a call with more submitted case studies than this runs as a job, in steps.
    "AUTO_ASSIGN_DIRECT_MAX": 500,
    "RESET_TOKEN_HOURS": 2,
    "INVITATION_DAYS": 14,
    # A CSV of people to invite: rows per file (a job sends them), and how long its preview stays valid.
    "BULK_INVITE_MAX_ROWS": 20_000,
    "BULK_INVITE_PREVIEW_SECONDS": 3600,
    "CONFIRM_TOKEN_HOURS": 48,
    "BABEL_DEFAULT_LOCALE": "en",
    # The interface's languages, each with its own name; a new one is a catalog and a line here.
    "LANGUAGES": {"en": "English", "zh_Hant": "繁體中文", "ru": "Русский", "th": "ไทย"},
    # An invitation (no account, so no language chosen yet) is written in the invitee's economy's language.
    "ECONOMY_LANGUAGES": {"CT": "zh_Hant", "RUS": "ru", "THA": "th"},
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    # Rendered fragments each process keeps, under keys naming all they are made of (lie_review/fragments.py).
    "FRAGMENTS_KEPT": 128,
}


def load_config(app: Flask, test_config: dict | None) -> None:
    """Apply defaults, then instance/config.py, then the environment (or the test config)."""
    app.config.from_mapping(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
        Path(app.instance_path) / "lie_review.sqlite3"
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    else:
        app.config.from_pyfile("config.py", silent=True)
        for key in ENV_KEYS:
            if key in os.environ:
                app.config[key] = os.environ[key]
        for key, value in os.environ.items():
            if key == "LIE_REVIEW_ENV" or key.startswith("MAIL_"):
                app.config[key] = _loads(value)
            elif key.startswith("LIE_REVIEW_"):
                app.config[key.removeprefix("LIE_REVIEW_")] = _loads(value)
    if app.config.get("REDIS_URL"):
        app.config.setdefault("JOBS_URL", app.config["REDIS_URL"])
        if app.config["RATELIMIT_STORAGE_URI"] == "memory://":
            app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    app.config.setdefault("JOBS_URL", "sqlite:///" + str(Path(app.instance_path) / "jobs.sqlite3"))
    if app.config.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    _secret_key(app)
    # Log lines (lie_review/logs.py): JSON for a collector in production, readable text on a terminal.
    app.config.setdefault("LOG_FORMAT", "json" if app.config["LIE_REVIEW_ENV"] == "production" else "text")
    if app.config["LIE_REVIEW_ENV"] == "production":
        app.config["SESSION_COOKIE_SECURE"] = True
        if app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
            raise RuntimeError(
                "RATELIMIT_STORAGE_URI is in process memory. In production set it to a store every "
                "worker shares, for example RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379."
            )
        if not app.config["JOBS_URL"].startswith(("redis://", "rediss://", "unix://")):
            raise RuntimeError(
                "JOBS_URL is not Redis. In production every host and worker must share the job queue: set "
                "JOBS_URL (or REDIS_URL) to redis://host:6379/0."
            )
    _base_url(app)


def normalise_database_url(url: str) -> str:
    """Point plain postgres URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _loads(value: str):
    try:
        return json.loads(value)
    except ValueError:
        return value


def _base_url(app: Flask) -> None:
    if app.config.get("BASE_URL"):
        return
    if app.config["LIE_REVIEW_ENV"] == "production":
        # Never the request's Host: a forged one would put an attacker's address in reset links.
        raise RuntimeError(
            "BASE_URL is not set. In production set it to the address people open, for example "
            "BASE_URL=https://review.example.org: links in mail are built from it, never from the request."
        )
    app.config["BASE_URL"] = app.config.get("SERVED_URL") or "http://127.0.0.1:5000"


def _secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.config["LIE_REVIEW_ENV"] == "production":
        raise RuntimeError(
            "SECRET_KEY is not set. In production set the SECRET_KEY environment variable "
            "(for example: export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))'))."
        )
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    app.config["SECRET_KEY"] = path.read_text().strip()
