"""Who may see and change a case study, and when: another applicant's is 404, the deadline is the
server's, staff read but never write, user text is only ever text, reviewers stay unseen."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from lie_review.case_studies.models import Attachment, CaseStudy
from lie_review.clock import utcnow
from lie_review.editorial.models import Decision
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Review

from ..factories import make_call, make_case_study, make_user
from ..helpers import outbox
from .support import COMPLETE, PDF, form_data, setup_applicant, stored


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


def test_a_reviewer_of_a_call_hiding_identities_reads_the_case_study_without_who_wrote_it(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org", name="Amy Applicant")
        reviewer = make_user("reviewer", email="rev@example.org")
        case_study = make_case_study(make_call(hide_applicant_identity=True), amy, status="submitted",
                                     organisation_name="Cloudridge Tea Cooperative", contact_name="Lin Mei",
                                     contact_email="lin@example.org", website="https://cloudridge.example.org",
                                     local_challenge="Prices were too low.")
        db.session.add(Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id))
        db.session.commit()
        case_study_id = case_study.id
    auth.login("rev@example.org")
    page = client.get(f"/case-studies/{case_study_id}").get_data(as_text=True)
    assert "Prices were too low." in page
    for identity in ("Cloudridge", "Lin Mei", "lin@example.org", "Amy Applicant"):
        assert identity not in page, identity
