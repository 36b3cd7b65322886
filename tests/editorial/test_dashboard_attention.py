"""What the dashboard asks of the editor first: the case studies short of reviewers, with the way to the
assignments page, and the quick filter for those where reviewers disagree, each with its count."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from lie_review.auth.models import User
from lie_review.case_studies.models import CaseStudy
from lie_review.editorial.models import Decision
from lie_review.extensions import db

from ..factories import make_call, make_case_study, make_user
from ..helpers import count_queries
from .builders import assign, make_reviewer, review
from .test_dashboard import titles


@pytest.fixture
def short(app, auth):
    """Panel CT and RUS, one review each: two case studies with a panel missing, one decided with none,
    one in disagreement, one fully assigned; a draft and a withdrawn case study, neither of which counts."""
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(panel=("CT", "RUS"))
        ct, rus = make_reviewer("CT", name="Chen"), make_reviewer("RUS", name="Irina")
        studies = {name: make_case_study(call, make_user(), status=status, title=name)
                   for name, status in (("Half assigned", "submitted"), ("Unassigned", "submitted"),
                                        ("Decided early", "submitted"), ("Split panel", "submitted"),
                                        ("Covered", "submitted"), ("A draft", "draft"), ("Gone", "withdrawn"))}
        assign(studies["Half assigned"], ct)
        review(studies["Split panel"], ct, [5, 5, 5])  # 100
        review(studies["Split panel"], rus, [2, 2, 2])  # 25: spread 75, flagged
        assign(studies["Covered"], ct)
        assign(studies["Covered"], rus)
        db.session.add(Decision(case_study_id=studies["Decided early"].id, outcome="accepted", rationale="Yes."))
        db.session.commit()
        ids = SimpleNamespace(call=call.id, **{name.split()[0].lower(): study.id for name, study in studies.items()})
    auth.login("ed@example.org")
    return ids


def attention_of(page: str) -> str:
    found = re.search(r'<ul class="attention">.*?</ul>', page, re.S)
    return html.unescape(re.sub(r"\s+", " ", found.group(0))) if found else ""


def test_the_dashboard_counts_the_case_studies_short_of_reviewers_and_links_to_assigning(client, short):
    page = client.get(f"/editor/calls/{short.call}").get_data(as_text=True)
    attention = attention_of(page)
    # Auto-assign fills every submitted case study, decided or not; drafts and withdrawals are left alone.
    assert "3 case studies need reviewers — " in attention
    assert f'<a href="/editor/calls/{short.call}/assignments">Assign reviewers</a>' in attention


def test_the_count_follows_new_assignments(app, client, short):
    client.get(f"/editor/calls/{short.call}")
    with app.app_context():
        rus = db.session.execute(select(User).where(User.name == "Irina")).scalar_one()
        ct = db.session.execute(select(User).where(User.name == "Chen")).scalar_one()
        assign(db.session.get(CaseStudy, short.half), rus)
        for reviewer in (ct, rus):
            assign(db.session.get(CaseStudy, short.unassigned), reviewer)
        db.session.commit()
    attention = attention_of(client.get(f"/editor/calls/{short.call}").get_data(as_text=True))
    assert "1 case study needs reviewers — " in attention


def test_the_disagreement_quick_filter_shows_its_count_and_only_those_rows(client, short):
    attention = attention_of(client.get(f"/editor/calls/{short.call}").get_data(as_text=True))
    link = re.search(r'<a class="button small" href="([^"]+)">Only where reviewers disagree \((\d+)\)</a>', attention)
    assert link, attention
    href, count = link.groups()
    assert count == "1" and href == f"/editor/calls/{short.call}?flagged=y#cases-heading"
    flagged = client.get(href.split("#")[0]).get_data(as_text=True)
    assert titles(flagged) == ["Split panel"]
    assert re.search(r'<input checked id="flagged" name="flagged" type="checkbox" value="y">', flagged)


def test_nothing_asks_for_attention_when_every_case_study_is_covered_and_agreed(app, client, auth):
    with app.app_context():
        make_user("editor", email="calm@example.org")
        call = make_call(panel=("CT",))
        review(make_case_study(call, make_user(), status="submitted", title="Calm"), make_reviewer("CT"), [4, 4, 4])
        db.session.commit()
        call_id = call.id
    auth.login("calm@example.org")
    page = client.get(f"/editor/calls/{call_id}").get_data(as_text=True)
    assert "Calm" in titles(page)
    assert attention_of(page) == "" and "need reviewers" not in page and "Only where reviewers disagree (" not in page


def _fresh_statements(app, client, call_id) -> int:
    """The statements of the whole page with nothing kept: the attention line is one aggregate among them."""
    app.config["FRAGMENTS_KEPT"] = 0
    app.extensions.pop("lie_review.fragments", None)
    with app.app_context(), count_queries() as statements:
        response = client.get(f"/editor/calls/{call_id}")
    assert response.status_code == 200 and '<ul class="attention">' in response.get_data(as_text=True)
    return len([s for s in statements if not s.startswith("BEGIN")])


def test_the_attention_line_costs_one_query_whatever_the_number_of_case_studies(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        calls = []
        for size in (2, 40):
            call = make_call(panel=("CT", "RUS"))
            ct, rus = make_reviewer("CT"), make_reviewer("RUS")
            for n in range(size):
                study = make_case_study(call, make_user(), status="submitted", title=f"S{n:03d}")
                review(study, ct, [1 + n % 5, 3, 4])
                if n % 2:
                    review(study, rus, [5 - n % 5, 1, 2])
            calls.append(call.id)
        db.session.commit()
    auth.login("ed@example.org")
    for call_id in calls:
        client.get(f"/editor/calls/{call_id}")  # builds the call's scores
    small, large = (_fresh_statements(app, client, call_id) for call_id in calls)
    assert small == large <= 4, (small, large)
