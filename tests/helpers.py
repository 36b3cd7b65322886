"""Small helpers for reading what the app sent."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event, select

from lie_review.extensions import db
from lie_review.mail import OutboxMessage


def outbox(to: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to is not None:
        query = query.where(OutboxMessage.recipient == to)
    return list(db.session.execute(query).scalars())


def link_in(message: OutboxMessage) -> str:
    """The path of the first link in a message, checked to use the configured base URL."""
    match = re.search(r"(https?://\S+)", message.body)
    assert match, f"no link in {message.body!r}"
    url = match.group(1)
    assert url.startswith("http://lie-review.test/"), url
    return url[len("http://lie-review.test"):]


@contextmanager
def count_queries(engine=None):
    """Count the SQL statements run inside the block: `with count_queries() as queries: ...; len(queries)`."""
    engine = engine or db.engine
    statements: list[str] = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)
