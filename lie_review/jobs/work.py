"""Running a job: claimed with a lease, worked in steps that each commit their work with the job's cursor.

A kind of job is a function `run(job, steps)` registered with `kind(name)`; it does its work in steps,
each one `with steps.step() as job:`, reading where to go on from `job.done` (the job's row, locked) and
moving it on — the block's changes and the job's progress commit together, so a
worker that dies in the middle of a step loses that step only, and the job, claimed again once its lease
has run out, starts after the last committed step: nothing is done twice. A job whose kind raises is
failed with the error's message, which its page shows, and can be retried from there.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from ..clock import utcnow
from ..extensions import db
from . import queue
from .models import Job, JobState

log = logging.getLogger(__name__)



@dataclass(frozen=True)
class JobKind:
    """A kind of job: how it runs, who may follow it, what its page calls it and where it leads once done."""

    run: Callable[[Job, Steps], None]
    title: Callable[[Job], str]
    may_read: Callable[[Job, object], bool]
    # (label, URL) pairs its page offers once the job is done, besides the file it made, if any.
    links: Callable[[Job], list[tuple[str, str]]] = lambda job: []
    # Sentences its page shows under the progress bar: what the job has done so far (from `job.result`).
    summary: Callable[[Job], list[str]] = lambda job: []


KINDS: dict[str, JobKind] = {}


def worker_name() -> str:
    """This process, as its heartbeat and its claims name it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


class JobFailed(Exception):
    """Raised by a kind to fail its job with a message for the person who started it."""


class LeaseLost(Exception):
    """Another worker holds the job now (this one was taken for dead): stop without touching it."""


def kind(name: str, **described):
    """Register the function that runs jobs of kind `name`, with the rest of its JobKind."""
    def register(fn: Callable[[Job, Steps], None]):
        KINDS[name] = JobKind(run=fn, **described)
        return fn
    return register


def start(kind_name: str, *, created_by, call_id: int | None = None, total: int = 0,
          payload: dict | None = None) -> Job:
    """Add a queued job to the caller's transaction; a worker starts it once that commits."""
    job = Job(kind=kind_name, created_by_id=created_by.id if created_by else None, call_id=call_id, total=total,
              payload=payload or {}, state=JobState.QUEUED.value)
    db.session.add(job)
    db.session.flush()
    queue.later(db.session(), "run_job", job.id)
    return job


def retry(job: Job) -> bool:
    """Queue a failed job again, from where it stopped; False if it has not failed."""
    if job.state != JobState.FAILED.value:
        return False
    job.state, job.error, job.finished_at, job.lease_until = JobState.QUEUED.value, None, None, None
    queue.later(db.session(), "run_job", job.id)
    return True


def _lease():
    return utcnow() + timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])


def claim(job_id: int) -> Job | None:
    """Take the job for this worker if it is queued, or running under a lease that ran out. Each claim is
    its own holder, so a claim that was taken over (even by another thread of this process) stops."""
    now = utcnow()
    holder = f"{worker_name()}/{secrets.token_hex(4)}"
    claimed = db.session.execute(
        update(Job).where(Job.id == job_id, or_(
            Job.state == JobState.QUEUED.value,
            (Job.state == JobState.RUNNING.value) & (Job.lease_until < now)))
        .values(state=JobState.RUNNING.value, lease_until=_lease(), worker=holder,
                attempts=Job.attempts + 1, started_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(Job, job_id) if claimed else None


class Steps:
    """A running job's steps: each commits its changes with the job's cursor, under the job's lease."""

    def __init__(self, job: Job):
        self.job = job
        self.holder = job.worker

    @contextmanager
    def step(self):
        """Lock the job and check this claim still holds it; run the block (which moves `job.done` on);
        renew the lease; commit it all as one transaction."""
        job = self._locked()
        try:
            yield job
            job.lease_until = _lease()
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise

    def _locked(self) -> Job:
        job = db.session.execute(
            select(Job).where(Job.id == self.job.id).with_for_update()
            .execution_options(populate_existing=True)).scalar_one()
        if job.worker != self.holder or job.state != JobState.RUNNING.value:
            raise LeaseLost(job.id)
        self.job = job
        return job

    def set_total(self, total: int) -> None:
        with self.step() as job:
            job.total = total


@queue.task("run_job")
def run_job(job_id: int) -> None:
    """Run one job to its end (or to its failure); a job held by a live worker, or finished, is left alone."""
    job = claim(job_id)
    if job is None:
        return
    steps = Steps(job)
    try:
        KINDS[job.kind].run(job, steps)
    except LeaseLost:
        log.warning("job %s was taken over by another worker", job_id)
        return
    except JobFailed as error:
        _finish(steps, JobState.FAILED, str(error))
        return
    except Exception as error:
        log.exception("job %s (%s) failed", job_id, job.kind)
        db.session.rollback()
        _finish(steps, JobState.FAILED, f"{type(error).__name__}: {error}"[:1000])
        return
    _finish(steps, JobState.DONE, None)


def _finish(steps: Steps, state: JobState, error: str | None) -> None:
    try:
        job = steps._locked()
    except LeaseLost:
        return
    job.state, job.error, job.finished_at, job.lease_until = state.value, error, utcnow(), None
    if state is JobState.DONE:
        job.done = max(job.done, job.total)
    db.session.commit()
    log.info("job %s (%s) %s", job.id, job.kind, state.value)
