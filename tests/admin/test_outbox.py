"""The outbox: messages of the development mail backend, filtered by recipient; SMTP is announced."""

from __future__ import annotations

from lie_review.extensions import db
from lie_review.mail import OutboxMessage


def test_outbox_filters_by_recipient(app, client, admin):
    with app.app_context():
        db.session.add_all([OutboxMessage(recipient="maria@example.org", subject="For Maria", body="Hello <Maria>"),
                            OutboxMessage(recipient="chen@example.org", subject="For Chen", body="Hello Chen")])
        db.session.commit()
    everything = client.get("/admin/outbox").get_data(as_text=True)
    assert "For Maria" in everything and "For Chen" in everything and "Hello &lt;Maria&gt;" in everything
    assert "development mail backend keeps every message here" in everything
    maria = client.get("/admin/outbox?to=MARIA").get_data(as_text=True)
    assert "For Maria" in maria and "For Chen" not in maria
    nobody = client.get("/admin/outbox?to=nobody").get_data(as_text=True)
    assert "No messages match." in nobody


def test_outbox_says_when_mail_goes_through_smtp(app, client, admin):
    app.config["MAIL_BACKEND"] = "flask_mailman.backends.smtp.EmailBackend"
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Mail is sent through the configured SMTP server" in page
