"""The audit trail as people read it: actions and fields in words, coded values named, times in the
viewer's zone, what changed as a table, pages of 50 at a constant number of queries."""

from __future__ import annotations

import ast
import re
from datetime import datetime, timezone
from pathlib import Path

import time_machine
from sqlalchemy import select

from lie_review import audit
from lie_review.admin.audit_labels import ACTION_LABELS, FIELD_LABELS
from lie_review.auth.models import User
from lie_review.extensions import db

from ..factories import make_call, make_user
from ..helpers import count_queries

SOURCE = Path(__file__).resolve().parents[2] / "lie_review"
HX = {"HX-Request": "true"}
WHEN = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _calls(tree: ast.AST, names: set[str]):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call) and _name(node) in names]


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _recorded() -> tuple[set[str], set[str]]:
    """Every action name and field name the operations record: the names given to audit.record (and its
    wrappers), the keys of the dicts given as before/after, and the fields passed to audit.changes."""
    actions, fields = set(), set()
    for path in SOURCE.rglob("*.py"):
        if path.name == "audit.py" or "admin/audit_" in str(path):
            continue
        tree = ast.parse(path.read_text())
        constants = {target.id: node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                     for target in node.targets if isinstance(target, ast.Name)}
        for call in _calls(tree, {"record", "_record", "move_and_record", "record_export"}):
            for arg in call.args[:1]:
                actions |= {s for s in _strings(arg) if re.fullmatch(r"[a-z_]+\.[a-z_]+", s)}
            for keyword in call.keywords:
                if keyword.arg == "action":
                    actions |= _strings(keyword.value)
                elif keyword.arg in ("before", "after"):
                    fields |= {key.value for d in ast.walk(keyword.value) if isinstance(d, ast.Dict)
                               for key in d.keys if isinstance(key, ast.Constant)}
                elif _name(call) == "record_export" and keyword.arg not in (
                        "call", "actor", "export", "fmt"):
                    fields.add(keyword.arg)
        for call in _calls(tree, {"changes"}):
            for arg in call.args[1:2]:
                for node in ast.walk(arg):
                    if isinstance(node, ast.Name) and node.id in constants:
                        fields |= _strings(constants[node.id])
                fields |= _strings(arg)
            fields |= {k.arg for k in call.keywords if k.arg}
        for node in ast.walk(tree):  # before["panel"], after["panel"] = …
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and \
                    getattr(node.value, "id", "") in ("before", "after") and isinstance(node.slice, ast.Constant):
                fields.add(node.slice.value)
    return actions, fields


def test_every_action_and_field_the_operations_record_has_a_label():
    actions, fields = _recorded()
    assert len(actions) > 50 and len(fields) > 60  # the reading of the operations found them
    assert sorted(actions - set(ACTION_LABELS)) == []
    assert sorted(fields - set(FIELD_LABELS)) == []


def _event(action, *, object_type="case_study", object_id=1, call_id=None, actor=None, before=None, after=None):
    with time_machine.travel(WHEN, tick=False):
        audit.record(action, object_type=object_type, object_id=object_id, call_id=call_id, actor=actor,
                     before=before, after=after)
        db.session.flush()


def test_audit_shows_actions_fields_and_codes_in_words(app, client, admin):
    with app.app_context():
        call = make_call()
        _event("decision.changed", object_type="decision", call_id=call.id,
               before={"outcome": "waitlisted"}, after={"outcome": "accepted", "scores": {"reviews": 3, "mean": 72.0}})
        _event("user.updated", object_type="user", before={"economy": "THA"}, after={"economy": "CT"})
        _event("call.updated", object_type="call", call_id=call.id, before={"panel": ["CT", "RUS"]},
               after={"panel": ["CT", "RUS", "THA"], "reviewers_see_others": True})
        _event("thing.unheard_of", after={"odd_field": "x"})
        db.session.commit()
    page = client.get("/audit").get_data(as_text=True)
    row = '<tr><th scope="row">{}</th><td class="audit-before">{}</td><td class="audit-after">{}</td></tr>'
    assert "Decision changed" in page and "<code class=\"hint\">decision.changed</code>" in page
    assert row.format("Outcome", "Waitlisted", "Accepted") in page
    assert row.format("Scores at the decision", "", "3 reviews, mean 72.0") in page
    assert row.format("Economy", "Thailand", "Chinese Taipei") in page
    assert row.format("Panel economies", "Chinese Taipei, Russia", "Chinese Taipei, Russia, Thailand") in page
    assert row.format("Reviewers see each other’s reviews", "", "yes") in page
    # A name without a label is shown as it is stored.
    assert "thing.unheard_of" in page and row.format("odd_field", "", "x") in page
    assert '<th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th>' in page


def test_audit_labels_follow_the_viewers_language(app, client, admin):
    with app.app_context():
        _event("case_study.submitted", before={"status": "draft"}, after={"status": "submitted"})
        db.session.get(User, admin).locale = "zh_Hant"
        db.session.commit()
    page = client.get("/audit", headers=HX).get_data(as_text=True)
    assert "案例已提交" in page and "case_study.submitted" in page


def test_audit_times_are_in_the_viewers_time_zone(app, client, admin):
    with app.app_context():
        _event("review.submitted", object_type="assignment", before={"submitted_at": None},
               after={"submitted_at": WHEN.isoformat()})
        db.session.get(User, admin).timezone = "Asia/Taipei"
        db.session.commit()
    page = client.get("/audit", query_string={"action": "review"}, headers=HX).get_data(as_text=True)
    assert '<time datetime="2026-03-10T12:00:00+00:00">10 Mar 2026, 20:00 (Asia/Taipei)</time>' in page
    assert '<td class="audit-after">10 Mar 2026, 20:00 (Asia/Taipei)</td>' in page


def test_audit_times_are_in_utc_for_a_viewer_without_a_zone(app, client, admin):
    with app.app_context():
        _event("review.submitted", object_type="assignment")
        db.session.commit()
    page = client.get("/audit", query_string={"action": "review"}, headers=HX).get_data(as_text=True)
    assert "10 Mar 2026, 12:00 (UTC)" in page


def _rows(page: str) -> int:
    return len(re.findall(r'<td data-label="When">', page))


def test_audit_pages_hold_50_events(app, client, admin):
    with app.app_context():
        for n in range(51):
            _event("score.saved", object_type="assignment", object_id=n + 1, after={"value": n % 5 + 1})
        db.session.commit()
    first = client.get("/audit", query_string={"action": "score"}).get_data(as_text=True)
    assert _rows(first) == 50 and "Page 1 of 2" in first and "51 events" in first
    second = client.get("/audit", query_string={"action": "score", "page": 2}).get_data(as_text=True)
    assert _rows(second) == 1 and "Page 2 of 2" in second
    # A score's value is its level.
    assert '<th scope="row">Level</th>' in second


def _queries(app, client) -> int:
    with app.app_context(), count_queries() as queries:
        page = client.get("/audit")
        assert page.status_code == 200
    return len(queries)


def _varied_events(n: int, call_id: int, actors: list[int]) -> None:
    people = db.session.execute(select(User).where(User.id.in_(actors))).scalars().all()
    for i in range(n):
        who = people[i % len(people)]
        _event("decision.created", object_type="decision", call_id=call_id, actor=who,
               after={"outcome": "accepted", "decided_at": WHEN.isoformat(), "scores": {"reviews": 2, "mean": 60.0}})
        _event("user.updated", object_type="user", object_id=who.id, actor=who,
               before={"economy": "THA", "roles": ["reviewer"]}, after={"economy": "RUS", "roles": ["editor"]})


def test_audit_page_queries_stay_the_same_from_one_event_to_fifty(app, client, admin):
    with app.app_context():
        call_id = make_call().id
        actors = [make_user("editor").id for _ in range(5)]
        _varied_events(1, call_id, actors)
        db.session.commit()
    _queries(app, client)  # the process reads the economies' names once, on its first page
    few = _queries(app, client)
    with app.app_context():
        _varied_events(30, call_id, actors)
        db.session.commit()
    assert _queries(app, client) == few
