"""Jobs: claimed with a lease, worked in steps that commit with their cursor, never doing a step twice."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from lie_review.audit import AuditEvent, record
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.jobs import work
from lie_review.jobs.maintenance import sweep
from lie_review.jobs.models import Job
from lie_review.jobs.queue import run_queued

CRASH_AT: dict[int, int] = {}  # job id -> the item whose step dies, as a worker killed there would


class WorkerDied(BaseException):
    """Not an Exception: like SIGKILL, nothing in the job catches it."""


def count_items(job: Job, steps: work.Steps) -> None:
    """Record one audit event per item, two items a step."""
    steps.set_total(job.payload["items"])
    while True:
        with steps.step() as locked:
            if locked.done >= locked.total:
                return
            for item in range(locked.done, min(locked.done + 2, locked.total)):
                if CRASH_AT.get(locked.id) == item:
                    del CRASH_AT[locked.id]
                    raise WorkerDied
                record("test.item", object_type="item", object_id=item, actor=None)
            locked.done = min(locked.done + 2, locked.total)


def fail_always(job: Job, steps: work.Steps) -> None:
    if not job.payload.get("fixed"):
        raise work.JobFailed("the input is wrong")
    with steps.step() as locked:
        locked.done = locked.total


work.kind("test_items", title=lambda job: "Items", may_read=lambda job, user: True)(count_items)
work.kind("test_fails", title=lambda job: "Fails", may_read=lambda job, user: True)(fail_always)


def items_recorded() -> list[int]:
    return sorted(db.session.execute(select(AuditEvent.object_id).where(AuditEvent.action == "test.item")).scalars())


def start(app, kind: str, **payload) -> int:
    with app.app_context():
        job = work.start(kind, created_by=None, payload=payload)
        db.session.commit()
        return job.id


def test_a_job_runs_to_done_after_its_commit(app):
    job_id = start(app, "test_items", items=7)
    assert run_queued(app) == 1
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.state, job.done, job.total, job.attempts) == ("done", 7, 7, 1)
        assert items_recorded() == list(range(7))


def test_a_job_of_a_change_that_rolls_back_never_runs(app):
    with app.app_context():
        work.start("test_items", created_by=None, payload={"items": 3})
        db.session.rollback()
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 0
    assert run_queued(app) == 0


def test_a_failed_job_says_why_and_runs_again_when_retried(app):
    job_id = start(app, "test_fails")
    run_queued(app)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.state, job.error) == ("failed", "the input is wrong")
        job.payload = {"fixed": True}
        assert work.retry(job)
        db.session.commit()
    run_queued(app)
    with app.app_context():
        assert db.session.get(Job, job_id).state == "done"
        assert not work.retry(db.session.get(Job, job_id))


def test_a_job_asked_for_twice_runs_once(app):
    job_id = start(app, "test_items", items=5)
    with app.app_context():
        app.extensions["jobs"].wrappers["run_job"](job_id)
    assert run_queued(app) == 2
    with app.app_context():
        assert items_recorded() == list(range(5))
        assert db.session.get(Job, job_id).attempts == 1


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.integers(min_value=1, max_value=9), crash=st.integers(min_value=0, max_value=8))
def test_a_worker_dying_mid_step_loses_that_step_only_and_the_job_carries_on(app, items, crash):
    with app.app_context():
        db.session.execute(AuditEvent.__table__.delete())
        db.session.commit()
    job_id = start(app, "test_items", items=items)
    CRASH_AT[job_id] = crash % items
    try:
        run_queued(app)
    except WorkerDied:
        pass
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.state == "running" and job.done == (crash % items) // 2 * 2
        assert items_recorded() == list(range(job.done))  # the dead step's work is not there
        assert sweep(grace_seconds=0) == 0  # its lease still runs: a live worker may hold it
    with time_machine.travel(utcnow() + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)):
        with app.app_context():
            assert sweep(grace_seconds=0) == 1
        run_queued(app)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.state, job.done, job.attempts) == ("done", items, 2)
        assert items_recorded() == list(range(items))  # every item once


def test_a_claim_taken_over_stops_without_touching_the_job(app):
    job_id = start(app, "test_items", items=4)
    with app.app_context():
        first = work.claim(job_id)
        steps = work.Steps(first)
        with time_machine.travel(utcnow() + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)):
            assert work.claim(job_id) is not None  # another worker took it over
        try:
            with steps.step() as locked:
                locked.done = 4
        except work.LeaseLost:
            pass
        else:
            raise AssertionError("the old claim went on")
        assert db.session.get(Job, job_id).done == 0
