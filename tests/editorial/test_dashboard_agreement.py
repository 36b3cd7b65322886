"""The dashboard's median, recommendations, confidence-weighted order and agreement table, over HTTP."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from lie_review.extensions import db

from ..factories import make_call, make_case_study, make_user
from .builders import make_reviewer, review


@pytest.fixture
def panels(app, auth):
    """Two CT and two RUS reviewers who agree within their panel and not across: CT scores high, RUS low."""
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(title="2028", panel=("CT", "RUS"), reviews_per_economy=2, disagreement_threshold=30.0)
        alpha = make_case_study(call, make_user(), status="submitted", title="Alpha")
        beta = make_case_study(call, make_user(), status="submitted", title="Beta")
        gamma = make_case_study(call, make_user(), status="submitted", title="Gamma")
        c1, c2 = make_reviewer("CT", name="Chen"), make_reviewer("CT", name="Lin")
        r1, r2 = make_reviewer("RUS", name="Irina"), make_reviewer("RUS", name="Oleg")
        review(alpha, c1, [5, 5, 5], recommendation="strongly_recommend", confidence=5)  # 100
        review(alpha, c2, [5, 5, 5], recommendation="strongly_recommend", confidence=5)  # 100
        review(alpha, r1, [2, 2, 2], recommendation="neutral", confidence=1)             # 25
        review(alpha, r2, [2, 2, 2], recommendation="do_not_recommend", confidence=None)  # 25, weighs 3
        for reviewer, level in ((c1, 4), (c2, 4), (r1, 1), (r2, 1)):                    # 75, 75, 0, 0
            review(beta, reviewer, [level] * 3, recommendation="recommend", confidence=4)
        review(gamma, c1, [5, 5, 5], confidence=1)                                       # 100
        review(gamma, r1, [1, 1, 1], confidence=5)                                       # 0
        db.session.commit()
        ids = SimpleNamespace(call=call.id)
    auth.login("ed@example.org")
    return ids


def titles(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/editor/case-studies/\d+">([^<]+)</a></th>', page)


def row_of(page: str, title: str) -> str:
    start = page.index(f">{title}</a>")
    return page[start:page.index("</tr>", start)]


def test_rows_show_median_weighted_mean_recommendations_and_confidence(client, panels):
    page = client.get(f"/editor/calls/{panels.call}").get_data(as_text=True)
    alpha = row_of(page, "Alpha")
    cells = dict(re.findall(r'<td[^>]* data-label="([^"]+)">(.*?)</td>', alpha, re.S))
    # Each cell by its column (the label a phone shows): the median under the raw mean.
    # Weighted: (5·100 + 5·100 + 1·25 + 3·25) / (5 + 5 + 1 + 3) = 1100 / 14 = 78.57.
    assert cells["Reviews"].startswith('<span class="reviews-done">4 / 4</span>')
    assert cells["Raw mean"] == '62.5<br><span class="hint">median 62.5</span>'
    assert cells["Confidence-weighted"] == "78.6"
    assert "Strongly recommend: 2 · Neutral: 1 · Do not recommend: 1" in alpha
    assert "Mean confidence 3.7 of 5" in alpha  # (5 + 5 + 1) / 3: the unstated one is left out
    assert "Recommend: 4" in row_of(page, "Beta") and "Mean confidence 4.0 of 5" in row_of(page, "Beta")


def test_sorting_by_confidence_weighted_mean_ranks_the_rows(client, panels):
    by_mean = client.get(f"/editor/calls/{panels.call}", query_string={"sort": "mean"}).get_data(as_text=True)
    assert titles(by_mean) == ["Alpha", "Gamma", "Beta"]  # 62.5, 50, 37.5
    page = client.get(f"/editor/calls/{panels.call}", query_string={"sort": "weighted"}).get_data(as_text=True)
    assert titles(page) == ["Alpha", "Beta", "Gamma"]  # 78.6, 37.5, (1·100 + 5·0) / 6 = 16.7
    assert '<th scope="col" class="num" aria-sort="descending">Confidence-weighted</th>' in page
    assert re.findall(r'<tr[^>]*>\s*<td class="num" data-label="Rank">(\d+)</td>', page) == ["1", "2", "3"]
    assert '<option selected value="weighted">Confidence-weighted mean</option>' in page
    ascending = client.get(f"/editor/calls/{panels.call}", query_string={"sort": "weighted", "order": "asc"})
    assert titles(ascending.get_data(as_text=True)) == ["Gamma", "Beta", "Alpha"]


def test_agreement_table_gives_alpha_per_panel_and_flags_a_criterion_read_differently(client, panels):
    page = client.get(f"/editor/calls/{panels.call}").get_data(as_text=True)
    table = page[page.index('<table class="agreement">'):]
    table = table[:table.index("</table>")]
    assert "1 = reviewers agree fully, 0 = no better than chance, below 0 = systematic disagreement" in table
    assert re.findall(r'<th scope="col" class="num">([^<]+)</th>', table) == ["CT panel", "RUS panel", "All panels"]
    rows = re.findall(r"<tr class=\"flagged\">(.*?)</tr>", table, re.S)
    assert len(rows) == 3  # every criterion got the same levels
    # CT chose 5, 5, 4, 4, 5 (on 0–100: 100, 100, 75, 75, 100 → 90); RUS 2, 2, 1, 1, 1 (25, 25, 0, 0, 0 → 10).
    assert "read differently across panels: means differ by 80 points" in rows[0]
    cells = re.findall(r'<td class="num">([^<]*)<br><span class="hint">mean ([^<]*)</span></td>', rows[0])
    # Within each panel the two reviewers agree on every case study they share (Gamma has one of each:
    # not pairable): alpha 1. Across panels the case studies' values are [5, 5, 2, 2], [4, 4, 1, 1], [5, 1].
    assert cells[0] == ("1.00", "90.0") and cells[1] == ("1.00", "10.0")
    assert re.fullmatch(r"[-−]0\.20", cells[2][0]) and cells[2][1] == "50.0"


def test_agreement_table_shows_a_dash_where_alpha_cannot_be_measured(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(title="One each", panel=("CT", "RUS"))
        case_study = make_case_study(call, make_user(), status="submitted", title="Only")
        review(case_study, make_reviewer("CT"), [3, 3, 3])
        db.session.commit()
        call_id = call.id
    auth.login("ed@example.org")
    page = client.get(f"/editor/calls/{call_id}").get_data(as_text=True)
    table = page[page.index('<table class="agreement">'):page.index("</table>", page.index('class="agreement"'))]
    assert 'flagged' not in table  # a single panel's mean has nothing to differ from
    assert table.count('<span aria-label="no score">—</span><br>') == 9  # 3 criteria × (CT, RUS, all)
