"""Every route, as every role, with hostile parameters and bodies: a 4xx or a page, never a 500."""

from __future__ import annotations

import re

import pytest

from lie_review.extensions import db

from .factories import PASSWORD, make_call, make_case_study, make_user

HOSTILE_VALUES = ["", "0", "-1", "99999999999999999999", "1e309", "NaN", "<script>alert(1)</script>",
                  "%00", "\x00", "' OR 1=1 --", "../../etc/passwd", "ü" * 300]


def _world(app):
    with app.app_context():
        call = make_call()
        applicant = make_user("applicant", email="applicant@example.org")
        make_case_study(call, applicant, status="submitted")
        for role in ("reviewer", "editor", "admin"):
            make_user(role, email=f"{role}@example.org")
        db.session.commit()
        return call.id


def _urls(app, call_id):
    """Each rule with its integer arguments filled in with real and hostile ids."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for value in ("1", str(call_id), "2147483648"):
            args = {name: value for name in rule.arguments}
            path = rule.rule
            for name in rule.arguments:
                path = re.sub(rf"<(?:[a-z]+:)?{name}>", args[name], path)
            yield rule, path
            if not rule.arguments:
                break


@pytest.mark.parametrize("who", [None, "applicant", "reviewer", "editor", "admin"])
def test_no_route_answers_500_to_hostile_input(app, client, who):
    call_id = _world(app)
    if who:
        assert client.post("/login", data={"email": f"{who}@example.org", "password": PASSWORD}).status_code == 303
    failures = []
    for rule, path in _urls(app, call_id):
        if path == "/logout":
            continue
        for value in HOSTILE_VALUES[:6] if len(rule.arguments) else HOSTILE_VALUES:
            query = {k: value for k in ("page", "q", "sort", "order", "status", "economy", "per_page",
                                         "call_id", "next", "role", "from", "to", "actor")}
            if "GET" in rule.methods:
                response = client.get(path, query_string=query)
                response.close()  # a streamed export ends its generator here, inside its own context
                if response.status_code >= 500:
                    failures.append(("GET", path, value, response.status_code))
                if response.headers.get("HX-Redirect", "").startswith("http"):
                    failures.append(("GET", path, value, "offsite redirect"))
            if "POST" in rule.methods and value in ("", "<script>alert(1)</script>", "99999999999999999999"):
                form = {k: value for k in ("title", "name", "email", "outcome", "rationale", "value", "weight",
                                            "reviewer_id", "section_id", "direction", "note", "reason", "role")}
                response = client.post(path, data=form)
                if response.status_code >= 500:
                    failures.append(("POST", path, value, response.status_code))
    assert failures == []
