"""Every export URL, walked from the URL map with its method: editors and admins only; nothing is exported,
started or logged otherwise."""

from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import func, select

from lie_review.audit import AuditEvent
from lie_review.extensions import db
from lie_review.jobs.models import Job

from ..editorial.builders import make_reviewer, review
from ..factories import make_call, make_user
from .builders import decide, submitted


@pytest.fixture
def call_id(app):
    """A call whose queue holds the applicant's case study, reviewed by the reviewer: people who could leak."""
    with app.app_context():
        call = make_call()
        case_study = submitted(call, "Doi Tea Trails", email="applicant@example.org")
        review(case_study, make_reviewer("CT", email="reviewer@example.org"), [4, 4, 4])
        decide(case_study)
        make_user("applicant", "reviewer", email="both@example.org")
        make_user("editor", email="editor@example.org")
        make_user("admin", email="admin@example.org")
        db.session.commit()
        return call.id


def export_urls(app, call_id: int) -> list[tuple[str, str]]:
    """(method, URL) of every export route; the shortlist's start is posted with a format."""
    with app.test_request_context():
        return [("POST" if "POST" in rule.methods else "GET", url_for(rule.endpoint, call_id=call_id))
                for rule in app.url_map.iter_rules() if rule.endpoint.startswith("exports.")]


def send(client, method: str, url: str, query: str = "", **kwargs):
    if method == "POST":
        data = {"format": "xlsx", "waitlist": "y", "contact": "y"} if url.endswith("/shortlist") else {}
        return client.post(url, data=data, **kwargs)
    return client.get(url + query, **kwargs)


def exports_logged(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(AuditEvent.id))
                                  .where(AuditEvent.action == "call.exported")).scalar_one()


def jobs_started(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(Job.id))).scalar_one()


def test_the_walk_covers_every_export(app, call_id):
    assert sorted((method, url.split(f"/{call_id}", 1)[1]) for method, url in export_urls(app, call_id)) == [
        ("GET", ""), ("GET", "/report-draft.html"), ("GET", "/shortlist.csv"), ("GET", "/shortlist.json"),
        ("GET", "/shortlist.xlsx"), ("POST", "/report-draft.docx"), ("POST", "/shortlist")]


@pytest.mark.parametrize("email", ["applicant@example.org", "reviewer@example.org", "both@example.org"])
def test_non_editors_get_403_on_every_export_url(app, client, auth, call_id, email):
    auth.login(email)
    for method, url in export_urls(app, call_id):
        for query in ("", "?waitlist=y&contact=y"):
            response = send(client, method, url, query)
            assert response.status_code == 403, (url, response.status_code)
            assert "Doi Tea Trails" not in response.get_data(as_text=True)
        assert send(client, method, url, headers={"HX-Request": "true"}).status_code == 403
    assert exports_logged(app) == 0 and jobs_started(app) == 0


def test_anonymous_users_are_sent_to_log_in(app, client, call_id):
    for method, url in export_urls(app, call_id):
        response = send(client, method, url)
        assert response.status_code in (302, 303) and response.headers["Location"].startswith("/login?next="), url
    assert exports_logged(app) == 0 and jobs_started(app) == 0


@pytest.mark.parametrize("email", ["editor@example.org", "admin@example.org"])
def test_editors_and_admins_export_and_each_export_is_logged(app, client, auth, call_id, email):
    auth.login(email)
    downloads = 0
    for method, url in export_urls(app, call_id):
        response = send(client, method, url)
        if method == "POST":  # the small shortlist goes to its download, the DOCX to its job's page
            assert response.status_code == 303, url
            assert client.get(response.headers["Location"]).status_code == 200
        else:
            assert response.status_code == 200, url
            assert response.get_data()
        downloads += url.endswith(("/shortlist", ".csv", ".json", ".xlsx", ".html"))
    assert exports_logged(app) == downloads  # the exports page itself records nothing
    assert jobs_started(app) == 1  # the report draft as DOCX


def test_an_unknown_call_answers_404(app, client, auth, call_id):
    auth.login("editor@example.org")
    for method, url in export_urls(app, 99999) + export_urls(app, 2**31 - 1):
        assert send(client, method, url).status_code == 404, url
    assert client.get("/exports/calls/99999999999/shortlist.csv").status_code == 404
    assert exports_logged(app) == 0 and jobs_started(app) == 0
