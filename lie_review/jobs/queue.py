"""The queue that tells workers there is work: huey, on SQLite in `instance/` or on Redis.

Work is asked for after the change that causes it commits (`after_commit`): a rolled-back change asks
for nothing, and a committed one always has its row in the database (an outbox message, a job), which a
worker finds again if the queue lost the request (lie_review/jobs/maintenance.py). So the queue needs to
be neither transactional nor durable, only fast; its tasks carry nothing but a row's id.

JOBS_URL picks the storage: `sqlite:///path` (the default, for `make run`: no server to run),
`redis://host:port/db` (production: every host and worker shares it), `memory://` (tests, which run what
was queued with `run_queued`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey
from huey.api import Huey
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..logs import log_context

log = logging.getLogger(__name__)

# Task name -> function of plain arguments; each runs in an app context of its own (so a session of its own).
TASKS: dict[str, Callable[..., None]] = {}
PENDING = "lie_review.jobs.after_commit"


def task(name: str):
    """Register `fn` as the task `name`, which `later`/`now` ask workers to run."""
    def register(fn: Callable[..., None]) -> Callable[..., None]:
        TASKS[name] = fn
        return fn
    return register


def make_huey(url: str) -> Huey:
    """The huey for JOBS_URL; its results are not kept (tasks report through the database)."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey("lie_review", filename=str(path), results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("lie_review", url=url, results=False)
    if url.startswith("memory://"):
        return MemoryHuey("lie_review", results=False)
    raise RuntimeError(f"JOBS_URL {url!r} is not sqlite:///path, redis://host:port/db or memory://")


def init_app(app: Flask) -> None:
    """Bind a huey to the app and register every task with it, each run inside an app context."""
    huey = make_huey(app.config["JOBS_URL"])
    app.extensions["jobs"] = Queue(huey, {name: huey.task(name=name)(_in_app_context(app, name, fn))
                                          for name, fn in TASKS.items()})
    if not event.contains(Session, "after_commit", _ring_after_commit):
        event.listen(Session, "after_commit", _ring_after_commit)
        event.listen(Session, "after_rollback", _forget_after_rollback)


class Queue:
    """The app's huey and its task wrappers, by name."""

    def __init__(self, huey: Huey, wrappers: dict):
        self.huey = huey
        self.wrappers = wrappers

    def ring(self, name: str, args: tuple, delay: float | None = None) -> None:
        if delay:
            self.wrappers[name].schedule(args=args, delay=delay)
        else:
            self.wrappers[name](*args)


def _in_app_context(app: Flask, name: str, fn: Callable[..., None]) -> Callable[..., None]:
    def run(*args) -> None:
        with app.app_context(), log_context(task=name, task_args=list(args)):
            fn(*args)
    run.__name__ = fn.__name__
    return run


def queue_of(app: Flask | None = None) -> Queue:
    return (app or current_app).extensions["jobs"]


def now(name: str, *args, delay: float | None = None) -> None:
    """Ask a worker to run task `name` now (or in `delay` seconds), whatever becomes of any transaction."""
    queue_of().ring(name, args, delay)


def later(session: Session, name: str, *args) -> None:
    """Ask a worker to run task `name` once `session` commits; its rollback forgets the request."""
    session.info.setdefault(PENDING, []).append((current_app._get_current_object(), name, args))


def _ring_after_commit(session: Session) -> None:
    for app, name, args in session.info.pop(PENDING, ()):
        try:
            queue_of(app).ring(name, args)
        except Exception:  # the row is committed: a worker's sweep finds it, so the change stands
            log.exception("could not queue %s%r; the workers' sweep will find it", name, args)


def _forget_after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def run_queued(app: Flask, *, scheduled: bool = True, limit: int = 10_000) -> int:
    """Run, in this thread, what the queue holds (and, with `scheduled`, what it holds for later): the
    tests' worker. Returns how many tasks ran."""
    huey = queue_of(app).huey
    ran = 0
    while ran < limit:
        tasks = []
        one = huey.dequeue()
        if one is not None:
            tasks.append(one)
        elif scheduled:
            tasks = [*huey.storage.scheduled_items()]
            huey.storage.flush_schedule()
            tasks = [huey.deserialize_task(data) for data in tasks]
            for queued in tasks:
                queued.eta = None
        if not tasks:
            return ran
        for queued in tasks:
            huey.execute(queued)
            ran += 1
    return ran
