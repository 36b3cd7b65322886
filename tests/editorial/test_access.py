"""Every editor URL and action, walked from the URL map: others get 403, anonymous users the login page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import Forum
from lie_review.editorial.models import ReportEntry, ReportSection, ReportTarget
from lie_review.extensions import db
from lie_review.mail import OutboxMessage

from ..factories import make_call, make_case_study, make_user
from .builders import assign, criteria_of, make_reviewer, review


@pytest.fixture
def objects(app):
    """One of everything an editor URL can point at; the applicant owns the case study and the
    reviewer is assigned to it, so neither is refused for lack of a link to the object."""
    with app.app_context():
        call = make_call()
        applicant = make_user("applicant", email="applicant@example.org")
        reviewer = make_reviewer("CT", email="reviewer@example.org")
        make_user("applicant", "reviewer", email="both@example.org")
        make_user("editor", email="editor@example.org")
        case_study = make_case_study(call, applicant, status="submitted")
        assignment = review(case_study, reviewer, [3, 3, 3], submitted=False)
        other = assign(case_study, make_reviewer("THA"))
        section = ReportSection(call_id=call.id, title="Thematic")
        db.session.add(section)
        db.session.flush()
        entry = ReportEntry(case_study_id=case_study.id, section_id=section.id)
        target = ReportTarget(call_id=call.id, kind="economy", value="THA", at_least=1)
        db.session.add_all([entry, target])
        db.session.commit()
        return {"call_id": call.id, "case_study_id": case_study.id, "criterion_id": criteria_of(call)[0].id,
                "assignment_id": assignment.id, "other_assignment": other.id, "section_id": section.id,
                "entry_id": entry.id, "target_id": target.id, "forum_id": db.session.execute(select(Forum.id)).scalars().first()}


def editor_routes(app, objects):
    """(method, url) for every rule of the editorial blueprint, built from the URL map."""
    routes = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("editorial."):
                continue
            url = url_for(rule.endpoint, **{name: objects[name] for name in rule.arguments})
            for method in sorted(rule.methods & {"GET", "POST"}):
                routes.append((method, url))
    return routes


def snapshot(app):
    with app.app_context():
        return (db.session.execute(select(func.count(AuditEvent.id))).scalar_one(),
                db.session.execute(select(func.count(OutboxMessage.id))).scalar_one())


def test_the_walk_covers_every_editor_endpoint(app, objects):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("editorial.")}
    assert len(endpoints) == 35
    assert len(editor_routes(app, objects)) == 42  # 8 GET, 20 POST, 7 both


@pytest.mark.parametrize("email", ["applicant@example.org", "reviewer@example.org", "both@example.org"])
def test_applicants_and_reviewers_get_403_on_every_editor_url_and_action(app, client, auth, objects, email):
    before = snapshot(app)
    auth.login(email)
    for method, url in editor_routes(app, objects):
        data = {"reviewer_id": "1", "outcome": "accepted", "rationale": "x", "direction": "up", "plan": "x",
                "title": "x"} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, (method, url, response.status_code)
        htmx = client.open(url, method=method, data=data, headers={"HX-Request": "true"})
        assert htmx.status_code == 403, (method, url, "htmx")
    after = snapshot(app)
    assert after[1] == before[1]
    assert after[0] - before[0] == 1  # only the login itself was audited


def test_anonymous_users_are_sent_to_log_in_from_every_editor_url_and_action(app, client, objects):
    before = snapshot(app)
    for method, url in editor_routes(app, objects):
        response = client.open(url, method=method, data={"reviewer_id": "1"} if method == "POST" else None)
        assert response.status_code == (302 if method == "GET" else 303), (method, url)
        assert response.headers["Location"].startswith("/login?next=")
        htmx = client.open(url, method=method, headers={"HX-Request": "true"})
        assert htmx.status_code == 204 and htmx.headers["HX-Redirect"].startswith("/login"), (method, url)
    assert snapshot(app) == before


def test_editors_get_404_for_objects_that_do_not_exist(app, client, auth, objects):
    auth.login("editor@example.org")
    missing = {name: 99999 for name in objects}
    for method, url in editor_routes(app, missing):
        if "99999" not in url:
            continue
        response = client.open(url, method=method, data={} if method == "POST" else None)
        assert response.status_code == 404, (method, url, response.status_code)


def test_editors_reach_every_editor_page(app, client, auth, objects):
    auth.login("editor@example.org")
    for method, url in editor_routes(app, objects):
        if method == "GET":
            assert client.get(url).status_code == 200, url
