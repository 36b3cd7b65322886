"""Per-connection database settings: SQLite in WAL with foreign keys, write transactions IMMEDIATE."""

from __future__ import annotations

import math
import sqlite3

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def configure_engine(engine: Engine) -> None:
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

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # A request that may write takes the write lock up front, so two writers queue on the
        # busy timeout instead of one failing with "database is locked" half-way through.
        if has_request_context() and request.method in READ_METHODS and not g.pop("write_on_read", False):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def write_on_read() -> None:
    """This GET request writes too (an export records its audit event): its next transaction begins
    IMMEDIATE like a POST's, because SQLite cannot turn a read into a write once another connection
    has written since the read began. Later transactions of the request (a streamed body) only read."""
    g.write_on_read = True


def _sqrt(value):
    return None if value is None or value < 0 else math.sqrt(value)
