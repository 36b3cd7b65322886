"""Sending email: SMTP in production, an outbox in the database for development."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_mailman import EmailMessage
from flask_mailman.backends.base import BaseEmailBackend
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .clock import UTCDateTime, utcnow
from .extensions import db

log = logging.getLogger(__name__)


def external_url(endpoint: str, **values) -> str:
    """A link for an email, built from BASE_URL and never from the request's Host."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, _external=False, **values)


class OutboxMessage(db.Model):
    """A message the development backend 'sent': kept so admins can read it in the outbox."""

    __tablename__ = "outbox_message"
    id: Mapped[int] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)


class OutboxBackend(BaseEmailBackend):
    """Writes each message to the log and to the outbox table, in the caller's transaction."""

    def send_messages(self, messages):
        for message in messages:
            message.message()  # validates headers as a real send would
            for recipient in message.recipients():
                log.info("mail to %s: %s\n%s", recipient, message.subject, message.body)
                db.session.add(OutboxMessage(recipient=recipient, subject=message.subject, body=message.body))
        return len(messages)


def configure(app) -> None:
    """MAIL_BACKEND 'outbox' (the default) keeps mail in the database; 'smtp' sends it."""
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


def send_mail(to: str, template: str, *, locale: str, **context) -> None:
    """Render templates/email/<template>.txt in the recipient's language and send it to one address."""
    subject, body = render_mail(template, locale=locale, **context)
    EmailMessage(subject=subject, body=body, to=[to]).send()
