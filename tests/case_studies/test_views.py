"""The applicant's pages: my case studies, start, the form (save and submit), status, reopen, withdraw."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.auth.models import User
from lie_review.case_studies.models import Attachment, CaseStudy
from lie_review.clock import utcnow
from lie_review.editorial.models import Decision
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Review

from ..factories import make_call, make_case_study, make_user
from ..helpers import count_queries, outbox

COMPLETE = {
    "title": "Hill tea goes online",
    "summary": "A cooperative of small tea farms sells directly to customers.",
    "organisation_name": "Cloudridge Tea Cooperative",
    "organisation_type": "msme",
    "locality": "Lugu Township",
    "forum_id": "",
    "sector": "agriculture",
    "local_challenge": "Prices set by middlemen were too low.",
    "solution": "A shared brand and an online shop.",
    "ecosystem_partners": "The county, a university design school and an incubator.",
    "results": "Farm-gate prices rose by 80 percent.",
    "sustainability": "Organic conversion and a self-funding shop.",
    "inclusiveness": "Eleven young people returned; elderly growers lead tours.",
    "lessons": "Start with a shared brand.",
    "website": "https://cloudridge.example.org",
    "contact_name": "Lin Mei",
    "contact_email": "lin@example.org",
    "contact_phone": "+886 49 123 4567",
    "consent_to_publish": "y",
}


def setup_applicant(app, **call_settings):
    with app.app_context():
        applicant = make_user("applicant", email="amy@example.org")
        call = make_call(**call_settings)
        case_study = make_case_study(call, applicant, title="Draft one", summary="Old summary.")
        economy_id = case_study.economy_id
        db.session.commit()
        return case_study.id, call.id, economy_id


def form_data(client, case_study_id, **changes):
    """The form's fields as the edit page renders them (version included), with `changes` applied."""
    page = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    saved_at = re.search(r'name="saved_at" type="hidden" value="([^"]*)"', page)
    assert version, "the form carries its version"
    return {"version": version.group(1), "saved_at": saved_at.group(1), **changes}


def stored(app, case_study_id) -> CaseStudy:
    with app.app_context():
        case_study = db.session.get(CaseStudy, case_study_id)
        db.session.expunge(case_study)
        return case_study


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
    assert "Not a valid choice" in response.get_data(as_text=True) or "could not coerce" in response.get_data(as_text=True)
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
    assert page.count("Fora 2027") == 2
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
    response = client.post(f"/case-studies/calls/{open_id}/start", data={})
    assert response.status_code == 303
    case_study_id = int(re.search(r"/case-studies/(\d+)/edit", response.headers["Location"]).group(1))
    case_study = stored(app, case_study_id)
    assert (case_study.call_id, case_study.status) == (open_id, "draft")
    assert (case_study.organisation_name, case_study.contact_name, case_study.contact_email) == (
        "Doi Tea", "Amy Lee", "amy@example.org")
    with app.app_context():
        assert db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars().all()[-1] == "case_study.started"


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


PDF = b"%PDF-1.7\n" + b"0" * 100


def two_applicants(app, status="draft"):
    """Amy, and Bob with a case study (and an attachment) that Amy must not learn exists."""
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        bob = make_user("applicant", email="bob@example.org")
        call = make_call()
        case_study = make_case_study(call, bob, status=status, title="Bob's secret plan")
        case_study.attachments.append(Attachment(filename="plan.pdf", content_type="application/pdf",
                                                 size=len(PDF), sha256="0" * 64, data=PDF))
        db.session.commit()
        return case_study.id, case_study.attachments[0].id, case_study.version


@pytest.mark.parametrize("method, path", [
    ("GET", "/case-studies/{id}"),
    ("GET", "/case-studies/{id}/edit"),
    ("POST", "/case-studies/{id}/edit"),
    ("GET", "/case-studies/{id}/attachments/{attachment}"),
    ("POST", "/case-studies/{id}/attachments/{attachment}/remove"),
    ("POST", "/case-studies/{id}/reopen"),
    ("GET", "/case-studies/{id}/withdraw"),
    ("POST", "/case-studies/{id}/withdraw"),
])
@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_another_applicants_case_study_answers_404(app, client, auth, method, path, status):
    case_study_id, attachment_id, version = two_applicants(app, status)
    auth.login("amy@example.org")
    url = path.format(id=case_study_id, attachment=attachment_id)
    data = {"version": str(version), "title": "Taken over", "action": "submit"} if method == "POST" else None
    response = client.open(url, method=method, data=data)
    assert response.status_code == 404
    assert "Bob" not in response.get_data(as_text=True)
    with app.app_context():
        case_study = db.session.get(CaseStudy, case_study_id)
        assert (case_study.title, case_study.status, case_study.version) == ("Bob's secret plan", status, version)
        assert len(case_study.attachments) == 1


def test_after_the_deadline_the_server_refuses_every_change(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app, closes_in_days=1 / 24)  # within the session's life
    with app.app_context():
        case_study = db.session.get(CaseStudy, case_study_id)
        case_study.attachments.append(Attachment(filename="a.pdf", content_type="application/pdf",
                                                 size=len(PDF), sha256="0" * 64, data=PDF))
        db.session.commit()
        attachment_id = case_study.attachments[0].id
        closes_at = case_study.call.closes_at
    auth.login("amy@example.org")
    with time_machine.travel(closes_at - timedelta(seconds=1), tick=False):  # a second before: still open
        data = form_data(client, case_study_id, title="Just in time", action="save")
        assert client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code == 303
        data = form_data(client, case_study_id, **COMPLETE, economy_id=str(economy_id), action="submit")
    before = stored(app, case_study_id)
    assert before.title == "Just in time"
    with time_machine.travel(closes_at, tick=False):  # the deadline is the first instant that is too late
        refused = client.post(f"/case-studies/{case_study_id}/edit", data=data)
        assert refused.status_code == 403
        assert "The deadline for this call has passed" in refused.get_data(as_text=True)
        autosave = client.post(f"/case-studies/{case_study_id}/edit", data={**data, "action": "save"},
                               headers={"HX-Request": "true"})
        assert autosave.status_code == 403
        assert 'id="save-status"' in autosave.get_data(as_text=True)
        for path in (f"/case-studies/{case_study_id}/withdraw", f"/case-studies/{case_study_id}/reopen",
                     f"/case-studies/{case_study_id}/attachments/{attachment_id}/remove"):
            assert client.post(path, data={}).status_code == 403, path
        form = client.get(f"/case-studies/{case_study_id}/edit")
        assert form.status_code == 303 and form.headers["Location"] == f"/case-studies/{case_study_id}"
        page = client.get(f"/case-studies/{case_study_id}").get_data(as_text=True)
        assert "The deadline has passed, so it can no longer be submitted." in page
        assert "Continue editing" not in page and ">Withdraw<" not in page and "<textarea" not in page
    after = stored(app, case_study_id)
    assert (after.status, after.title, after.version) == ("draft", before.title, before.version)
    with app.app_context():
        assert len(db.session.get(CaseStudy, case_study_id).attachments) == 1


def test_a_submitted_case_study_cannot_be_edited_by_a_crafted_post(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org")
        case_study = make_case_study(make_call(), amy, status="submitted", title="Locked")
        case_study_id, version = case_study.id, case_study.version
        db.session.commit()
    auth.login("amy@example.org")
    response = client.post(f"/case-studies/{case_study_id}/edit",
                           data={"version": str(version), "title": "Changed", "action": "save"})
    assert response.status_code == 403
    assert "This case study is submitted. Reopen it to make changes." in response.get_data(as_text=True)
    assert stored(app, case_study_id).title == "Locked"


HOSTILE = '<script>alert("x")</script><b onmouseover=alert(1)>bold</b>'


def test_html_and_script_typed_into_fields_show_as_text_everywhere(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app)
    auth.login("amy@example.org")
    values = {name: HOSTILE for name in ("title", "summary", "organisation_name", "locality", "local_challenge",
                                         "solution", "ecosystem_partners", "results", "sustainability",
                                         "inclusiveness", "lessons", "contact_name")}
    values["website"] = 'https://example.org/"><script>alert(1)</script>'
    data = form_data(client, case_study_id, **{**COMPLETE, **values}, economy_id=str(economy_id), action="submit")
    assert client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code == 303
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt;"
    pages = {
        "status": client.get(f"/case-studies/{case_study_id}").get_data(as_text=True),
        "mine": client.get("/case-studies/").get_data(as_text=True),
    }
    client.post(f"/case-studies/{case_study_id}/reopen", data={})
    pages["form"] = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    data = form_data(client, case_study_id, **{**COMPLETE, **values}, economy_id=str(economy_id), action="save")
    pages["autosave"] = client.post(f"/case-studies/{case_study_id}/edit",
                                    data={**data, "summary": "x " * 10, "title": HOSTILE * 100},
                                    headers={"HX-Request": "true"}).get_data(as_text=True)
    for name, page in pages.items():
        assert "<script>alert" not in page and "<b onmouseover" not in page, name
    for name in ("status", "mine", "form"):
        assert escaped in pages[name], name
    assert pages["status"].count(escaped) >= 12
    with app.app_context():
        mail = outbox("amy@example.org")[0]
        assert HOSTILE in mail.subject  # plain text: shown as typed, never interpreted


def test_the_applicant_never_sees_reviewers_scores_or_an_unreleased_decision(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org")
        reviewer = make_user("reviewer", email="rev@example.org", name="Reviewer Ravi")
        case_study = make_case_study(make_call(), amy, status="submitted")
        assignment = Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id)
        db.session.add(assignment)
        db.session.flush()
        db.session.add(Review(assignment_id=assignment.id, overall_comment="Weak on inclusiveness, sadly",
                              recommendation="neutral", confidence=4, submitted_at=utcnow()))
        decision = Decision(case_study_id=case_study.id, outcome="waitlisted",
                            rationale="Internal: borderline, keep in reserve", feedback="Strong local partners.")
        db.session.add(decision)
        case_study_id = case_study.id
        db.session.commit()
    auth.login("amy@example.org")
    secrets = ("Reviewer Ravi", "rev@example.org", "Weak on inclusiveness", "Internal: borderline",
               "Strong local partners", "waitlist")
    for path in (f"/case-studies/{case_study_id}", "/case-studies/"):
        page = client.get(path).get_data(as_text=True)
        assert "Under review" in page
        assert not [s for s in secrets if s.lower() in page.lower()], path
    with app.app_context():
        decision = db.session.execute(select(Decision)).scalar_one()
        decision.released_at, decision.released_outcome = utcnow(), "waitlisted"
        db.session.commit()
    page = client.get(f"/case-studies/{case_study_id}").get_data(as_text=True)
    assert "Decision released" in page and "On the waiting list" in page and "Strong local partners." in page
    assert not [s for s in secrets[:4] if s in page]
    assert "Read the decision" in client.get("/case-studies/").get_data(as_text=True)


def test_staff_and_the_assigned_reviewer_may_read_the_status_page_but_not_change_it(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org")
        make_user("editor", email="ed@example.org")
        reviewer = make_user("reviewer", email="rev@example.org")
        make_user("reviewer", email="other@example.org")
        case_study = make_case_study(make_call(), amy, title="Readable")
        db.session.add(Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id))
        case_study_id, version = case_study.id, case_study.version
        db.session.commit()
    for email, expected in (("ed@example.org", 200), ("rev@example.org", 200), ("other@example.org", 404)):
        auth.login(email)
        response = client.get(f"/case-studies/{case_study_id}")
        assert response.status_code == expected, email
        if expected == 200:
            page = response.get_data(as_text=True)
            assert "Readable" in page and "Continue editing" not in page and ">Withdraw<" not in page
            assert client.post(f"/case-studies/{case_study_id}/edit",
                               data={"version": str(version), "title": "Edited by staff"}).status_code == 403
            assert client.post(f"/case-studies/{case_study_id}/withdraw", data={}).status_code == 403
        auth.logout()
    assert stored(app, case_study_id).title == "Readable"


def page_queries(app, client, path) -> int:
    with app.app_context():
        engine = db.engine
    client.get(path)  # warm up: the first request of a client loads its session and user
    with count_queries(engine) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_my_case_studies_query_count_does_not_grow_with_the_rows(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org")
        call = make_call()
        make_case_study(call, amy)
        db.session.commit()
    auth.login("amy@example.org")
    one = page_queries(app, client, "/case-studies/")
    with app.app_context():
        amy = db.session.execute(select(User).where(User.email == "amy@example.org")).scalar_one()
        reviewer = make_user("reviewer")
        for status in ("submitted", "withdrawn"):
            cs = make_case_study(make_call(), amy, status=status)
            db.session.add(Assignment(case_study_id=cs.id, reviewer_id=reviewer.id))
            db.session.add(Decision(case_study_id=cs.id, outcome="accepted", released_at=utcnow(),
                                    released_outcome="accepted"))
        db.session.commit()
    three = page_queries(app, client, "/case-studies/")
    assert one == three


@pytest.mark.parametrize("path", ["/case-studies/{id}/edit", "/case-studies/{id}"])
def test_form_and_status_page_query_counts_do_not_grow_with_attachments(app, client, auth, path):
    case_study_id, _, _ = setup_applicant(app)

    def attach(n):
        with app.app_context():
            case_study = db.session.get(CaseStudy, case_study_id)
            for i in range(n):
                case_study.attachments.append(Attachment(filename=f"f{i}.pdf", content_type="application/pdf",
                                                         size=len(PDF), sha256="0" * 64, data=PDF))
            db.session.commit()

    auth.login("amy@example.org")
    attach(1)
    one = page_queries(app, client, path.format(id=case_study_id))
    attach(2)
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as queries:
        assert client.get(path.format(id=case_study_id)).status_code == 200
    assert len(queries) == one
    assert not [q for q in queries if "attachment.data" in q], "the files' bytes are never loaded for a page"
