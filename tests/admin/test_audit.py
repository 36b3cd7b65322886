"""The audit trail: one event per action with before/after values; the page for admins and editors."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import select

from lie_review import audit
from lie_review.audit import AuditEvent
from lie_review.auth.models import Invitation
from lie_review.auth.operations import create_invitation
from lie_review.extensions import db
from lie_review.jobs.queue import run_queued

from ..factories import PASSWORD, economy, make_call, make_user
from ..helpers import count_queries, link_in, outbox


def last_event_id() -> int:
    return db.session.execute(select(AuditEvent.id).order_by(AuditEvent.id.desc())).scalars().first() or 0


class Trail:
    """The audit events written since the last look."""

    def __init__(self, app):
        self.app = app
        with app.app_context():
            self.seen = last_event_id()

    def new(self) -> list[AuditEvent]:
        with self.app.app_context():
            events = list(db.session.execute(
                select(AuditEvent).where(AuditEvent.id > self.seen).order_by(AuditEvent.id)).scalars())
            self.seen = last_event_id()
            db.session.expunge_all()
        return events


def only(events: list[AuditEvent], action: str) -> AuditEvent:
    assert [e.action for e in events] == [action], [e.action for e in events]
    return events[0]


def test_sign_in_and_failed_sign_in_write_one_event_each(app, client, auth):
    with app.app_context():
        user_id = make_user("applicant", email="amy@example.org").id
        db.session.commit()
    trail = Trail(app)
    auth.login("amy@example.org", "wrong password")
    failed = only(trail.new(), "user.login_failed")
    assert (failed.object_id, failed.before, failed.after) == (user_id, None, {"email": "amy@example.org"})
    auth.login("amy@example.org")
    login = only(trail.new(), "user.login")
    assert (login.actor_id, login.object_id, login.after) == (user_id, user_id, {"email": "amy@example.org"})


def test_each_admin_action_writes_exactly_one_event_with_before_and_after(app, client, admin):
    with app.app_context():
        person_id = make_user("applicant", email="pat@example.org", economy_code="THA", organisation="Old").id
        ct = economy("CT").id
        db.session.commit()
    trail = Trail(app)

    client.post(f"/admin/people/{person_id}/roles", data={"roles": ["applicant", "editor"]})
    event = only(trail.new(), "user.roles_changed")
    assert (event.actor_id, event.object_type, event.object_id) == (admin, "user", person_id)
    assert (event.before, event.after) == ({"roles": ["applicant"]}, {"roles": ["applicant", "editor"]})

    client.post(f"/admin/people/{person_id}/roles", data={"roles": ["applicant", "editor"]})
    assert trail.new() == []  # nothing changed, nothing written

    client.post(f"/admin/people/{person_id}/details", data={"economy": str(ct), "organisation": "Old"})
    event = only(trail.new(), "user.updated")
    assert (event.before, event.after) == ({"economy": "THA"}, {"economy": "CT"})

    client.post(f"/admin/people/{person_id}/deactivate")
    event = only(trail.new(), "user.deactivated")
    assert (event.before, event.after) == ({"active": True}, {"active": False})

    client.post(f"/admin/people/{person_id}/reactivate")
    event = only(trail.new(), "user.reactivated")
    assert (event.before, event.after) == ({"active": False}, {"active": True})

    client.post("/admin/invitations/new", data={"email": "new@example.org", "name": "New", "role": "editor",
                                                "economy": str(ct), "organisation": ""})
    event = only(trail.new(), "invitation.created")
    assert event.after == {"email": "new@example.org", "role": "editor", "economy": "CT"}
    with app.app_context():
        invitation_id = db.session.execute(select(Invitation.id)).scalar_one()

    client.post(f"/admin/invitations/{invitation_id}/resend")
    event = only(trail.new(), "invitation.resent")
    assert event.before["send_count"] == 1 and event.after["send_count"] == 2
    assert event.after["expires_at"] >= event.before["expires_at"]

    client.post(f"/admin/invitations/{invitation_id}/revoke")
    event = only(trail.new(), "invitation.revoked")
    assert event.before == {"revoked_at": None} and event.after["revoked_at"]


def test_csv_invitations_write_one_event_for_the_file_and_one_per_person(app, client, admin):
    preview = client.post("/admin/invitations/upload", content_type="multipart/form-data", data={
        "file": (io.BytesIO(b"email,name,role\na@example.org,A,editor\nb@example.org,B,admin\nbad,C,editor\n"),
                 "people.csv")})
    trail = Trail(app)
    assert trail.new() == []  # a preview changes nothing
    sent = client.post(preview.headers["Location"] + "/send", data={})
    [event] = trail.new()
    assert (event.action, event.actor_id, event.object_type, event.object_id) == (
        "invitation.batch_sent", admin, "job", int(sent.headers["Location"].rsplit("/", 1)[1]))
    assert event.after == {"file": "people.csv", "to_invite": 2, "members": 0, "invited": 0, "errors": 1}
    run_queued(app)
    events = trail.new()
    assert [(e.action, e.actor_id, e.after["email"]) for e in events] == [
        ("invitation.created", admin, "a@example.org"), ("invitation.created", admin, "b@example.org")]


def test_accepting_an_invitation_writes_one_acceptance(app, client):
    with app.app_context():
        invitation, token = create_invitation(email="ivy@example.org", name="Ivy", role="reviewer",
                                              economy_id=economy("RUS").id)
        db.session.commit()
        invitation_id = invitation.id
    trail = Trail(app)
    client.post(f"/invitations/{token}", data={"name": "Ivy", "password": PASSWORD, "confirm": PASSWORD})
    events = trail.new()
    assert [e.action for e in events] == ["invitation.accepted", "user.login"]
    accepted = events[0]
    assert accepted.object_id == invitation_id
    assert accepted.before == {"accepted_at": None}
    assert accepted.after["role"] == "reviewer" and accepted.after["accepted_at"]


def test_audit_events_cannot_be_edited_or_deleted_through_the_application(app):
    with app.app_context():
        event = audit.record("test.thing", object_type="thing", actor=None, after={"x": 1})
        db.session.commit()
        event.after = {"x": 2}
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEvent, event.id))
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()


def seed_events(app):
    """Account events (no call) and events of two calls, at known times."""
    with app.app_context():
        editor = make_user("editor", email="ed@example.org", name="Elena Editor")
        reviewer = make_user("reviewer", email="rev@example.org", name="Ravi Reviewer")
        first, second = make_call(title="First call"), make_call(title="Second call")
        when = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
        with time_machine.travel(when, tick=False):
            audit.record("case_study.submitted", object_type="case_study", object_id=5, call_id=first.id,
                         actor=reviewer, before={"status": "draft"}, after={"status": "submitted"})
            db.session.flush()
        with time_machine.travel(when + timedelta(days=5), tick=False):
            audit.record("decision.made", object_type="case_study", object_id=6, call_id=second.id,
                         actor=editor, before={"outcome": None}, after={"outcome": "accepted"})
            audit.record("user.roles_changed", object_type="user", object_id=reviewer.id, actor=editor,
                         before={"roles": ["applicant"]}, after={"roles": ["applicant", "reviewer"]})
            db.session.flush()
        db.session.commit()
        return first.id, second.id


def test_admin_sees_every_event_with_before_and_after(app, client, admin):
    seed_events(app)
    page = client.get("/audit").get_data(as_text=True)
    for text in ("Case study submitted", "decision.made", "Roles changed", "Signed in",
                 '<th scope="row">Status</th><td class="audit-before">Draft</td><td class="audit-after">Submitted</td>',
                 '<th scope="row">Roles</th><td class="audit-before">Applicant</td>'
                 '<td class="audit-after">Applicant, Reviewer</td>'):
        assert text in page


@pytest.mark.parametrize("query, shown, hidden", [
    ({"actor": "ravi"}, ["case_study.submitted"], ["decision.made", "user.roles_changed"]),
    ({"actor": "ED@EXAMPLE"}, ["decision.made", "user.roles_changed"], ["case_study.submitted"]),
    ({"action": "decision"}, ["decision.made"], ["case_study.submitted", "user.roles_changed"]),
    ({"object_type": "case_study", "object_id": "6"}, ["decision.made"], ["case_study.submitted"]),
    ({"since": "2026-03-01", "until": "2026-03-10"}, ["case_study.submitted"], ["decision.made"]),
    ({"since": "2026-03-11"}, ["decision.made", "user.roles_changed"], ["case_study.submitted"]),
])
def test_audit_filters(app, client, admin, query, shown, hidden):
    seed_events(app)
    page = client.get("/audit", query_string=query, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert page.lstrip().startswith('<div id="audit-events"')
    assert all(action in page for action in shown), shown
    assert not any(action in page for action in hidden), hidden


def test_audit_filter_by_call(app, client, admin):
    first, second = seed_events(app)
    page = client.get("/audit", query_string={"call_id": first}).get_data(as_text=True)
    assert "case_study.submitted" in page and "decision.made" not in page


def test_editor_sees_the_events_of_calls_only(app, client, auth):
    first, second = seed_events(app)
    auth.login("ed@example.org")
    page = client.get("/audit").get_data(as_text=True)
    assert "case_study.submitted" in page and "decision.made" in page
    assert "user.roles_changed" not in page and "user.login" not in page
    one_call = client.get(f"/audit?call_id={second}").get_data(as_text=True)
    assert "decision.made" in one_call and "case_study.submitted" not in one_call
    # An account event stays hidden whatever the filters ask for.
    asked = client.get("/audit?object_type=user").get_data(as_text=True)
    assert "user.roles_changed" not in asked


@pytest.mark.parametrize("role", ["applicant", "reviewer"])
def test_audit_page_is_refused_to_applicants_and_reviewers(app, client, auth, role):
    with app.app_context():
        make_user(role, email="someone@example.org")
        db.session.commit()
    auth.login("someone@example.org")
    assert client.get("/audit").status_code == 403


def test_audit_bad_filters_say_so(app, client, admin):
    for query in ("since=2026-13-45", "object_id=abc", "call_id=999999"):
        response = client.get(f"/audit?{query}")
        assert response.status_code == 422, query
        assert 'class="error"' in response.get_data(as_text=True)


def _audit_queries(app, client) -> int:
    with app.app_context(), count_queries() as queries:
        assert client.get("/audit").status_code == 200
    return len(queries)


def test_audit_page_runs_the_same_number_of_queries_whatever_its_size(app, client, admin):
    seed_events(app)
    _audit_queries(app, client)  # the process reads the economies' names once, on its first page
    small = _audit_queries(app, client)
    with app.app_context():
        actors = [make_user("editor") for _ in range(10)]
        for n in range(45):
            audit.record("thing.done", object_type="thing", object_id=n, actor=actors[n % 10],
                         before={"n": n}, after={"n": n + 1})
        db.session.commit()
    assert _audit_queries(app, client) == small


def test_audit_shows_the_acceptance_of_an_invitation_sent_from_the_admin_pages(app, client, admin):
    client.post("/admin/invitations/new", data={"email": "ivy@example.org", "name": "Ivy", "role": "editor",
                                                "economy": "", "organisation": ""})
    with app.app_context():
        path = link_in(outbox("ivy@example.org")[0])
    app.test_client().post(path, data={"name": "Ivy", "password": PASSWORD, "confirm": PASSWORD})
    page = client.get("/audit?action=invitation").get_data(as_text=True)
    assert "invitation.created" in page and "invitation.accepted" in page
