"""Invitations: one at a time, resent, revoked; many at once from a CSV file, previewed, then sent."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from lie_review.auth.models import Invitation, User
from lie_review.auth.operations import create_invitation
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.mail import OutboxMessage

from ..factories import PASSWORD, economy, make_user
from ..helpers import link_in, outbox

HEADER = "email,name,role,economy,organisation"


def invitations() -> list[Invitation]:
    return list(db.session.execute(select(Invitation).order_by(Invitation.id)).scalars())


def upload(client, content: str | bytes, filename: str = "people.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post("/admin/invitations/upload", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def batch_of(response) -> str:
    match = re.search(r'name="batch" type="hidden" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "the preview carries the rows to send"
    return match.group(1)


def test_invite_one_person_refuses_a_member_or_an_invited_address(app, client, admin):
    with app.app_context():
        make_user("applicant", email="member@example.org")
        create_invitation(email="invited@example.org", name="I", role="editor", economy_id=None)
        db.session.commit()
    for email, message in (("Member@example.org", "already has an account"),
                           ("invited@example.org", "already been invited")):
        response = client.post("/admin/invitations/new", data={"email": email, "name": "X", "role": "editor",
                                                               "economy": "", "organisation": ""})
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    with app.app_context():
        assert len(invitations()) == 1


def test_invite_a_reviewer_needs_an_economy(app, client, admin):
    response = client.post("/admin/invitations/new", data={"email": "r@example.org", "name": "R",
                                                           "role": "reviewer", "economy": "", "organisation": ""})
    assert response.status_code == 422
    assert 'id="economy-error"' in response.get_data(as_text=True)


def test_resend_gives_a_new_link_and_expiry_and_the_old_link_stops_working(app, client, auth, admin):
    with app.app_context():
        phl = economy("PHL").id
        db.session.commit()
    client.post("/admin/invitations/new", data={"email": "maria@example.org", "name": "Maria", "role": "reviewer",
                                                "economy": str(phl), "organisation": ""})
    with app.app_context():
        [invitation] = invitations()
        old_path, first_expiry = link_in(outbox("maria@example.org")[0]), invitation.expires_at
    with time_machine.travel(utcnow() + timedelta(days=20)):
        assert client.get(old_path).status_code == 410  # expired
        auth.login("admin@example.org")  # the admin's own session has ended in the meantime
        response = client.post(f"/admin/invitations/{invitation.id}/resend",
                               data={"next": "/admin/people?status=invited"})
        assert response.status_code == 303
        assert response.headers["Location"] == "/admin/people?status=invited"
        with app.app_context():
            [invitation] = invitations()
            assert invitation.expires_at > first_expiry + timedelta(days=19)
            assert invitation.send_count == 2
            new_path = link_in(outbox("maria@example.org")[1])
        assert new_path != old_path
        assert client.get(old_path).status_code == 404
        assert client.get(new_path).status_code == 200


def test_resend_never_redirects_off_the_site(app, client, admin):
    with app.app_context():
        invitation, _ = create_invitation(email="a@example.org", name="A", role="editor", economy_id=None)
        db.session.commit()
        invitation_id = invitation.id
    response = client.post(f"/admin/invitations/{invitation_id}/resend", data={"next": "//evil.example/"})
    assert response.headers["Location"] == "/admin/people?status=invited"


def test_revoked_invitation_link_gets_a_clear_page(app, client, admin):
    with app.app_context():
        invitation, token = create_invitation(email="a@example.org", name="A", role="editor", economy_id=None)
        db.session.commit()
        invitation_id = invitation.id
    assert client.post(f"/admin/invitations/{invitation_id}/revoke").status_code == 303
    page = client.get(f"/invitations/{token}")
    assert page.status_code == 410
    assert "This invitation was withdrawn" in page.get_data(as_text=True)
    again = client.post(f"/admin/invitations/{invitation_id}/resend")
    assert again.status_code == 409
    assert "was revoked" in again.get_data(as_text=True)
    with app.app_context():
        assert invitations()[0].send_count == 0


def test_an_accepted_invitation_can_be_neither_resent_nor_revoked(app, client, admin):
    with app.app_context():
        invitation, token = create_invitation(email="a@example.org", name="A", role="editor", economy_id=None)
        db.session.commit()
        invitation_id = invitation.id
    guest = app.test_client()
    guest.post(f"/invitations/{token}", data={"name": "A", "password": PASSWORD, "confirm": PASSWORD})
    for action in ("resend", "revoke"):
        response = client.post(f"/admin/invitations/{invitation_id}/{action}")
        assert response.status_code == 409
        assert "already accepted" in response.get_data(as_text=True)
    assert client.post("/admin/invitations/999999/revoke").status_code == 404


def test_people_list_shows_open_invitations_with_their_expiry(app, client, auth, admin):
    with app.app_context():
        create_invitation(email="a@example.org", name="Awaiting Person", role="editor", economy_id=None)
        db.session.commit()
    page = client.get("/admin/people?status=invited").get_data(as_text=True)
    assert "Awaiting Person" in page and "Expires" in page and "13 days left" in page
    assert "Resend" in page and "Revoke" in page
    with time_machine.travel(utcnow() + timedelta(days=15)):
        auth.login("admin@example.org")
        expired = client.get("/admin/people?status=invited").get_data(as_text=True)
    assert "Invitation expired" in expired and "Resend" in expired


def test_csv_preview_shows_each_row_and_sends_only_new_ones(app, client, admin):
    with app.app_context():
        make_user("applicant", email="member@example.org")
        create_invitation(email="invited@example.org", name="Invited", role="editor", economy_id=None)
        db.session.commit()
    content = (f"{HEADER}\nnew1@example.org,New One,reviewer,THA,Org\nmember@example.org,Member,editor,,\n"
               "invited@example.org,Invited,editor,,\nbad-address,Bad,editor,,\nnew2@example.org,New Two,editor,,\n"
               "new1@example.org,Twice,editor,,\nnew3@example.org,New Three,wizard,,\n"
               "new4@example.org,New Four,reviewer,Narnia,\n")
    preview = upload(client, content)
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "2 people will be invited" in text
    assert "1 has an account and is skipped" in text and "1 has an open invitation and is skipped" in text
    assert "4 rows cannot be used" in text
    for reason in ("“bad-address” is not an email address.", "The same address is on row 2.",
                   "Unknown role “wizard”", "Unknown economy “Narnia”"):
        assert reason in text
    with app.app_context():
        assert len(invitations()) == 1  # nothing is sent by the preview

    response = client.post("/admin/invitations/send", data={"batch": batch_of(preview)})
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/people?status=invited"
    with app.app_context():
        assert [i.email for i in invitations()] == ["invited@example.org", "new1@example.org", "new2@example.org"]
        assert {m.recipient for m in outbox()} == {"new1@example.org", "new2@example.org"}
        assert invitations()[1].economy.code == "THA"


def test_csv_sent_twice_invites_once(app, client, admin):
    preview = upload(client, f"{HEADER}\na@example.org,A,editor,,\n")
    batch = batch_of(preview)
    assert client.post("/admin/invitations/send", data={"batch": batch}).status_code == 303
    assert client.post("/admin/invitations/send", data={"batch": batch}).status_code == 303
    with app.app_context():
        assert len(invitations()) == 1
        assert len(outbox("a@example.org")) == 1


def test_csv_with_bom_and_windows_line_endings(app, client, admin):
    content = ("\ufeff" + HEADER + "\r\nchen@example.org,陳威林,reviewer,Chinese Taipei,中小企業處\r\n").encode("utf-8")
    preview = upload(client, content)
    assert "1 person will be invited" in preview.get_data(as_text=True)
    client.post("/admin/invitations/send", data={"batch": batch_of(preview)})
    with app.app_context():
        [invitation] = invitations()
        assert (invitation.email, invitation.name, invitation.organisation, invitation.economy.code) == (
            "chen@example.org", "陳威林", "中小企業處", "CT")


def test_csv_formula_looking_names_are_stored_and_shown_as_text(app, client, admin):
    name = '=HYPERLINK("http://evil.example","<b>x</b>")'
    content = f'{HEADER}\nf@example.org,"{name.replace(chr(34), chr(34) * 2)}",editor,,@SUM(A1)\n'
    preview = upload(client, content)
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;&lt;b&gt;x&lt;/b&gt;&#34;)" in preview.get_data(as_text=True)
    client.post("/admin/invitations/send", data={"batch": batch_of(preview)})
    with app.app_context():
        [invitation] = invitations()
        assert (invitation.name, invitation.organisation) == (name, "@SUM(A1)")
        path = re.search(r"http://lie-review\.test(/invitations/\S+)", outbox("f@example.org")[0].body).group(1)
    guest = app.test_client()
    guest.post(path, data={"name": name, "password": PASSWORD, "confirm": PASSWORD})
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == "f@example.org")).scalar_one()
        assert user.name == name


def test_csv_of_10000_rows_is_refused_with_a_message_and_nothing_stored(app, client, admin):
    content = HEADER + "\n" + "".join(f"person{i}@example.org,Person {i},reviewer,THA,Org\n" for i in range(10_000))
    response = upload(client, content)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "The file has 10000 people; at most 1000 can be invited at once" in text
    assert 'id="file-error"' in text
    with app.app_context():
        assert invitations() == []


def test_csv_at_the_limit_is_previewed_and_sent(app, client, admin):
    content = HEADER + "\n" + "".join(f"person{i}@example.org,Person {i},reviewer,THA,Org\n" for i in range(1000))
    preview = upload(client, content)
    assert "1000 people will be invited" in preview.get_data(as_text=True)
    assert client.post("/admin/invitations/send", data={"batch": batch_of(preview)}).status_code == 303
    with app.app_context():
        assert db.session.execute(select(func.count(Invitation.id))).scalar_one() == 1000
        assert db.session.execute(select(func.count(OutboxMessage.id))).scalar_one() == 1000


def test_csv_that_is_not_utf8_or_missing_gets_a_message(app, client, admin):
    latin = upload(client, "email,name,role\nä@example.org,Ä,editor\n".encode("latin-1"))
    assert latin.status_code == 422 and "not UTF-8 text" in latin.get_data(as_text=True)
    missing = client.post("/admin/invitations/upload", data={}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "Choose a CSV file" in missing.get_data(as_text=True)


def test_a_changed_or_foreign_or_old_batch_is_refused(app, client, auth, admin):
    batch = batch_of(upload(client, f"{HEADER}\na@example.org,A,editor,,\n"))
    tampered = client.post("/admin/invitations/send", data={"batch": batch[:-3] + "abc"})
    assert tampered.status_code == 400
    assert "expired or was changed" in tampered.get_data(as_text=True)
    assert client.post("/admin/invitations/send", data={}).status_code == 400

    with app.app_context():
        make_user("admin", email="other@example.org")
        db.session.commit()
    other = app.test_client()
    other.post("/login", data={"email": "other@example.org", "password": PASSWORD, "csrf_token": other.csrf_token()})
    assert other.post("/admin/invitations/send", data={"batch": batch, "csrf_token": other.csrf_token()}
                      ).status_code == 400
    with time_machine.travel(utcnow() + timedelta(hours=2)):
        assert client.get("/admin/people").status_code == 200
        assert client.post("/admin/invitations/send", data={"batch": batch}).status_code == 400
    with app.app_context():
        assert invitations() == []
