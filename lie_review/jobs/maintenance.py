"""What each worker does between tasks: say it is alive, find work the queue lost, drop expired files."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import delete, or_, select

from ..clock import utcnow
from ..extensions import db
from ..mail import QUEUED, SENDING, OutboxMessage
from . import queue
from .models import Job, JobFile, JobState, WorkerBeat
from .work import worker_name

log = logging.getLogger(__name__)

SWEEP_BATCH = 500


def beat(started_at: datetime) -> None:
    """Write this worker's heartbeat (its row made on the first beat)."""
    name = worker_name()
    row = db.session.get(WorkerBeat, name)
    if row is None:
        db.session.add(WorkerBeat(name=name, started_at=started_at, beat_at=utcnow()))
    else:
        row.beat_at = utcnow()
    db.session.commit()


def sweep(*, grace_seconds: float | None = None) -> int:
    """Ask again for the mail and jobs the database says are due but that no worker seems to have: a
    message or job queued for longer than the grace, a send or job whose holder's lease ran out.

    Only while the queue is empty, so a long queue of fresh work is not doubled; a request asked twice
    is harmless (the second finds the row claimed or done). Returns how many were asked for again."""
    huey = queue.queue_of().huey
    if huey.pending_count():
        return 0
    grace = current_app.config["JOBS_SWEEP_GRACE_SECONDS"] if grace_seconds is None else grace_seconds
    now = utcnow()
    before = now - timedelta(seconds=grace)
    messages = db.session.execute(
        select(OutboxMessage.id).where(or_(
            (OutboxMessage.state == QUEUED) & (OutboxMessage.next_attempt_at <= before),
            (OutboxMessage.state == SENDING) & (OutboxMessage.claimed_until < now)))
        .order_by(OutboxMessage.id).limit(SWEEP_BATCH)).scalars().all()
    jobs = db.session.execute(
        select(Job.id).where(or_(
            (Job.state == JobState.QUEUED.value) & (Job.created_at <= before),
            (Job.state == JobState.RUNNING.value) & (Job.lease_until < now)))
        .order_by(Job.id).limit(SWEEP_BATCH)).scalars().all()
    db.session.rollback()
    for message_id in messages:
        queue.now("deliver_mail", message_id)
    for job_id in jobs:
        queue.now("run_job", job_id)
    if messages or jobs:
        log.info("asked again for %d messages and %d jobs", len(messages), len(jobs))
    return len(messages) + len(jobs)


def purge() -> None:
    """Delete job files past their day, and heartbeats of workers gone for a week."""
    now = utcnow()
    db.session.execute(delete(JobFile).where(JobFile.expires_at < now))
    db.session.execute(delete(WorkerBeat).where(WorkerBeat.beat_at < now - timedelta(days=7)))
    db.session.commit()


def keep_up(app: Flask, stop: threading.Event) -> None:
    """The maintenance loop: beat, sweep and purge every WORKER_BEAT_SECONDS until `stop` is set."""
    started_at = utcnow()
    first = True
    while True:
        with app.app_context():
            try:
                beat(started_at)
                sweep(grace_seconds=0 if first else None)
                purge()
            except Exception:  # the database may be away for a while; the next round tries again
                log.exception("worker maintenance failed")
                db.session.rollback()
        first = False
        if stop.wait(app.config["WORKER_BEAT_SECONDS"]):
            with app.app_context():  # a worker that stops says so, rather than being reported late
                db.session.execute(delete(WorkerBeat).where(WorkerBeat.name == worker_name()))
                db.session.commit()
            return
