"""Per-connection database settings: SQLite in WAL with foreign keys, write transactions IMMEDIATE;
`fold`, the one rule by which searches and sorts ignore case, in every script, on every database;
and `among`, a long IN list as each database reads it fastest."""

from __future__ import annotations

import logging
import math
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from flask import g, has_request_context, request
from sqlalchemy import String, any_, bindparam, event
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from .extensions import db

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
READS_ONLY = "lie_review_reads_only"

log = logging.getLogger(__name__)


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        event.listen(engine, "first_connect", _check_lower_folds_unicode)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Hand transaction control to SQLAlchemy so BEGIN below is the one that runs.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        try:
            cursor.execute("SELECT sqrt(4)")
        except sqlite3.OperationalError:
            # Built without its math functions: exports compute standard deviations in SQL.
            dbapi_connection.create_function("sqrt", 1, _sqrt, deterministic=True)
        cursor.close()
        # SQLite's own lower() folds ASCII letters only.
        dbapi_connection.create_function("fold", 1, fold_text, deterministic=True)

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # A request that may write takes the write lock up front, so two writers queue on the
        # busy timeout instead of one failing with "database is locked" half-way through.
        if connection.get_execution_options().get(READS_ONLY) or (
                has_request_context() and request.method in READ_METHODS and not g.pop("write_on_read", False)):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def snapshot() -> Iterator[Connection]:
    """A connection of its own that reads in one consistent snapshot, for work that reads long while the
    session beside it commits (a job writing a large export and its progress).

    On SQLite it begins deferred, so it never holds the write lock (in WAL a reader blocks no writer);
    on PostgreSQL it is REPEATABLE READ and read-only, so every statement sees the same committed rows."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        else:
            connection.execution_options(**{READS_ONLY: True})
        with connection.begin():
            yield connection


def write_on_read() -> None:
    """This GET request writes too (an export records its audit event): its next transaction begins
    IMMEDIATE like a POST's, because SQLite cannot turn a read into a write once another connection
    has written since the read began. Later transactions of the request (a streamed body) only read."""
    g.write_on_read = True
    g.writes = True


def next_transaction_writes() -> None:
    """Only the request's next transaction may write (a build of maintained data during a GET): it
    begins IMMEDIATE, and the request still counts as one that only reads."""
    g.write_on_read = True


def request_writes() -> bool:
    """Whether this request writes: any but a GET, HEAD or OPTIONS, or one that said so (write_on_read)."""
    return request.method not in READ_METHODS or g.get("writes", False)


def commit_keeping_loaded() -> None:
    """Commit without expiring the rows the request loaded, so that a reply built after the commit from
    what the request itself just wrote (and the signed-in user every response looks at) reads nothing again.

    The write lock is released before the reply is rendered; only for replies of values this request wrote
    or read under its own lock, which nobody else could have changed before the commit."""
    session = db.session()
    expire = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


WROTE = "lie_review.wrote"


def _flushed(session, _flush_context) -> None:
    session.info[WROTE] = True


def _ended(session, *_args) -> None:
    session.info.pop(WROTE, None)


def track_writes() -> None:
    """Have every session remember whether its transaction has flushed anything (once per process)."""
    if not event.contains(Session, "after_flush", _flushed):
        event.listen(Session, "after_flush", _flushed)
        for name in ("after_commit", "after_rollback", "after_soft_rollback"):
            event.listen(Session, name, _ended)


def session_wrote(session) -> bool:
    """Whether the session's transaction has written (flushed) anything that is not yet committed."""
    return bool(session.info.get(WROTE))


def fold_text(value):
    """Text as searches and sorts compare it: each character lowercased on its own (Unicode's simple
    mapping, so "Σ" is always "σ" and "İ" is "i"), which is what PostgreSQL's lower() does in a UTF-8
    locale. The needle typed and the column searched are folded alike."""
    if not isinstance(value, str):
        return value
    if value.isascii():
        return value.lower()
    return "".join(character.lower()[0] for character in value)


class _Fold(FunctionElement):
    type = String()
    inherit_cache = True


@compiles(_Fold)
def _fold_by_lower(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(_Fold, "sqlite")
def _fold_by_function(element, compiler, **kw):
    return f"fold({compiler.process(element.clauses, **kw)})"


def fold(expression) -> _Fold:
    """The SQL twin of fold_text: lower() on PostgreSQL, the fold() every SQLite connection gets."""
    return _Fold(expression)


def contains_folded(column, text: str):
    """`column` contains `text` in any case; % and _ in `text` are matched as themselves."""
    return fold(column).contains(fold_text(text), autoescape=True)


def starts_with_folded(column, text: str):
    """`column` starts with `text` in any case; % and _ in `text` are matched as themselves."""
    return fold(column).startswith(fold_text(text), autoescape=True)


# SQLite bounds the parameters of a statement; a long list is asked about this many at a time there.
IN_LIST_CHUNK = 500


def in_list_chunks(values: list) -> Iterator[list]:
    """`values` in parts each `among` can take: whole on PostgreSQL, IN_LIST_CHUNK at a time elsewhere."""
    size = max(len(values), 1) if db.engine.dialect.name == "postgresql" else IN_LIST_CHUNK
    for start in range(0, len(values), size):
        yield values[start:start + size]


def among(column, values: list):
    """`column IN values` for lists of thousands: on PostgreSQL one array parameter (`= ANY`), which it
    reads in a fifth of the time it takes over as many parameters as values; a plain IN elsewhere."""
    if db.engine.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


def _check_lower_folds_unicode(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SELECT lower('ЁΣ')")
    folded = cursor.fetchone()[0]
    cursor.close()
    dbapi_connection.rollback()
    if folded != fold_text("ЁΣ"):
        log.warning("This PostgreSQL database's lower() folds ASCII letters only, so searches ignore "
                    "case in ASCII only: create the database with a UTF-8 LC_CTYPE.")


def _sqrt(value):
    return None if value is None or value < 0 else math.sqrt(value)
