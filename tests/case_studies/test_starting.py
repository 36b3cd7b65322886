"""Start always opens a new, empty draft; the same Start form posted twice (a double click) opens one."""

from __future__ import annotations

import re
import threading

from sqlalchemy import event, func, select
from werkzeug.security import generate_password_hash

from lie_review.audit import AuditEvent
from lie_review.auth.models import User
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.demo import DEMO_CALL_TITLE, seed
from lie_review.extensions import db

from ..factories import PASSWORD, make_call, make_case_study, make_user
from ..helpers import form_in, page_form

START_PAGE = "/case-studies/start"


def setup_call(app, **user_fields) -> int:
    with app.app_context():
        make_user("applicant", email="amy@example.org", **user_fields)
        call_id = make_call(title="Open call").id
        db.session.commit()
        return call_id


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(select(User.id).where(User.email == email)).scalar_one()


def start_form(client, call_id):
    """The fields the Start button of `call_id` posts, as the start page renders them."""
    return page_form(client, START_PAGE, f"/calls/{call_id}/start")


def started_id(response) -> int:
    assert response.status_code == 303, response.status_code
    return int(re.fullmatch(r"/case-studies/(\d+)/edit", response.headers["Location"]).group(1))


def drafts(app) -> list[CaseStudy]:
    with app.app_context():
        found = list(db.session.execute(select(CaseStudy).order_by(CaseStudy.id)).scalars())
        db.session.expunge_all()
        return found


def starts_recorded(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(AuditEvent.id))
                                  .where(AuditEvent.action == "case_study.started")).scalar_one()


def test_the_same_start_form_posted_twice_opens_one_draft(app, client, auth):
    call_id = setup_call(app)
    auth.login("amy@example.org")
    form = start_form(client, call_id)
    first = client.post(f"/case-studies/calls/{call_id}/start", data=form)
    second = client.post(f"/case-studies/calls/{call_id}/start", data=form)
    assert started_id(first) == started_id(second)
    assert [cs.id for cs in drafts(app)] == [started_id(first)]
    assert starts_recorded(app) == 1


def test_start_pressed_again_on_a_new_page_opens_another_draft(app, client, auth):
    call_id = setup_call(app)
    auth.login("amy@example.org")
    first = client.post(f"/case-studies/calls/{call_id}/start", data=start_form(client, call_id))
    second = client.post(f"/case-studies/calls/{call_id}/start", data=start_form(client, call_id))
    assert started_id(first) != started_id(second)
    assert len(drafts(app)) == 2


def test_each_calls_start_button_carries_its_own_token(app, client, auth):
    call_id = setup_call(app)
    with app.app_context():
        other_id = make_call(title="Another open call").id
        db.session.commit()
    auth.login("amy@example.org")
    page = client.get(START_PAGE).get_data(as_text=True)
    tokens = {form_in(page, f"/calls/{cid}/start")["start_token"] for cid in (call_id, other_id)}
    assert len(tokens) == 2


def test_start_right_after_a_never_saved_draft_opens_a_new_empty_one(app, client, auth):
    call_id = setup_call(app, name="Amy Lee", organisation="Doi Tea")
    with app.app_context():
        amy = db.session.execute(select(User).where(User.email == "amy@example.org")).scalar_one()
        earlier = make_case_study(db.session.get(Call, call_id), amy, title="Made a moment ago",
                                  summary="Its own summary.").id
        db.session.commit()
    auth.login("amy@example.org")
    new_id = started_id(client.post(f"/case-studies/calls/{call_id}/start", data=start_form(client, call_id)))
    assert new_id != earlier
    new = next(cs for cs in drafts(app) if cs.id == new_id)
    assert (new.call_id, new.status, new.version, new.title, new.summary, new.local_challenge) == (
        call_id, "draft", 1, "", "", "")
    assert (new.organisation_name, new.contact_name, new.contact_email) == ("Doi Tea", "Amy Lee", "amy@example.org")
    page = client.get(f"/case-studies/{new_id}/edit").get_data(as_text=True)
    assert "Made a moment ago" not in page and "Its own summary." not in page


def test_the_demo_applicant_starts_an_empty_case_study_right_after_seeding(app, client, auth):
    with app.app_context():
        seed()
        applicant = db.session.execute(select(User).where(User.email == "applicant@example.org")).scalar_one()
        applicant.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        seeded = {cs.id for cs in db.session.execute(
            select(CaseStudy).where(CaseStudy.applicant_id == applicant.id)).scalars()}
        seeded_draft_titles = set(db.session.execute(select(CaseStudy.title).where(
            CaseStudy.applicant_id == applicant.id, CaseStudy.status == "draft")).scalars())
        call_id = db.session.execute(select(Call.id).where(Call.title == DEMO_CALL_TITLE)).scalar_one()
        db.session.commit()
    assert seeded_draft_titles, "the demo applicant has a draft started a moment ago"
    auth.login("applicant@example.org")
    new_id = started_id(client.post(f"/case-studies/calls/{call_id}/start", data=start_form(client, call_id)))
    assert new_id not in seeded
    new = next(cs for cs in drafts(app) if cs.id == new_id)
    assert (new.title, new.summary, new.version) == ("", "", 1)
    page = client.get(f"/case-studies/{new_id}/edit").get_data(as_text=True)
    assert not any(title in page for title in seeded_draft_titles)


def test_a_start_without_a_usable_token_starts_nothing(app, client, auth):
    call_id = setup_call(app)
    auth.login("amy@example.org")
    form = start_form(client, call_id)
    for token in (None, "", "short", "x" * 65, "not a token at all, with spaces and !"):
        data = form.copy()
        data.pop("start_token")
        if token is not None:
            data["start_token"] = token
        response = client.post(f"/case-studies/calls/{call_id}/start", data=data)
        assert response.status_code == 400
        # A post without the token the page always sends arrived incomplete; a token that is not one is stale.
        expected = ("What you sent arrived incomplete" if token is None
                    else "That Start button was out of date, so no case study was started.")
        assert expected in response.get_data(as_text=True)
    assert drafts(app) == [] and starts_recorded(app) == 0


def test_another_applicants_start_token_does_not_hand_over_their_draft(app, client, auth):
    call_id = setup_call(app)
    with app.app_context():
        make_user("applicant", email="bob@example.org")
        other_call = make_call(title="Second call").id
        db.session.commit()
    auth.login("amy@example.org")
    form = start_form(client, call_id)
    amys = started_id(client.post(f"/case-studies/calls/{call_id}/start", data=form))
    # Amy's own token on another call's button is not a second start of this one either.
    assert client.post(f"/case-studies/calls/{other_call}/start", data=form).status_code == 400
    auth.logout()
    auth.login("bob@example.org")
    form["csrf_token"] = client.csrf_token()
    response = client.post(f"/case-studies/calls/{call_id}/start", data=form)
    assert response.status_code == 400
    assert [(cs.id, cs.applicant_id) for cs in drafts(app)] == [(amys, user_id(app, "amy@example.org"))]
    assert client.get(f"/case-studies/{amys}/edit").status_code == 404


def test_a_double_click_arriving_at_the_same_moment_opens_one_draft(app):
    """Two posts of one Start form from two connections at once: both land on the same draft.

    Each request waits at its INSERT for the other to get there too (or for a moment to pass), so on
    PostgreSQL both looked for the token before either committed and the unique constraint decides;
    SQLite's writers queue up, so there the second one finds the first's draft."""
    call_id = setup_call(app)
    clients = [app.test_client() for _ in range(2)]
    for client in clients:
        client.post("/login", data={"email": "amy@example.org", "password": PASSWORD})
    form = start_form(clients[0], call_id)
    with app.app_context():
        engine, dialect = db.engine, db.engine.dialect.name
    at_insert, arrivals, lock = threading.Event(), [], threading.Lock()

    def meet_at_insert(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO CASE_STUDY"):
            with lock:
                arrivals.append(threading.get_ident())
                if len(arrivals) == 2:
                    at_insert.set()
            at_insert.wait(timeout=3)

    go, responses = threading.Barrier(2), []

    def press(client):
        data = form.copy()
        data["csrf_token"] = client.csrf_token()
        go.wait()
        responses.append(client.post(f"/case-studies/calls/{call_id}/start", data=data))

    event.listen(engine, "before_cursor_execute", meet_at_insert)
    try:
        threads = [threading.Thread(target=press, args=(client,)) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(engine, "before_cursor_execute", meet_at_insert)
    assert len(responses) == 2
    assert started_id(responses[0]) == started_id(responses[1])
    assert len(drafts(app)) == 1 and starts_recorded(app) == 1
    assert len(arrivals) == (2 if dialect == "postgresql" else 1)
