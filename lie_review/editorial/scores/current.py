"""Who builds a call's scores, and when, for requests that only read: the first to need a version
claims its build, and the others wait for it, reading only, rather than build it again.

The builder opens a snapshot and reads the version in it (so the rows are labelled with the version
they are of), then claims that version on a connection of its own (call_scores.building_version and
building_until, committed at once), computes, and stores in a short write transaction. Nobody holds a
lock while a build computes. A request that wants a version no claim covers builds it beside any
older build in progress, so nobody waits on more than the one build that will answer them. A
builder that dies frees its claim when building_until passes.

Requests that write (and commands) build inside their own transaction instead: build.build_in_place.
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
from ...jobs import queue
from .build import build_in_place, compute, read_state, store
from .models import CallScores

CLAIM = timedelta(seconds=60)
POLL_SECONDS = 0.01


def current_scores(call: Call, state: CallScores | None = None) -> CallScores:
    """The call's built scores, as of its version when the request read the call or later; built first
    (or waited for) if they are behind.

    A request that only reads commits what it read so far and builds (or waits) in transactions of its
    own. Anything else (a POST, an export that records itself, a command) builds inside its own
    transaction, which commits the build with the rest.
    """
    if state is None:
        state = db.session.get(CallScores, call.id)
    wanted = call.scores_version
    if state is not None and state.version >= wanted:
        return state
    if not has_request_context() or request_writes() or session_wrote(db.session):
        return build_in_place(call.id)
    commit_keeping_loaded()
    return _build_or_wait(call.id, wanted)


@queue.task("build_scores")
def build_scores(call_id: int) -> None:
    """A worker's build of a call's scores, in one transaction holding the build's locks: a page asking
    meanwhile waits on them for this build rather than computing its own. Nothing if they are built
    already, or the call is gone."""
    if db.session.get(Call, call_id) is not None:
        build_in_place(call_id)
    db.session.commit()


def _build_or_wait(call_id: int, wanted: int) -> CallScores:
    while True:
        state = _state(call_id)
        if state is not None and state.version >= wanted:
            return state
        if state is not None and _live_claim(state, wanted):
            state = _wait(call_id, wanted)
            if state.version >= wanted:
                return state
            continue  # the claim lapsed: its builder died
        built = _build(call_id)
        if built is not None:
            return built


def _wait(call_id: int, wanted: int) -> CallScores:
    """Someone is building a version this request wants: poll, reading only, until it is stored."""
    state = _state(call_id)
    while state.version < wanted and _live_claim(state, wanted):
        time.sleep(POLL_SECONDS)
        state = _state(call_id)
    return state


def _state(call_id: int) -> CallScores | None:
    state = read_state(call_id)
    commit_keeping_loaded()
    return state


def _live_claim(state: CallScores, wanted: int) -> bool:
    return (state.building_until is not None and state.building_until > utcnow()
            and state.building_version is not None and state.building_version >= wanted)


def _build(call_id: int) -> CallScores | None:
    """Open a snapshot, claim the build of its version, compute, then store in a short write
    transaction; None when someone else holds the claim for that version (or a later one)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    version = db.session.execute(select(Call.scores_version).where(Call.id == call_id)).scalar_one()
    if not _claim(call_id, version):
        db.session.rollback()
        return None
    computed = compute(call_id, version)
    commit_keeping_loaded()
    next_transaction_writes()
    state = read_state(call_id, for_update=True)
    mine = state.building_version == version
    if state.version < version:
        state = store(call_id, version, computed, state, release=mine)
    elif mine:
        state.building_until = state.building_version = None
    commit_keeping_loaded()
    return state


def _claim(call_id: int, version: int) -> bool:
    """Claim the build of `version` on a connection of its own, committed at once so that others see it
    while this one computes: unless it is built, or someone claimed it (or a later one) and is alive."""
    now = utcnow()
    with db.engine.connect() as connection:
        connection.execute(_insert_missing(call_id))
        claimed = connection.execute(
            update(CallScores).where(CallScores.call_id == call_id, CallScores.version < version, or_(
                CallScores.building_until.is_(None), CallScores.building_until < now,
                CallScores.building_version.is_(None), CallScores.building_version < version))
            .values(building_until=now + CLAIM, building_version=version)).rowcount == 1
        connection.commit()
    return claimed


def _insert_missing(call_id: int):
    """The state row of a call never built, as version -1, unless it exists (whoever inserts it first)."""
    values = {"call_id": call_id, "version": -1, "case_studies": 0, "statuses": {}, "panels": [],
              "built_at": utcnow(), "build_seconds": 0.0}
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(CallScores).values(**values).on_conflict_do_nothing(index_elements=["call_id"])
