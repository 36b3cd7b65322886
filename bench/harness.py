"""What every benchmark needs: a fresh database, an app with a hello-world route, timing and query counts."""

from __future__ import annotations

import os
import secrets
import statistics
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import create_engine, event, text

from lie_review import create_app
from lie_review.config import normalise_database_url
from lie_review.extensions import db

HELLO_PATH = "/_bench/hello"


@contextmanager
def database(backend: str):
    """A database URI for one run: a temporary SQLite file, or a throwaway schema on TEST_DATABASE_URL."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="lie-bench-") as directory:
            yield "sqlite:///" + str(Path(directory) / "bench.sqlite3")
        return
    base = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    schema = f"lie_bench_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        separator = "&" if "?" in base else "?"
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def bench_app(database_uri: str, instance: Path):
    """The real app on `database_uri`, its schema created, plus a hello-world route as the baseline."""
    app = create_app({
        "TESTING": False,
        "SECRET_KEY": secrets.token_hex(16),
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "BASE_URL": "http://lie-review.bench",
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": False,
        "DEMO_ACCOUNTS_FILE": str(instance / "accounts.txt"),
        # In this process: a bench runs what it queued itself (run_queued), and leaves no queue file behind.
        "JOBS_URL": "memory://",
    })
    app.add_url_rule(HELLO_PATH, "bench_hello", lambda: "Hello, World!")
    with app.app_context():
        db.create_all()
    return app


def refresh_statistics() -> None:
    """Let the query planner see the bulk-inserted rows, as autovacuum or a nightly ANALYZE would."""
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
            connection.commit()


def advance_sequences(tables) -> None:
    """After inserts with explicit ids, move PostgreSQL's id sequences past them, so the app can add rows."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in tables:
        name = table.__tablename__
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                                f'COALESCE(MAX(id), 0) + 1, false) FROM "{name}"'))


@dataclass
class Timing:
    label: str
    median_ms: float
    p90_ms: float
    queries: int | None = None


def time_get(client, path: str, *, repeat: int, warmup: int = 1, headers: dict | None = None) -> tuple[float, float]:
    """Median and 90th percentile (ms) of `repeat` GETs of `path`, after `warmup` unmeasured ones."""
    for _ in range(warmup):
        assert client.get(path, headers=headers).status_code == 200, path
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.9))]


def count_statements(app, client, path: str, headers: dict | None = None, data: dict | None = None) -> int:
    """SQL statements of one GET of `path` (a POST of `data` when given), SQLite's BEGIN left out: PostgreSQL
    begins a transaction without a statement of its own, and the targets count the same on either."""
    statements = []

    def listener(_connection, _cursor, statement, *_args):
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            request = client.get if data is None else partial(client.post, data=data)
            assert request(path, headers=headers).status_code == 200, path
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def print_table(title: str, baseline: Timing, rows: list[Timing]) -> None:
    print(f"\n{title}")
    print(f"  {'page':<46} {'median ms':>10} {'p90 ms':>9} {'× hello':>9} {'queries':>8}")
    for row in [baseline, *rows]:
        ratio = row.median_ms / baseline.median_ms
        queries = "" if row.queries is None else str(row.queries)
        print(f"  {row.label:<46} {row.median_ms:>10.2f} {row.p90_ms:>9.2f} {ratio:>9.0f} {queries:>8}")
