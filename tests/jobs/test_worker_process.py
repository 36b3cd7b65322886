"""The real worker process: it beats, delivers what was queued before it started, and stops on Ctrl-C."""

from __future__ import annotations

import signal
import time

import pytest
from sqlalchemy import select

from lie_review.extensions import db
from lie_review.jobs.models import WorkerBeat
from lie_review.mail import SENT, OutboxMessage, send_mail


@pytest.fixture
def jobs_url(tmp_path):
    return f"sqlite:///{tmp_path / 'jobs.sqlite3'}"


def wait_for(check, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_delivers_the_mail_queued_before_it_started_and_beats_until_stopped(app, job_workers):
    with app.app_context():
        for n in range(3):
            send_mail(f"amy{n}@example.org", "reset_password", locale="en", user={"name": "Amy"}, url="http://x", hours=2)
        db.session.commit()

    def states():
        with app.app_context():
            return db.session.execute(select(OutboxMessage.state)).scalars().all()

    worker = job_workers()
    assert wait_for(lambda: states() == [SENT] * 3), states()

    def beats():
        with app.app_context():
            return db.session.execute(select(WorkerBeat.name)).scalars().all()

    assert wait_for(lambda: len(beats()) == 1)
    worker.send_signal(signal.SIGINT)  # Ctrl-C: it finishes what it holds and says it has stopped
    assert worker.wait(timeout=30) == 0
    assert beats() == []
