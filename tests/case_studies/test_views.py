"""The applicant's pages: my case studies, start, the form (save and submit), reopen, withdraw."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import CaseStudy
from lie_review.extensions import db

from ..factories import make_call, make_case_study, make_user
from ..helpers import form_in, outbox
from .support import COMPLETE, form_data, setup_applicant, stored


def test_save_draft_stores_what_is_there_without_completeness_checks(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, title="  Only a title  ", summary="", action="save")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/case-studies/{case_study_id}/edit"
    case_study = stored(app, case_study_id)
    assert (case_study.title, case_study.summary, case_study.status) == ("Only a title", "", "draft")
    assert "Draft saved at" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_submit_with_everything_locks_and_sends_one_confirmation(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, **COMPLETE, economy_id=str(economy_id), action="submit")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/case-studies/{case_study_id}"
    case_study = stored(app, case_study_id)
    assert case_study.status == "submitted" and case_study.submitted_at is not None
    with app.app_context():
        mails = outbox("amy@example.org")
        assert [m.subject for m in mails] == ["Your case study is submitted: Hill tea goes online"]
        assert f"http://lie-review.test/case-studies/{case_study_id}" in mails[0].body
    status_page = client.get(f"/case-studies/{case_study_id}").get_data(as_text=True)
    assert "Submitted" in status_page and "Reopen to edit" in status_page
    # Submitted means locked: the form sends the applicant to the status page.
    edit = client.get(f"/case-studies/{case_study_id}/edit")
    assert edit.status_code == 303 and edit.headers["Location"] == f"/case-studies/{case_study_id}"


def test_submit_with_a_missing_field_shows_it_at_the_field_keeps_the_text_and_saves_the_draft(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, **{**COMPLETE, "lessons": ""}, economy_id=str(economy_id),
                     action="submit")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<p class="error" id="lessons-error">Describe the lessons' in page
    assert 'aria-describedby="lessons-hint lessons-error" aria-invalid="true"' in page
    assert '<a href="#lessons">Lessons and replicability: Describe the lessons' in page
    assert "The case study cannot be submitted yet" in page
    assert "A shared brand and an online shop." in page  # the rest of the text is still in the form
    case_study = stored(app, case_study_id)
    assert case_study.status == "draft"
    assert case_study.solution == "A shared brand and an online shop."  # and it is saved
    assert f'name="version" type="hidden" value="{case_study.version}"' in page
    with app.app_context():
        assert outbox("amy@example.org") == []


@pytest.mark.parametrize("changes, field, message", [
    ({"summary": "word " * 151}, "summary", "Please shorten this to 150 words: it has 151."),
    ({"website": "not a website"}, "website", "Enter the full address of the website"),
    ({"contact_email": "lin@"}, "contact_email", "Enter an email address like name@example.org"),
    ({"consent_to_publish": ""}, "consent_to_publish", "Tick the box to agree to publication"),
    ({"organisation_type": ""}, "organisation_type", "Choose the type of organisation."),
])
def test_submit_checks_limits_formats_and_consent(app, client, auth, changes, field, message):
    case_study_id, _, economy_id = setup_applicant(app)
    auth.login("amy@example.org")
    values = {**COMPLETE, **changes}
    if not values["consent_to_publish"]:
        del values["consent_to_publish"]  # an unticked box is not sent at all
    data = form_data(client, case_study_id, **values, economy_id=str(economy_id), action="submit")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    assert re.search(rf'<p class="error" id="{field}-error">{re.escape(message)}', response.get_data(as_text=True))
    assert stored(app, case_study_id).status == "draft"


# ชุมชน | ร่วม | กัน | พัฒนา | ตลาด | ท้อง | ถิ่น: 7 words, though a Thai sentence has no spaces in it.
THAI_SENTENCE = "ชุมชนร่วมกันพัฒนาตลาดท้องถิ่น"


def test_submit_refuses_a_thai_summary_over_the_word_limit(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app)
    auth.login("amy@example.org")
    summary = " ".join([THAI_SENTENCE] * 22)  # 22 sentences of 7 words: 154 words
    data = form_data(client, case_study_id, **{**COMPLETE, "summary": summary}, economy_id=str(economy_id),
                     action="submit")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<p class="error" id="summary-error">Please shorten this to 150 words: it has 154.' in page
    case_study = stored(app, case_study_id)
    assert (case_study.status, case_study.summary) == ("draft", summary)


def test_submit_accepts_a_thai_summary_within_the_word_limit(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app)
    auth.login("amy@example.org")
    summary = " ".join([THAI_SENTENCE] * 21)  # 21 sentences of 7 words: 147 words
    data = form_data(client, case_study_id, **{**COMPLETE, "summary": summary}, economy_id=str(economy_id),
                     action="submit")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 303
    case_study = stored(app, case_study_id)
    assert (case_study.status, case_study.summary) == ("submitted", summary)


def test_a_website_without_scheme_is_completed(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, **{**COMPLETE, "website": "www.cloudridge.example.org"},
                     economy_id=str(economy_id), action="submit")
    assert client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code == 303
    assert stored(app, case_study_id).website == "https://www.cloudridge.example.org"


@pytest.mark.parametrize("changes", [{"organisation_type": "hacker"}, {"economy_id": "abc"},
                                     {"forum_id": "99999"}, {"sector": "<script>"}])
def test_a_value_outside_the_choices_is_refused_even_for_a_draft(app, client, auth, changes):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    before = stored(app, case_study_id)
    data = form_data(client, case_study_id, title="Changed", **changes, action="save")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Not a valid choice" in page or "could not coerce" in page
    after = stored(app, case_study_id)
    assert (after.title, after.version) == (before.title, before.version)


def test_my_case_studies_shows_status_call_deadline_and_next_step(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org", name="Amy")
        call = make_call(title="Fora 2027", timezone="Asia/Bangkok")
        make_case_study(call, amy, title="Still writing")
        make_case_study(call, amy, title="Sent in", status="submitted")
        make_case_study(call, make_user("applicant"), title="Someone else's")
        db.session.commit()
    auth.login("amy@example.org")
    page = client.get("/case-studies/").get_data(as_text=True)
    assert "Still writing" in page and "Sent in" in page
    assert "Someone else" not in page
    assert page.count('<td data-label="Call">Fora 2027</td>') == 2  # one per row (the Start button names the call too)
    assert "(Asia/Bangkok)" in page and "days left" in page
    assert "Continue writing and submit" in page
    assert "you may still reopen or withdraw it until the deadline" in page
    assert '<span class="badge badge-submitted">Submitted</span>' in page


def test_start_lists_only_open_calls_and_creates_a_prefilled_draft(app, client, auth):
    with app.app_context():
        make_user("applicant", email="amy@example.org", name="Amy Lee", organisation="Doi Tea")
        open_call = make_call(title="Open call")
        make_call(title="Closed call", opens_in_days=-20, closes_in_days=-1)
        make_call(title="Future call", opens_in_days=5, closes_in_days=20)
        db.session.commit()
        open_id = open_call.id
    auth.login("amy@example.org")
    page = client.get("/case-studies/start").get_data(as_text=True)
    assert "Open call" in page and "Closed call" not in page and "Future call" not in page
    response = client.post(f"/case-studies/calls/{open_id}/start",
                           data=form_in(page, f"/calls/{open_id}/start"))
    assert response.status_code == 303
    case_study_id = int(re.search(r"/case-studies/(\d+)/edit", response.headers["Location"]).group(1))
    case_study = stored(app, case_study_id)
    assert (case_study.call_id, case_study.status) == (open_id, "draft")
    assert (case_study.organisation_name, case_study.contact_name, case_study.contact_email) == (
        "Doi Tea", "Amy Lee", "amy@example.org")
    with app.app_context():
        actions = db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars().all()
        assert actions[-1] == "case_study.started"


def test_a_closed_call_cannot_be_started(app, client, auth):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        closed = make_call(opens_in_days=-20, closes_in_days=-1)
        db.session.commit()
        closed_id = closed.id
    auth.login("amy@example.org")
    response = client.post(f"/case-studies/calls/{closed_id}/start", data={})
    assert response.status_code == 303
    assert "is not taking case studies now" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(CaseStudy)).first() is None


def test_reopen_makes_a_submitted_case_study_a_draft_again(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org")
        case_study_id = make_case_study(make_call(), amy, status="submitted").id
        db.session.commit()
    auth.login("amy@example.org")
    response = client.post(f"/case-studies/{case_study_id}/reopen", data={})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/case-studies/{case_study_id}/edit"
    case_study = stored(app, case_study_id)
    assert (case_study.status, case_study.submitted_at) == ("draft", None)
    again = client.post(f"/case-studies/{case_study_id}/reopen", data={})  # a second click changes nothing
    assert again.status_code == 303 and stored(app, case_study_id).version == case_study.version


def test_withdraw_asks_first_then_withdraws_for_good(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org")
        case_study_id = make_case_study(make_call(), amy, status="submitted", title="Going away").id
        db.session.commit()
    auth.login("amy@example.org")
    confirm = client.get(f"/case-studies/{case_study_id}/withdraw")
    assert confirm.status_code == 200
    assert "Withdraw “Going away”?" in confirm.get_data(as_text=True)
    assert stored(app, case_study_id).status == "submitted"
    response = client.post(f"/case-studies/{case_study_id}/withdraw", data={})
    assert response.status_code == 303
    case_study = stored(app, case_study_id)
    assert case_study.status == "withdrawn" and case_study.withdrawn_at is not None
    page = client.get(f"/case-studies/{case_study_id}").get_data(as_text=True)
    assert "Withdrawn" in page and "Reopen to edit" not in page and ">Withdraw<" not in page
    assert client.post(f"/case-studies/{case_study_id}/reopen", data={}).status_code == 403
    assert client.post(f"/case-studies/{case_study_id}/edit",
                       data={"version": str(case_study.version), "title": "Back"}).status_code == 403


def test_staff_pages_of_the_applicant_area_are_for_applicants(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    auth.login("ed@example.org")
    assert client.get("/case-studies/").status_code == 403
    assert client.get("/case-studies/start").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/case-studies/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


def test_a_russian_applicant_sees_the_call_in_russian_where_it_is_translated(app, client, auth):
    with app.app_context():
        irina = make_user("applicant", email="irina@example.org", economy_code="RUS")
        irina.locale = "ru"
        call = make_call(title="Best Practices 2028", description="Second round.",
                         translations={"ru": {"title": "Лучшие практики 2028"}, "th": {"title": "แนวปฏิบัติ 2028"}})
        case_study = make_case_study(call, irina, title="Ферма", economy_code="RUS")
        case_study_id, economy_id = case_study.id, case_study.economy_id
        db.session.commit()
    auth.login("irina@example.org")
    mine = client.get("/case-studies/").get_data(as_text=True)
    assert "Лучшие практики 2028" in mine and "Best Practices 2028" not in mine
    start = client.get("/case-studies/start").get_data(as_text=True)
    assert "Лучшие практики 2028" in start
    assert "Second round." in start                      # no Russian description: the English one
    assert "Лучшие практики 2028" in client.get(f"/case-studies/{case_study_id}").get_data(as_text=True)
    data = form_data(client, case_study_id, **COMPLETE, economy_id=str(economy_id), action="submit")
    assert client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code == 303
    with app.app_context():
        assert "«Лучшие практики 2028»" in outbox("irina@example.org")[0].body


def test_an_english_applicant_sees_the_calls_english_title(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org", economy_code="PHL")
        make_case_study(make_call(title="Best Practices 2028", translations={"ru": {"title": "Лучшие практики"}}), amy)
        db.session.commit()
    auth.login("amy@example.org")
    mine = client.get("/case-studies/").get_data(as_text=True)
    assert "Best Practices 2028" in mine and "Лучшие практики" not in mine
