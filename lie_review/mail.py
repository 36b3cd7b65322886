"""Mail: queued in the transaction of the change that causes it, sent by a worker, retried until it goes.

`send_mail` renders the message and adds it to the outbox table in the caller's transaction, then asks a
worker to deliver it once that transaction commits (lie_review/jobs/queue.py): a change that rolls back
leaves no message, and one that commits always has its message kept. The worker claims the message, hands
it to the configured backend (SMTP in production; in development the outbox backend, which only logs, so
the admin's Outbox page is where mail is read) and records how it went; a refusal is retried with
back-off (MAIL_RETRY_SECONDS doubled each time, up to MAIL_ATTEMPTS tries), so an SMTP outage delays mail
and loses none. A message that failed every try waits on the Outbox page, where an admin can send it again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_mailman import EmailMessage
from flask_mailman.backends.base import BaseEmailBackend
from sqlalchemy import JSON, CheckConstraint, Index, String, Text, or_, update
from sqlalchemy.orm import Mapped, mapped_column

from .clock import UTCDateTime, utcnow
from .extensions import db, one_of
from .jobs import queue

log = logging.getLogger(__name__)

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
MAIL_STATES = (QUEUED, SENDING, SENT, FAILED)


def external_url(endpoint: str, **values) -> str:
    """A link for an email, built from BASE_URL and never from the request's Host (nor, for mail a worker
    writes, from any request at all)."""
    base = current_app.config["BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, _external=False, **values)
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, url_scheme=parts.scheme)
    return base + adapter.build(endpoint, values)


class OutboxMessage(db.Model):
    """One message: what it says, to whom, and how its delivery went (every try that failed, with why)."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(one_of("state", MAIL_STATES), name="state"),
        Index("ix_outbox_message_state_next", "state", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    # Each failed try: {"at": ISO time, "error": what the server or the network said}.
    failures: Mapped[list[dict]] = mapped_column(JSON, default=list)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A worker sending the message holds it until then; past it, the worker is taken for dead.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def message_id(self) -> str:
        """The same Message-ID on every try, so a receiver can tell a resend after a crash from new mail."""
        host = current_app.config["BASE_URL"].split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        return f"<outbox-{self.id}@{host or 'lie-review'}>"


class OutboxBackend(BaseEmailBackend):
    """The development backend: a message is 'sent' by being logged; the Outbox page shows it."""

    def send_messages(self, messages):
        for message in messages:
            message.message()  # validates headers as a real send would
            for recipient in message.recipients():
                log.info("mail to %s: %s\n%s", recipient, message.subject, message.body)
        return len(messages)


def configure(app) -> None:
    """MAIL_BACKEND 'outbox' (the default) keeps mail in the database only; 'smtp' sends it."""
    if app.config.get("MAIL_BACKEND", "outbox") == "outbox":
        app.config["MAIL_BACKEND"] = OutboxBackend


def uses_outbox() -> bool:
    return current_app.config["MAIL_BACKEND"] is OutboxBackend


def render_mail(template: str, *, locale: str, **context) -> tuple[str, str]:
    """(subject, body) of templates/email/<template>.txt in `locale`, whose first line is the subject."""
    with force_locale(locale):
        text = render_template(f"email/{template}.txt", **context)
    subject, _, body = text.partition("\n")
    return subject.strip(), body.lstrip("\n")


def send_mail(to: str, template: str, *, locale: str, **context) -> OutboxMessage:
    """Render templates/email/<template>.txt in the recipient's language and queue it for one address."""
    subject, body = render_mail(template, locale=locale, **context)
    return queue_message(to, subject, body)


def queue_message(to: str, subject: str, body: str) -> OutboxMessage:
    """Keep the message in the caller's transaction and have a worker deliver it once that commits."""
    message = OutboxMessage(recipient=to, subject=subject, body=body, state=QUEUED, next_attempt_at=utcnow())
    db.session.add(message)
    db.session.flush()
    queue.later(db.session(), "deliver_mail", message.id)
    return message


def _claim(message_id: int) -> OutboxMessage | None:
    """Take the message for this worker if it is due and nobody else holds it; None if not."""
    now = utcnow()
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, or_(
            (OutboxMessage.state == QUEUED) & or_(OutboxMessage.next_attempt_at.is_(None),
                                                   OutboxMessage.next_attempt_at <= now),
            (OutboxMessage.state == SENDING) & (OutboxMessage.claimed_until < now)))
        .values(state=SENDING, attempts=OutboxMessage.attempts + 1,
                claimed_until=now + timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"]))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(OutboxMessage, message_id) if claimed else None


def backoff(attempts: int) -> float:
    """Seconds before the next try after `attempts` tries: MAIL_RETRY_SECONDS, doubled each time, capped."""
    config = current_app.config
    return min(config["MAIL_RETRY_SECONDS"] * 2 ** max(attempts - 1, 0), config["MAIL_RETRY_MAX_SECONDS"])


@queue.task("deliver_mail")
def deliver(message_id: int) -> None:
    """Send one queued message; on failure keep why, and try again later or give up after MAIL_ATTEMPTS."""
    message = _claim(message_id)
    if message is None:
        return  # sent already, held by another worker, or not due yet
    try:
        EmailMessage(subject=message.subject, body=message.body, to=[message.recipient],
                     headers={"Message-ID": message.message_id}).send()
    except Exception as error:  # smtplib's refusals, the network's, a header the backend will not take
        _failed(message, f"{type(error).__name__}: {error}"[:1000])
        return
    message.state, message.sent_at, message.claimed_until = SENT, utcnow(), None
    if not uses_outbox():
        message.body = ""  # a sent message's links (password resets, invitations) are not kept for admins to read
    db.session.commit()
    log.info("mail %s to %s sent after %d tries", message.id, message.recipient, message.attempts)


def _failed(message: OutboxMessage, error: str) -> None:
    now = utcnow()
    message.failures = [*message.failures, {"at": now.isoformat(timespec="seconds"), "error": error}]
    message.claimed_until = None
    if message.attempts >= current_app.config["MAIL_ATTEMPTS"]:
        message.state, message.next_attempt_at = FAILED, None
        db.session.commit()
        log.error("mail %s to %s failed %d times, last: %s", message.id, message.recipient, message.attempts, error)
        return
    delay = backoff(message.attempts)
    message.state, message.next_attempt_at = QUEUED, now + timedelta(seconds=delay)
    db.session.commit()
    log.warning("mail %s to %s not sent (%s); trying again in %ss", message.id, message.recipient, error, delay)
    queue.now("deliver_mail", message.id, delay=delay)


def send_again(message: OutboxMessage) -> bool:
    """An admin's retry of a failed message: due at once, its tries counted afresh. False if not failed."""
    if message.state != FAILED:
        return False
    message.state, message.attempts, message.next_attempt_at = QUEUED, 0, utcnow()
    queue.later(db.session(), "deliver_mail", message.id)
    return True
