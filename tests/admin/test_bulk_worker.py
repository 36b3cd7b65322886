"""A bulk invitation outlives its worker: killed in the middle, the next worker finishes it and invites nobody twice."""

from __future__ import annotations

import signal
import time

import pytest
from sqlalchemy import func, select

from lie_review.auth.models import Invitation
from lie_review.extensions import db
from lie_review.jobs.models import Job
from lie_review.mail import OutboxMessage

from .test_bulk_invitations import HEADER, people, previewed, sent_job

ROWS = 3000  # fifteen steps of 200: time enough to kill the worker between the first and the last


@pytest.fixture
def jobs_url(tmp_path):
    return f"sqlite:///{tmp_path / 'jobs.sqlite3'}"


def wait_for(check, seconds: float = 120, every: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return False


def test_a_worker_killed_mid_invitation_is_followed_by_one_that_invites_nobody_twice(app, client, admin,
                                                                                     job_workers):
    batch_id, _page = previewed(client, HEADER + "\n" + people(ROWS))
    job_id = sent_job(client, batch_id)

    def job() -> Job:
        with app.app_context():
            found = db.session.get(Job, job_id)
            db.session.expunge(found)
            return found

    def counts() -> tuple[int, int]:
        with app.app_context():
            return (db.session.execute(select(func.count(Invitation.id))).scalar_one(),
                    db.session.execute(select(func.count(OutboxMessage.id))).scalar_one())

    first = job_workers()
    assert wait_for(lambda: 400 <= job().done <= ROWS - 800), job().done
    first.send_signal(signal.SIGKILL)  # in the middle of a step, most likely: steps are most of the time
    first.wait(timeout=30)
    stopped = job()
    assert stopped.state == "running" and 0 < stopped.done < ROWS
    assert counts() == (stopped.done, stopped.done)  # exactly the committed steps' invitations, and their mail

    job_workers()
    assert wait_for(lambda: job().state == "done"), (job().state, job().done, job().error)
    finished = job()
    assert (finished.done, finished.result, finished.attempts) == (ROWS, {"sent": ROWS, "skipped": 0}, 2)
    with app.app_context():
        per_address = dict(db.session.execute(
            select(Invitation.email, func.count()).group_by(Invitation.email)).all())
        mails = dict(db.session.execute(
            select(OutboxMessage.recipient, func.count()).group_by(OutboxMessage.recipient)).all())
    expected = {f"person{i}@example.org": 1 for i in range(ROWS)}
    assert per_address == expected
    assert mails == expected
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Done." in page and "3,000 invitations sent." in page
