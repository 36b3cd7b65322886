"""The applicant never reads a reviewer's identity or economy, a comment marked for the editors only, or
any feedback before release: every applicant page, htmx fragment and email is searched for them."""

from __future__ import annotations

import re

from lie_review.extensions import db

from ..factories import make_user
from ..helpers import outbox
from .feedback_world import SECRETS, build_world

SELECT = re.compile(r"<select\b.*?</select>", re.S)  # lists of every economy, offered on forms


def applicant_pages(app, client, world) -> dict[str, str]:
    """Every GET route of the app an applicant could ask for, filled with their case study and call and the
    ids around them, as a page and as an htmx fragment: {url and kind: body}."""
    values = {"case_study_id": world.case_study, "call_id": world.call, "assignment_id": 1,
              "criterion_id": world.criteria[0], "attachment_id": 1, "user_id": 1, "forum_id": 1,
              "section_id": 1, "entry_id": 1, "format": "csv"}
    bodies = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or not set(rule.arguments) <= set(values):
            continue
        path = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]
        for suffix in ("", "?version=english"):
            for kind, headers in (("page", {}), ("fragment", {"HX-Request": "true"})):
                response = client.get(path + suffix, headers=headers)
                bodies[f"{kind} {path}{suffix} ({response.status_code})"] = response.get_data(as_text=True)
    return bodies


def leaks(text: str) -> list[str]:
    shown = SELECT.sub("", text)
    return [secret for secret in SECRETS if secret in shown]


def test_no_applicant_page_fragment_or_email_shows_reviewers_or_editors_only_comments(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        world = build_world(reviews=2)
        db.session.commit()
    auth.login(world.applicant)
    before = applicant_pages(app, client, world)
    assert not any(shared in body for body in before.values() for shared in world.shared)  # nothing before release
    auth.logout()
    auth.login("ed@example.org")
    assert client.post(f"/editor/calls/{world.call}/release", data={}).status_code == 303
    auth.logout()
    auth.login(world.applicant)
    after = applicant_pages(app, client, world)
    assert len(after) > 20
    for name, body in {**before, **after}.items():
        assert leaks(body) == [], name
    case_study_page = after[f"page /case-studies/{world.case_study} (200)"]
    assert all(shared in case_study_page for shared in world.shared)
    with app.app_context():
        messages = outbox()
        assert [m.recipient for m in messages] == [world.applicant]  # releasing writes to the applicant only
        for message in messages:
            assert leaks(message.subject + message.body) == [], message.subject
            assert all(shared in message.body for shared in world.shared)
    assert sum(name.endswith("(200)") for name in after) >= 10
