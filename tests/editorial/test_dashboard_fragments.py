"""The dashboard's kept fragments: a page read again costs two statements, and whatever it shows changes it."""

from __future__ import annotations

import re
import threading

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from lie_review.case_studies.models import Forum
from lie_review.editorial.models import Decision
from lie_review.extensions import db
from lie_review.fragments import Kept
from lie_review.reviews.models import Assignment, Score

from ..helpers import count_queries, without_tokens
from .builders import make_reviewer, review
from .test_dashboard import get, titles, world  # noqa: F401  (world is the fixture these tests share)
from .test_fora import TAIPEI, save

def statements_of(app, client, path, **args):
    """The page (its CSRF tokens, signed with the second they were made, masked) and its statements."""
    with app.app_context(), count_queries() as statements:
        response = client.get(path, query_string=args)
    assert response.status_code == 200
    page = without_tokens(response.get_data(as_text=True))
    return page, [s for s in statements if not s.startswith("BEGIN")]


@pytest.mark.parametrize("args", [{}, {"sort": "calibrated", "page": 1}, {"economy": "", "q": "tea"}])
def test_a_page_read_again_reads_the_session_and_the_call_and_shows_the_same(app, client, world, args):
    path = f"/editor/calls/{world.call}"
    first, _ = statements_of(app, client, path, **args)
    again, statements = statements_of(app, client, path, **args)
    assert again == first
    assert len(statements) == 2, statements
    htmx = client.get(path, query_string=args, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert htmx.strip().startswith('<div id="dashboard-rows"') and htmx.strip() in first


def test_a_submitted_score_shows_at_once(app, client, world):
    _, before = get(client, world)
    assert 'data-scores-version="' in before
    with app.app_context():
        first_assignment = db.session.execute(select(Assignment.id).where(
            Assignment.case_study_id == world.tea).order_by(Assignment.id).limit(1)).scalar_one()
        for score in db.session.execute(select(Score).where(Score.assignment_id == first_assignment)).scalars():
            score.value = 1  # this submitted review's 75 becomes 0
        db.session.commit()
    _, after = get(client, world)
    assert _version(after) > _version(before)
    assert _cells(after, "Mountain Tea") != _cells(before, "Mountain Tea")


def test_a_new_review_decision_forum_name_and_language_each_show_at_once(app, client, world):
    _, page = get(client, world)
    assert "Taiga Workshop" in titles(page)
    with app.app_context():
        from lie_review.case_studies.models import CaseStudy
        review(db.session.get(CaseStudy, world.taiga), make_reviewer("THA", name="Late"), [5, 5, 5])
        db.session.add(Decision(case_study_id=world.alpaca, outcome="rejected", rationale="No."))
        db.session.commit()
        taipei = db.session.execute(select(Forum.id).where(Forum.name == TAIPEI)).scalar_one()
    _, page = get(client, world)
    assert "100.0" in _cells(page, "Taiga Workshop")
    assert 'badge-rejected' in _cells(page, "Alpaca Weavers 100%")

    assert save(client, taipei, city="Taipei City").status_code in (200, 303)
    _, page = get(client, world)
    assert "Taipei City" in _cells(page, "Mountain Tea")

    client.post("/language", data={"locale": "th", "next": "/home"})
    _, page = get(client, world)
    with app.test_request_context(), force_locale("th"):
        under_review, dashboard = gettext("Under review"), gettext("Case studies")
    assert under_review != "Under review" and under_review in page and dashboard in page


def test_kept_fragments_are_bounded_least_recently_used_first_and_none_when_the_size_is_zero():
    kept = Kept(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "b" is now the least recently used
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c"), len(kept)) == (1, None, 3, 2)
    nothing = Kept(0)
    nothing.put("a", 1)
    assert nothing.get("a") is None and len(nothing) == 0


def test_kept_fragments_stay_bounded_under_threads():
    kept = Kept(50)

    def churn(offset):
        for i in range(2000):
            kept.put((offset, i), i)
            kept.get((offset, i - 1))

    threads = [threading.Thread(target=churn, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(kept) == 50


def test_without_kept_fragments_the_page_is_rendered_each_time_and_reads_the_same(app, client, world):
    path = f"/editor/calls/{world.call}"
    kept_page, _ = statements_of(app, client, path)
    app.config["FRAGMENTS_KEPT"] = 0
    app.extensions.pop("lie_review.fragments", None)
    fresh, statements = statements_of(app, client, path)
    again, statements_again = statements_of(app, client, path)
    assert fresh == again == kept_page
    assert len(statements) == len(statements_again) > 2


def _version(page: str) -> int:
    return int(page.split('data-scores-version="', 1)[1].split('"', 1)[0])


def _cells(page: str, title: str) -> str:
    """The HTML of the row whose title is `title`."""
    start = page.index(f">{title}</a>")
    return page[page.rindex("<tr", 0, start):page.index("</tr>", start)]
