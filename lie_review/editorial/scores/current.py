"""Who builds a call's scores, and when: the first request to need a version claims the build, and
the others read the version they have until the new one is stored, rather than build it again.

A claim is a short write of call_scores.building_until, so nobody holds a lock while a build computes:
the builder reads everything in one snapshot (its version included, so the rows are labelled with the
version they are of), then writes the rows in a short transaction. A waiter polls the state, which
only reads, so it waits for the one build in progress and never queues behind others. A builder that
dies frees its claim when building_until passes.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import has_request_context
from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ...case_studies.models import Call
from ...clock import utcnow
from ...database import commit_keeping_loaded, next_transaction_writes, request_writes, session_wrote
from ...extensions import db
from .build import build_in_place, compute, read_state, store
from .models import CallScores

CLAIM = timedelta(seconds=60)
POLL_SECONDS = 0.01


def current_scores(call: Call, state: CallScores | None = None) -> CallScores:
    """The call's built scores, as of its version when the request read the call or later; built first
    (or waited for) if they are behind.

    Inside a transaction that has written, the build runs in it (it cannot commit first); otherwise in
    transactions of its own, after committing the reads before it.
    """
    if state is None:
        state = db.session.get(CallScores, call.id)
    wanted = call.scores_version
    if state is not None and state.version >= wanted:
        return state
    if session_wrote(db.session):
        return build_in_place(call.id)
    writes = has_request_context() and request_writes()
    commit_keeping_loaded()
    try:
        return _build_or_wait(call.id, wanted)
    finally:
        if writes:
            next_transaction_writes()  # the request's own write still begins IMMEDIATE


def _build_or_wait(call_id: int, wanted: int) -> CallScores:
    while True:
        claimed, state = _claim(call_id, wanted)
        if state.version >= wanted:
            return state
        if claimed:
            return _build(call_id)
        while state.version < wanted and state.building_until is not None and state.building_until > utcnow():
            time.sleep(POLL_SECONDS)
            state = read_state(call_id)
            commit_keeping_loaded()
        if state.version >= wanted:
            return state


def _claim(call_id: int, wanted: int) -> tuple[bool, CallScores]:
    """Claim the call's next build unless it is built as far as `wanted` or someone holds a live claim."""
    next_transaction_writes()
    db.session.execute(_insert_missing(call_id))
    now = utcnow()
    claimed = db.session.execute(
        update(CallScores).where(CallScores.call_id == call_id, CallScores.version < wanted,
                                 or_(CallScores.building_until.is_(None), CallScores.building_until < now))
        .values(building_until=now + CLAIM).execution_options(synchronize_session=False)).rowcount == 1
    state = read_state(call_id)
    commit_keeping_loaded()
    return claimed, state


def _insert_missing(call_id: int):
    """The state row of a call never built, as version -1, unless it exists (whoever inserts it first)."""
    values = {"call_id": call_id, "version": -1, "case_studies": 0, "statuses": {}, "panels": [],
              "built_at": utcnow(), "build_seconds": 0.0}
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(CallScores).values(**values).on_conflict_do_nothing(index_elements=["call_id"])


def _build(call_id: int) -> CallScores:
    """Compute in one snapshot (a read transaction), then store in a short write transaction."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    version = db.session.execute(select(Call.scores_version).where(Call.id == call_id)).scalar_one()
    computed = compute(call_id, version)
    commit_keeping_loaded()
    next_transaction_writes()
    state = read_state(call_id)
    if state.version < version:
        state = store(call_id, version, computed, state)
    else:
        state.building_until = None
    commit_keeping_loaded()
    return state
