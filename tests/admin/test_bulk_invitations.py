"""Invitations from a CSV file: uploaded and checked, previewed from the server's copy, sent by a job once."""

from __future__ import annotations

import io
import re
import threading
import time
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from lie_review.admin.models import InvitationBatch, InvitationBatchPage
from lie_review.auth.models import Invitation, User
from lie_review.auth.operations import create_invitation
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.jobs.models import Job
from lie_review.jobs.queue import run_queued
from lie_review.mail import OutboxMessage

from ..factories import PASSWORD, make_user
from ..helpers import outbox

HEADER = "email,name,role,economy,organisation"
PREVIEW = re.compile(r"^/admin/invitations/batches/(\d+)$")
JOB_PAGE = re.compile(r"^/jobs/(\d+)$")


def invitations() -> list[Invitation]:
    return list(db.session.execute(select(Invitation).order_by(Invitation.id)).scalars())


def people(n: int, start: int = 0) -> str:
    return "".join(f"person{i}@example.org,Person {i},reviewer,THA,Org\n" for i in range(start, start + n))


def upload(client, content: str | bytes, filename: str = "people.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post("/admin/invitations/upload", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def previewed(client, content: str | bytes, filename: str = "people.csv") -> tuple[int, str]:
    """Upload a file and open its preview: (the batch's id, the preview page)."""
    response = upload(client, content, filename)
    assert response.status_code == 303, response.get_data(as_text=True)
    batch_id = int(PREVIEW.match(response.headers["Location"]).group(1))
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    return batch_id, page.get_data(as_text=True)


def signed_in(app, email: str):
    """Another browser, signed in as `email`."""
    other = app.test_client()
    assert other.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
    return other


def send(client, batch_id: int, **kwargs):
    return client.post(f"/admin/invitations/batches/{batch_id}/send", data={}, **kwargs)


def sent_job(client, batch_id: int) -> int:
    response = send(client, batch_id)
    assert response.status_code == 303
    return int(JOB_PAGE.match(response.headers["Location"]).group(1))


def test_csv_preview_shows_each_row_and_a_job_sends_only_new_ones(app, client, admin):
    with app.app_context():
        make_user("applicant", email="member@example.org")
        create_invitation(email="invited@example.org", name="Invited", role="editor", economy_id=None)
        db.session.commit()
    content = (f"{HEADER}\nnew1@example.org,New One,reviewer,THA,Org\nmember@example.org,Member,editor,,\n"
               "invited@example.org,Invited,editor,,\nbad-address,Bad,editor,,\nnew2@example.org,New Two,editor,,\n"
               "new1@example.org,Twice,editor,,\nnew3@example.org,New Three,wizard,,\n"
               "new4@example.org,New Four,reviewer,Narnia,\n")
    batch_id, text = previewed(client, content)
    assert "2 people will be invited" in text
    assert "1 has an account and is skipped" in text and "1 has an open invitation and is skipped" in text
    assert "4 rows cannot be used" in text and "6 rows will not be invited" in text
    for reason in ("“bad-address” is not an email address.", "The same address is on row 2.",
                   "Unknown role “wizard”", "Unknown economy “Narnia”"):
        assert reason in text
    assert "Send 2 invitations" in text and "New Two" in text
    assert 'name="batch"' not in text  # the rows stay on the server
    with app.app_context():
        assert len(invitations()) == 1  # nothing is sent by the preview
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 0

    job_id = sent_job(client, batch_id)
    waiting = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Invitations from people.csv" in waiting and "Waiting for a worker" in waiting and "0 of 2" in waiting
    with app.app_context():
        assert len(invitations()) == 1  # the job sends them, not the request
    run_queued(app)
    with app.app_context():
        assert [i.email for i in invitations()] == ["invited@example.org", "new1@example.org", "new2@example.org"]
        assert {m.recipient for m in outbox()} == {"new1@example.org", "new2@example.org"}
        assert invitations()[1].economy.code == "THA"
        job = db.session.get(Job, job_id)
        assert (job.state, job.done, job.total, job.result) == ("done", 2, 2, {"sent": 2, "skipped": 0})
        assert db.session.execute(select(func.count()).select_from(InvitationBatchPage)).scalar_one() == 0
    done = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Done." in done and "2 invitations sent." in done and "skipped" not in done
    assert 'href="/admin/people?status=invited"' in done


def test_people_who_joined_or_were_invited_after_the_preview_are_skipped(app, client, admin):
    batch_id, _page = previewed(client, f"{HEADER}\na@example.org,A,editor,,\nb@example.org,B,editor,,\n"
                                        "c@example.org,C,editor,,\n")
    with app.app_context():
        make_user("applicant", email="a@example.org")
        create_invitation(email="b@example.org", name="B", role="editor", economy_id=None)
        db.session.commit()
    job_id = sent_job(client, batch_id)
    run_queued(app)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "1 invitation sent." in page
    assert "2 people skipped: they joined or were invited since the preview." in page
    with app.app_context():
        assert [m.recipient for m in outbox()] == ["c@example.org"]


def test_send_twice_starts_one_job_and_the_second_is_shown_the_first(app, client, admin):
    batch_id, _page = previewed(client, f"{HEADER}\na@example.org,A,editor,,\n")
    job_id = sent_job(client, batch_id)
    again = send(client, batch_id, follow_redirects=True)
    assert again.status_code == 200 and again.request.path == f"/jobs/{job_id}"
    assert "These invitations were already sent: here is how far they have got." in again.get_data(as_text=True)
    assert client.get(f"/admin/invitations/batches/{batch_id}").headers["Location"] == f"/jobs/{job_id}"
    run_queued(app)
    assert send(client, batch_id).headers["Location"] == f"/jobs/{job_id}"  # also once it is done
    run_queued(app)
    with app.app_context():
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 1
        assert len(invitations()) == 1 and len(outbox("a@example.org")) == 1


def test_two_sends_at_once_start_one_job(app, client, admin):
    batch_id, _page = previewed(client, f"{HEADER}\na@example.org,A,editor,,\n")
    browsers = [signed_in(app, "admin@example.org") for _ in range(2)]  # a double click, as two requests
    tokens = [browser.csrf_token() for browser in browsers]
    barrier = threading.Barrier(2)
    answers = []

    def press(browser, token):
        barrier.wait()
        answers.append(browser.post(f"/admin/invitations/batches/{batch_id}/send", data={"csrf_token": token}))

    threads = [threading.Thread(target=press, args=pair) for pair in zip(browsers, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [answer.status_code for answer in answers] == [303, 303]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    with app.app_context():
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 1


def test_csv_with_bom_and_windows_line_endings(app, client, admin):
    content = ("\ufeff" + HEADER + "\r\nchen@example.org,陳威林,reviewer,Chinese Taipei,中小企業處\r\n").encode("utf-8")
    batch_id, text = previewed(client, content, filename="名單.csv")
    assert "1 person will be invited" in text and "File: 名單.csv" in text
    job_id = sent_job(client, batch_id)
    run_queued(app)
    assert "Invitations from 名單.csv" in client.get(f"/jobs/{job_id}").get_data(as_text=True)
    with app.app_context():
        [invitation] = invitations()
        assert (invitation.email, invitation.name, invitation.organisation, invitation.economy.code) == (
            "chen@example.org", "陳威林", "中小企業處", "CT")


def test_csv_formula_looking_names_are_stored_and_shown_as_text(app, client, admin):
    name = '=HYPERLINK("http://evil.example","<b>x</b>")'
    content = f'{HEADER}\nf@example.org,"{name.replace(chr(34), chr(34) * 2)}",editor,,@SUM(A1)\n'
    batch_id, text = previewed(client, content, filename="<img src=x onerror=alert(1)>.csv")
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;&lt;b&gt;x&lt;/b&gt;&#34;)" in text
    assert "&lt;img src=x onerror=alert(1)&gt;.csv" in text and "<img" not in text
    sent_job(client, batch_id)
    run_queued(app)
    with app.app_context():
        [invitation] = invitations()
        assert (invitation.name, invitation.organisation) == (name, "@SUM(A1)")
        path = re.search(r"http://lie-review\.test(/invitations/\S+)", outbox("f@example.org")[0].body).group(1)
    guest = app.test_client()
    guest.post(path, data={"name": name, "password": PASSWORD, "confirm": PASSWORD})
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == "f@example.org")).scalar_one()
        assert user.name == name


def test_csv_over_the_row_limit_is_refused_with_a_message_and_nothing_kept(app, client, admin):
    response = upload(client, HEADER + "\n" + people(20_001))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "The file has 20,001 people; at most 20,000 can be invited at once" in text
    assert 'id="file-error"' in text
    with app.app_context():
        assert invitations() == []
        assert db.session.execute(select(func.count(InvitationBatch.id))).scalar_one() == 0


def test_csv_of_20000_rows_is_previewed_quickly_without_listing_them_all(app, client, admin):
    started = time.monotonic()
    batch_id, text = previewed(client, HEADER + "\n" + people(20_000))
    seconds = time.monotonic() - started
    assert "20,000 people will be invited" in text and "Send 20,000 invitations" in text
    assert "person19@example.org" in text and "person20@example.org" not in text
    assert "… and 19,980 more." in text
    assert len(text) < 100_000
    assert seconds < 10, seconds  # a generous bound, for a loaded machine; the README gives the usual figure
    with app.app_context():
        pages = db.session.execute(select(InvitationBatchPage).where(InvitationBatchPage.batch_id == batch_id)
                                   .order_by(InvitationBatchPage.number)).scalars().all()
        assert [len(page.rows) for page in pages] == [200] * 100  # one a step of the job
        assert pages[-1].rows[-1]["email"] == "person19999@example.org"


def test_a_job_sends_a_file_in_steps_and_invites_each_row_once(app, client, admin):
    batch_id, _page = previewed(client, HEADER + "\n" + people(450))
    job_id = sent_job(client, batch_id)
    run_queued(app)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.state, job.done, job.result) == ("done", 450, {"sent": 450, "skipped": 0})
        assert db.session.execute(select(func.count(Invitation.id))).scalar_one() == 450
        assert db.session.execute(select(func.count(func.distinct(OutboxMessage.recipient)))).scalar_one() == 450
    assert "450 invitations sent." in client.get(f"/jobs/{job_id}").get_data(as_text=True)


def test_rows_not_invited_are_listed_in_full_a_page_at_a_time(app, client, admin):
    content = HEADER + "\n" + "".join(f"bad{i},Bad {i},editor,,\n" for i in range(150)) + people(30)
    batch_id, text = previewed(client, content)
    assert "150 rows will not be invited" in text and "Page 1 of 2" in text
    assert "“bad0” is not an email address." in text and "“bad99” is not an email address." in text
    assert "“bad100”" not in text
    second = client.get(f"/admin/invitations/batches/{batch_id}?page=2").get_data(as_text=True)
    assert "“bad100” is not an email address." in second and "“bad149” is not an email address." in second
    assert client.get(f"/admin/invitations/batches/{batch_id}?page=3").status_code == 404


def test_csv_that_is_not_utf8_or_missing_gets_a_message(app, client, admin):
    latin = upload(client, "email,name,role\nä@example.org,Ä,editor\n".encode("latin-1"))
    assert latin.status_code == 422 and "not UTF-8 text" in latin.get_data(as_text=True)
    missing = client.post("/admin/invitations/upload", data={}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "Choose a CSV file" in missing.get_data(as_text=True)


def test_an_expired_preview_is_refused_and_sends_nothing(app, client, auth, admin):
    batch_id, _page = previewed(client, f"{HEADER}\na@example.org,A,editor,,\n")
    with time_machine.travel(utcnow() + timedelta(hours=2)):
        auth.login("admin@example.org")  # the admin's own session has ended in the meantime
        for response in (client.get(f"/admin/invitations/batches/{batch_id}"), send(client, batch_id)):
            assert response.status_code == 410
            assert "This preview has expired: upload the file again" in response.get_data(as_text=True)
            assert 'id="file-error"' in response.get_data(as_text=True)  # on the upload form, to start over
        previewed(client, f"{HEADER}\nb@example.org,B,editor,,\n")  # a new upload forgets the expired preview
    with app.app_context():
        [kept] = db.session.execute(select(InvitationBatchPage.rows)).scalars().all()
        assert [row["email"] for row in kept] == ["b@example.org"]
        assert db.session.execute(select(func.count(InvitationBatch.id))).scalar_one() == 1
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 0
    assert run_queued(app) == 0
    with app.app_context():
        assert invitations() == []


def test_another_admins_preview_is_neither_shown_nor_sent(app, client, admin):
    batch_id, _page = previewed(client, f"{HEADER}\na@example.org,A,editor,,\n")
    with app.app_context():
        make_user("admin", email="other@example.org")
        db.session.commit()
    other = signed_in(app, "other@example.org")
    assert other.get(f"/admin/invitations/batches/{batch_id}").status_code == 404
    assert send(other, batch_id).status_code == 404
    job_id = sent_job(client, batch_id)
    assert other.get(f"/jobs/{job_id}").status_code == 200  # once sent, any admin may follow the job
    with app.app_context():
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 1


def test_a_changed_or_partial_send_is_refused(app, client, admin):
    batch_id, _page = previewed(client, f"{HEADER}\na@example.org,A,editor,,\n")
    assert send(client, batch_id + 1).status_code == 404
    assert client.post("/admin/invitations/batches/x/send", data={}).status_code == 404
    assert send(client, batch_id, end=False).status_code == 400  # cut short: no end-of-form marker
    assert send(client, batch_id, csrf=False).status_code == 400
    with app.app_context():
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 0


def test_a_file_with_nobody_new_offers_no_send_and_refuses_one(app, client, admin):
    batch_id, text = previewed(client, f"{HEADER}\nbad,Bad,editor,,\n")
    assert "Nobody new to invite." in text and "/send" not in text
    refused = send(client, batch_id)
    assert refused.status_code == 409 and "Nobody in this file is new to invite." in refused.get_data(as_text=True)


def test_a_job_whose_admin_lost_the_role_fails_and_says_why(app, client, admin):
    batch_id, _page = previewed(client, f"{HEADER}\na@example.org,A,editor,,\n")
    job_id = sent_job(client, batch_id)
    with app.app_context():
        make_user("admin", email="other@example.org")
        db.session.get(User, admin).set_roles({"editor"})
        db.session.commit()
    run_queued(app)
    page = signed_in(app, "other@example.org").get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Failed." in page and "Whoever sent these invitations is no longer an admin" in page
    with app.app_context():
        assert invitations() == []


def test_only_admins_follow_a_bulk_invitation(app, client, admin):
    batch_id, _page = previewed(client, f"{HEADER}\na@example.org,A,editor,,\n")
    job_id = sent_job(client, batch_id)
    with app.app_context():
        make_user("editor", email="editor@example.org")
        db.session.commit()
    editor = signed_in(app, "editor@example.org")
    assert editor.get(f"/jobs/{job_id}").status_code == 404
    assert editor.get(f"/admin/invitations/batches/{batch_id}").status_code == 403
