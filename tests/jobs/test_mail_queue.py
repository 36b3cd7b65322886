"""Mail goes out through the queue: kept with the change that causes it, sent by a worker, retried."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from lie_review.extensions import db
from lie_review.extensions import mail as mailman
from lie_review.jobs.maintenance import sweep
from lie_review.jobs.queue import queue_of, run_queued
from lie_review.mail import FAILED, QUEUED, SENT, OutboxMessage, send_mail

from ..factories import make_user
from ..helpers import free_port, outbox


class RefusingThenAccepting:
    """An SMTP server's DATA handler that refuses the first `refusals` messages with a 451, then takes them."""

    def __init__(self, refusals: int):
        self.refusals = refusals
        self.received: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        if self.refusals:
            self.refusals -= 1
            return "451 4.3.0 Try again later"
        self.received.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


@pytest.fixture
def smtp(app):
    """A local SMTP server, and the app sending through it with retries due at once."""
    servers = []

    def start(refusals: int = 0) -> RefusingThenAccepting:
        handler = RefusingThenAccepting(refusals)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                          MAIL_TIMEOUT=5, MAIL_RETRY_SECONDS=0)
        mailman.init_app(app)
        return handler

    yield start
    for controller in servers:
        controller.stop()


def queued_tasks(app) -> int:
    return queue_of(app).huey.pending_count()


def test_mail_of_a_change_that_rolls_back_is_never_sent(app):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        db.session.commit()
        send_mail("amy@example.org", "reset_password", locale="en", user={"name": "Amy"}, url="http://x", hours=2)
        db.session.rollback()
        assert outbox() == []
    assert queued_tasks(app) == 0
    assert run_queued(app) == 0


def test_mail_of_a_committed_change_is_queued_then_sent(app):
    with app.app_context():
        send_mail("amy@example.org", "reset_password", locale="en", user={"name": "Amy"}, url="http://x", hours=2)
        db.session.commit()
        [message] = outbox()
        assert message.state == QUEUED and message.sent_at is None
    assert queued_tasks(app) == 1
    assert run_queued(app) == 1
    with app.app_context():
        [message] = outbox()
        assert (message.state, message.attempts) == (SENT, 1) and message.sent_at is not None


def test_a_server_that_refuses_twice_then_accepts_gets_the_message_once(app, client, admin, smtp):
    server = smtp(refusals=2)
    with app.app_context():
        send_mail("amy@example.org", "reset_password", locale="en", user={"name": "Amy"}, url="http://x/reset", hours=2)
        db.session.commit()
    run_queued(app)
    assert len(server.received) == 1 and "http://x/reset" in server.received[0]
    assert "Message-ID: <outbox-" in server.received[0]
    with app.app_context():
        [message] = outbox()
        assert (message.state, message.attempts, len(message.failures)) == (SENT, 3, 2)
        assert all("451" in failure["error"] for failure in message.failures)
        assert message.body == ""  # its one-time link is not kept once sent
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "at try 3" in page and "2 failed tries" in page and "Try again later" in page


def test_an_outage_fails_the_message_after_every_try_and_an_admin_sends_it_again(app, client, admin, smtp):
    smtp()
    app.config.update(MAIL_PORT=free_port(), MAIL_ATTEMPTS=3)  # nobody listens there
    mailman.init_app(app)
    with app.app_context():
        send_mail("amy@example.org", "reset_password", locale="en", user={"name": "Amy"}, url="http://x", hours=2)
        db.session.commit()
    run_queued(app)
    with app.app_context():
        [message] = outbox()
        assert (message.state, message.attempts, len(message.failures)) == (FAILED, 3, 3)
        assert message.body  # kept until it is sent
        message_id = message.id
    page = client.get("/admin/outbox?state=failed").get_data(as_text=True)
    assert "3 tries, none went through" in page and "Send again" in page

    server = smtp()  # the server is back
    response = client.post(f"/admin/outbox/{message_id}/send", data={})
    assert response.status_code == 303
    run_queued(app)
    assert len(server.received) == 1
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).state == SENT
    again = client.post(f"/admin/outbox/{message_id}/send", data={}, follow_redirects=True)
    assert "Only a message that failed can be sent again." in again.get_data(as_text=True)


def test_a_message_whose_task_the_queue_lost_is_found_by_the_sweep(app):
    with app.app_context():
        send_mail("amy@example.org", "reset_password", locale="en", user={"name": "Amy"}, url="http://x", hours=2)
        db.session.commit()
    queue_of(app).huey.flush()  # the queue's storage lost it (Redis restarted empty, say)
    assert run_queued(app) == 0
    with app.app_context():
        assert sweep(grace_seconds=0) == 1
    assert run_queued(app) == 1
    with app.app_context():
        assert db.session.execute(select(OutboxMessage.state)).scalar_one() == SENT


def test_a_message_sent_already_is_not_sent_again_when_asked_twice(app, smtp):
    server = smtp()
    with app.app_context():
        message = send_mail("amy@example.org", "reset_password", locale="en", user={"name": "Amy"}, url="http://x", hours=2)
        db.session.commit()
        queue_of(app).wrappers["deliver_mail"](message.id)  # a second doorbell, from a sweep say
    run_queued(app)
    assert len(server.received) == 1
