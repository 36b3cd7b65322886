"""Hostile or malformed input to the editor's forms gets a message and a 4xx, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lie_review.case_studies.models import Call
from lie_review.extensions import db
from lie_review.translatable import translation_locales

from ..factories import economy, make_call, make_case_study, make_user
from ..helpers import page_form
from .builders import criteria_of


@pytest.fixture
def ids(app, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call()
        case_study = make_case_study(call, make_user(), status="submitted")
        ids = {"call": call.id, "criterion": criteria_of(call)[0].id, "case_study": case_study.id,
               "tha": economy("THA").id}
        db.session.commit()
    auth.login("ed@example.org")
    return ids


def new_call(app, ids, **overrides):
    """The new call form as a browser posts it, with `overrides`: no description and no translation
    typed in, so those are sent empty, and the new call page's empty stamp."""
    with app.app_context():
        untranslated = {f"{name}_{locale}": "" for locale in translation_locales()
                        for name in ("title", "description")}
    data = {"stamp": "", "title": "A call", "description": "", **untranslated, "timezone": "America/New_York",
            "opens_at": "2028-01-10T09:00", "closes_at": "2028-03-31T17:00", "review_ends_at": "2028-05-01T17:00",
            "panel": [str(ids["tha"])], "reviews_per_economy": "1", "disagreement_threshold": "30"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("field, value", [
    ("title", "Best\x00Practices"),
    ("description", "line\x07bell"),
    ("disagreement_threshold", "nan"),
    ("disagreement_threshold", "1e400"),
    ("review_ends_at", "9999-12-31T23:59"),
    ("opens_at", "0001-01-01T00:00"),
    ("timezone", "Mars/Olympus_Mons"),
    ("panel", ["999999999999"]),
    ("reviews_per_economy", "99999999999999999999"),
])
def test_bad_call_values_are_refused_at_their_field(app, client, ids, field, value):
    response = client.post("/editor/calls/new", data=new_call(app, ids, **{field: value}))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count(Call.id))).scalar_one() == 1


@pytest.mark.parametrize("data", [
    {"weight": "nan"}, {"weight": "-inf"}, {"label": "\x00"}, {"level_3": "a\x00b"}, {"scale_max": "11"},
    {"stamp": "x" * 100},
])
def test_bad_criterion_values_are_refused(client, ids, data):
    url = f"/editor/criteria/{ids['criterion']}/edit"
    fields = page_form(client, url)
    for name, value in {"label": "Replicability", "weight": "1", "scale_min": "1", "scale_max": "5",
                        **{f"level_{v}": f"Level {v}" for v in range(1, 6)}, **data}.items():
        fields[name] = value
    response = client.post(url, data=fields)
    assert response.status_code == 422


@pytest.mark.parametrize("reviewer_id", ["99999999999999999999", "-1", "0", "1.5", ""])
def test_bad_reviewer_ids_are_refused(client, ids, reviewer_id):
    response = client.post(f"/editor/case-studies/{ids['case_study']}/assignments", data={"reviewer_id": reviewer_id})
    assert response.status_code == 422


def test_control_characters_in_a_decision_are_refused(client, ids):
    page = f"/editor/case-studies/{ids['case_study']}"
    fields = page_form(client, page, f"{page}/decision")
    fields["outcome"], fields["rationale"] = "accepted", "ok\x00"
    response = client.post(f"{page}/decision", data=fields)
    assert response.status_code == 422
    assert 'id="rationale-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/editor/calls/99999999999999999999", "/editor/case-studies/2147483648",
                                  "/editor/criteria/-1/edit", "/editor/calls/1e3"])
def test_impossible_ids_answer_404(client, ids, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "page=99999999999999999999999", "page=abc",
                                   "per_page=-1", "forum=99999999999999999999", "flagged=%FF"])
def test_hostile_dashboard_queries_never_fail(client, ids, query):
    response = client.get(f"/editor/calls/{ids['call']}?{query}")
    assert response.status_code in (200, 422)
    assert "Case studies" in response.get_data(as_text=True)
