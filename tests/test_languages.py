"""Choosing the interface's language: the browser's first guess, the switcher, the account, and mail."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import select

from lie_review.auth.models import User
from lie_review.extensions import db
from lie_review.mail import OutboxMessage

from .factories import PASSWORD, make_call, make_case_study, make_user
from .helpers import page_form

THAI = re.compile(r"[\u0e00-\u0e7f]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def in_locale(app, locale: str, text: str, **values) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(text, **values)


@pytest.mark.parametrize("header, lang", [
    ("ru-RU,ru;q=0.9,en;q=0.5", "ru"), ("zh-TW,zh;q=0.9", "zh-Hant"), ("zh-Hant", "zh-Hant"),
    ("th", "th"), ("de-DE,fr;q=0.8", "en"), ("", "en"),
])
def test_first_language_comes_from_the_browser(client, header, lang):
    response = client.get("/login", headers={"Accept-Language": header} if header else {})
    assert html_lang(response) == lang


def test_visitor_switches_language_and_keeps_it_in_a_cookie(app, client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="locale"' in page
    response = client.post("/language", data={"locale": "th", "next": "/register"})
    assert response.status_code == 303 and response.headers["Location"] == "/register"
    register = client.get("/register", headers={"Accept-Language": "en"})
    assert html_lang(register) == "th"
    assert in_locale(app, "th", "Register") in register.get_data(as_text=True)


def test_switching_to_an_unknown_language_or_an_outside_address_changes_nothing(client):
    response = client.post("/language", data={"locale": "xx", "next": "https://evil.example/"})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert html_lang(client.get("/login")) == "en"


def test_signed_in_choice_is_kept_on_the_account_and_beats_the_browser(app, client, auth):
    with app.app_context():
        make_user("reviewer", email="somchai@example.org")
        db.session.commit()
    auth.login("somchai@example.org")
    client.post("/language", data={"locale": "th", "next": "/home"})
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == "somchai@example.org")).scalar_one()
        assert user.locale == "th"
    client.delete_cookie("lang")
    assert html_lang(client.get("/home", headers={"Accept-Language": "ru"})) == "th"


def test_account_page_changes_the_language(app, client, auth):
    with app.app_context():
        make_user("applicant", email="irina@example.org")
        db.session.commit()
    auth.login("irina@example.org")
    response = client.post("/account", data={"name": "Irina", "timezone": "", "locale": "ru"})
    assert response.status_code == 303
    assert html_lang(client.get("/account")) == "ru"
    refused = client.post("/account", data={"name": "Irina", "timezone": "", "locale": "tlh"})
    assert refused.status_code == 422


def _outbox(app, recipient: str) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == recipient)
                                       .order_by(OutboxMessage.id)).scalars())


def test_a_thai_reviewer_is_told_of_new_assignments_in_thai(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call()
        case_study = make_case_study(call, make_user("applicant"), status="submitted")
        reviewer = make_user("reviewer", email="somchai@example.org", economy_code="THA",
                             organisation="Office of SME Promotion")
        reviewer.locale = "th"
        db.session.commit()
        call_id, case_study_id, reviewer_id = call.id, case_study.id, reviewer.id
    auth.login("ed@example.org")
    assert client.post(f"/editor/case-studies/{case_study_id}/assignments",
                       data={"reviewer_id": reviewer_id}).status_code in (200, 303)
    assert client.post(f"/editor/calls/{call_id}/assignments/notify").status_code == 303
    [message] = _outbox(app, "somchai@example.org")
    with app.test_request_context(), force_locale("th"):
        subject = ngettext("%(num)d new case study to review", "%(num)d new case studies to review", 1)
    assert message.subject.startswith(subject)
    assert THAI.search(message.body)
    assert in_locale(app, "th", "Log in to score them, or to declare a conflict of interest:") in message.body


def test_a_russian_applicant_hears_of_the_decision_in_russian(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        applicant = make_user("applicant", email="irina@example.org", economy_code="RUS")
        applicant.locale = "ru"
        case_study = make_case_study(make_call(), applicant, status="submitted", title="Ферма")
        db.session.commit()
        case_study_id, call_id = case_study.id, case_study.call_id
    auth.login("ed@example.org")
    decided = client.post(f"/editor/case-studies/{case_study_id}/decision",
                          data={"outcome": "accepted", "rationale": "Strong.", "feedback": "", "stamp": "new"})
    assert decided.status_code == 303
    assert client.post(f"/editor/calls/{call_id}/release").status_code == 303
    [message] = _outbox(app, "irina@example.org")
    assert message.subject == in_locale(app, "ru", "Decision on your case study “%(title)s”", title="Ферма")
    assert in_locale(app, "ru", "Accepted") in message.body and CYRILLIC.search(message.body.replace("Ферма", ""))


def test_an_invitation_to_a_thai_reviewer_is_written_in_thai(app, client, auth):
    with app.app_context():
        make_user("admin", email="admin@example.org")
        db.session.commit()
    auth.login("admin@example.org")
    with app.app_context():
        from lie_review.reference_data import economy_by_code
        economy_id = economy_by_code("THA").id
    fields = page_form(client, "/admin/invitations/new")
    typed = {"email": "new@example.org", "name": "Niran", "role": "reviewer", "economy": economy_id}
    for name, value in typed.items():
        fields[name] = value
    response = client.post("/admin/invitations/new", data=fields)
    assert response.status_code in (200, 303)
    [message] = _outbox(app, "new@example.org")
    assert message.subject == in_locale(app, "th", "You are invited to lie_review")
    assert in_locale(app, "th", "Thailand") in message.body and PASSWORD not in message.body
