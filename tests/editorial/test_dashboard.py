"""The call dashboard: rows, filters, search, sorting, paging, htmx, summary, and its query count."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from lie_review.case_studies.models import Forum
from lie_review.editorial.models import Decision
from lie_review.extensions import db

from ..factories import economy, make_call, make_case_study, make_user
from ..helpers import count_queries
from .builders import assign, make_reviewer, review


@pytest.fixture
def world(app, auth):
    """Five case studies of one call; reviewers CT (3 reviews), RUS (2), THA (1)."""
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(title="2028", panel=("CT", "RUS", "THA"))
        other_call = make_call(title="Other")
        fora = {f.city: f.id for f in db.session.execute(select(Forum)).scalars()}
        studies = {
            "alpaca": make_case_study(call, make_user(), status="submitted", title="Alpaca Weavers 100%",
                                      organisation_name="Andean Looms", economy_code="PE", forum_id=fora["Manila"],
                                      sector="creative", organisation_type="ngo"),
            "tea": make_case_study(call, make_user(), status="submitted", title="Mountain Tea",
                                   organisation_name="Cloudridge Cooperative", economy_code="CT",
                                   forum_id=fora["Taipei"], sector="agriculture", organisation_type="msme"),
            "ice": make_case_study(call, make_user(), status="submitted", title="ColdCatch Ice",
                                   organisation_name="ColdCatch", economy_code="PHL", forum_id=fora["Manila"],
                                   sector="energy", organisation_type="startup"),
            "taiga": make_case_study(call, make_user(), status="submitted", title="Taiga Workshop",
                                     organisation_name="Taiga Makers", economy_code="RUS", sector="creative"),
            "draft": make_case_study(call, make_user(), status="draft", title="Unfinished draft",
                                     organisation_name="Someone", economy_code="THA"),
        }
        make_case_study(other_call, make_user(), status="submitted", title="Mountain Tea elsewhere")
        ct, rus = make_reviewer("CT", name="Chen"), make_reviewer("RUS", name="Irina")
        tha = make_reviewer("THA", name="Somchai")
        review(studies["alpaca"], ct, [5, 5, 5])     # 100
        review(studies["alpaca"], rus, [2, 2, 2])    # 25 → spread 75, flagged
        review(studies["tea"], ct, [4, 4, 4])        # 75
        review(studies["tea"], rus, [4, 4, 4])       # 75
        review(studies["tea"], tha, [4, 4, 4])       # 75 → every economy done
        review(studies["ice"], ct, [3, 3, 3])        # 50
        assign(studies["ice"], tha)                  # pending
        db.session.add(Decision(case_study_id=studies["tea"].id, outcome="accepted", rationale="Yes."))
        db.session.commit()
        ids = SimpleNamespace(call=call.id, **{k: v.id for k, v in studies.items()},
                              manila=fora["Manila"], pe=economy("PE").id)
    auth.login("ed@example.org")
    return ids


def titles(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/editor/case-studies/\d+">([^<]+)</a></th>', page)


def get(client, world, **args):
    response = client.get(f"/editor/calls/{world.call}", query_string=args)
    return response, response.get_data(as_text=True)


def test_rows_show_status_reviews_coverage_scores_flag_and_decision(client, world):
    response, page = get(client, world)
    assert response.status_code == 200
    assert titles(page) == ["Alpaca Weavers 100%", "ColdCatch Ice", "Mountain Tea", "Taiga Workshop",
                            "Unfinished draft"]
    assert "Mountain Tea elsewhere" not in page
    row = page[page.index("ColdCatch Ice"):page.index("Mountain Tea</a>")]
    assert "Under review" in row and "1 / 3" in row
    assert re.search(r"CT&nbsp;<span aria-hidden=\"true\">✓</span>.*THA&nbsp;<span aria-hidden=\"true\">·</span>"
                     r"<span class=\"visually-hidden\"> assigned, not yet reviewed</span>", row, re.S)
    assert "RUS&nbsp;<span aria-hidden=\"true\">–</span>" in row
    tea = page[page.index("Mountain Tea</a>"):page.index("Taiga Workshop")]
    assert "Decided" in tea and "Accepted" in tea and "3 / 3" in tea
    alpaca = page[page.index("Alpaca Weavers"):page.index("ColdCatch Ice")]
    assert "62.5" in alpaca and "75.0" in alpaca and "disagree" in alpaca
    assert 'class="flagged"' in page[:page.index("Alpaca Weavers")][-200:]


def test_summary_counts_statuses_and_sets_each_reviewer_beside_the_panel(client, world):
    _, page = get(client, world)
    counts = dict((label, int(n)) for n, label in re.findall(
        r'<li class="status-count status-\w+"><span class="count">(\d+)</span> ([^<]+)</li>', page))
    assert counts == {"Draft": 1, "Awaiting reviewers": 1, "Under review": 2, "Reviewed": 0, "Decided": 1,
                      "Decision released": 0, "Withdrawn": 0}
    table = page[page.index('<table class="panels">'):]
    ct_panel = table[table.index("CT panel"):table.index("RUS panel")]
    assert "3 / 3" in ct_panel and "75.0" in ct_panel  # Chen: 100, 75, 50
    tha_panel = table[table.index("THA panel"):]
    assert "1 / 2" in tha_panel


@pytest.mark.parametrize("args, expected", [
    ({"economy": "PE"}, ["Alpaca Weavers 100%"]),
    ({"forum": "MANILA"}, ["Alpaca Weavers 100%", "ColdCatch Ice"]),
    ({"sector": "creative"}, ["Alpaca Weavers 100%", "Taiga Workshop"]),
    ({"organisation_type": "msme"}, ["Mountain Tea"]),
    ({"status": "under_review"}, ["Alpaca Weavers 100%", "ColdCatch Ice"]),
    ({"status": "decided"}, ["Mountain Tea"]),
    ({"status": "draft"}, ["Unfinished draft"]),
    ({"flagged": "y"}, ["Alpaca Weavers 100%"]),
    ({"q": "COOPERATIVE"}, ["Mountain Tea"]),
    ({"q": "TAIGA m"}, ["Taiga Workshop"]),
    ({"q": "100%"}, ["Alpaca Weavers 100%"]),
    ({"q": "%"}, ["Alpaca Weavers 100%"]),
    ({"q": "_"}, []),
    ({"sector": "creative", "q": "loom"}, ["Alpaca Weavers 100%"]),
])
def test_filters_and_search(client, world, args, expected):
    if args.get("economy") == "PE":
        args = {"economy": world.pe}
    if args.get("forum") == "MANILA":
        args = {"forum": world.manila}
    response, page = get(client, world, **args)
    assert response.status_code == 200
    assert titles(page) == expected


def test_sorting_by_a_score_puts_unscored_last_and_ranks_ties_together(client, world):
    _, page = get(client, world, sort="calibrated")
    assert titles(page)[:3] == ["Mountain Tea", "Alpaca Weavers 100%", "ColdCatch Ice"]
    assert set(titles(page)[3:]) == {"Taiga Workshop", "Unfinished draft"}
    assert 'aria-sort="descending">Calibrated' in page
    _, page = get(client, world, sort="mean", order="asc")
    assert titles(page)[:3] == ["ColdCatch Ice", "Alpaca Weavers 100%", "Mountain Tea"]
    _, page = get(client, world, sort="spread")
    assert titles(page)[0] == "Alpaca Weavers 100%"
    _, page = get(client, world, sort="reviews")
    assert titles(page)[:2] == ["Mountain Tea", "Alpaca Weavers 100%"]
    _, page = get(client, world, order="desc")
    assert titles(page)[0] == "Unfinished draft"


def test_equal_scores_share_a_rank(app, client, world):
    with app.app_context():
        from lie_review.case_studies.models import CaseStudy
        from lie_review.auth.models import User

        taiga = db.session.get(CaseStudy, world.taiga)
        reviewer = db.session.execute(select(User).where(User.name == "Chen")).scalar_one()
        review(taiga, reviewer, [3, 3, 3])  # 50, as ColdCatch's only review
        db.session.commit()
    _, page = get(client, world, sort="mean")
    ranks = re.findall(r'<tr(?: class="flagged")?>\s*<td class="num" data-label="Rank">(\d+|—)</td>', page)
    assert ranks == ["1", "2", "3", "3", "—"]


def test_paging_keeps_the_filters_and_clamps_the_page(app, client, world):
    with app.app_context():
        from lie_review.case_studies.models import Call

        call = db.session.get(Call, world.call)
        for i in range(30):
            make_case_study(call, make_user(), status="submitted", title=f"Extra {i:02d}", sector="tourism")
        db.session.commit()
    _, page = get(client, world, sector="tourism", per_page="25")
    assert len(titles(page)) == 25 and "Page 1 of 2" in page
    next_link = re.search(r'<a href="([^"]+)" rel="next"', page).group(1).replace("&amp;", "&")
    assert "sector=tourism" in next_link and "per_page=25" in next_link and "page=2" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert titles(second) == [f"Extra {i:02d}" for i in range(25, 30)]
    assert titles(get(client, world, sector="tourism", per_page="25", page="99")[1]) == titles(second)
    assert len(titles(get(client, world, sector="tourism", page="-3")[1])) == 30


def test_htmx_gets_only_the_rows_and_the_same_url_works_without_it(client, world):
    response = client.get(f"/editor/calls/{world.call}?economy={world.pe}", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="dashboard-rows"')
    assert "<html" not in fragment and "Summary" not in fragment
    assert titles(fragment) == ["Alpaca Weavers 100%"]
    assert "HX-Request" in response.headers["Vary"]
    page = client.get(f"/editor/calls/{world.call}?economy={world.pe}").get_data(as_text=True)
    assert "<html" in page and titles(page) == ["Alpaca Weavers 100%"]
    assert re.search(rf'<option selected value="{world.pe}">|<option value="{world.pe}" selected', page)
    assert 'hx-push-url="true"' in page


@pytest.mark.parametrize("args", [{"economy": "abc"}, {"sort": "password"}, {"per_page": "100000"},
                                  {"status": "<script>"}, {"q": "x" * 201}])
def test_bad_filters_are_refused_at_their_field_with_422(client, world, args):
    response, page = get(client, world, **args)
    assert response.status_code == 422
    assert f'id="{next(iter(args))}-error"' in page
    assert "<script>" not in page


def _scaled_call(size: int):
    """A call of `size` submitted case studies, each reviewed by one reviewer from each of two economies."""
    call = make_call(panel=("CT", "THA"))
    reviewers = [make_reviewer(code) for code in ("CT", "THA") for _ in range(3)]
    for i in range(size):
        study = make_case_study(call, make_user(), status="submitted", title=f"S{i:03d}")
        review(study, reviewers[i % 3], [1 + i % 5, 3, 4])
        review(study, reviewers[3 + i % 3], [2, 1 + i % 5, 5])
    db.session.commit()
    return call.id


def test_the_dashboard_reads_four_statements_whatever_the_size_sort_page_or_filter(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
        small, large = _scaled_call(3), _scaled_call(60)
    auth.login("ed@example.org")
    for call_id in (small, large):
        client.get(f"/editor/calls/{call_id}")  # builds the call's scores (and the process reads the economies)
    counts = {}
    for name, call_id in (("small", small), ("large", large)):
        for args in ({"per_page": 25}, {"per_page": 25, "page": 3}, {"sort": "calibrated"},
                     {"sort": "spread", "order": "asc", "page": 2, "per_page": 25}, {"sort": "title", "order": "desc"},
                     {"q": "s0", "sort": "mean"}, {"flagged": "y", "page": 9}):
            with app.app_context(), count_queries() as statements:
                response = client.get(f"/editor/calls/{call_id}", query_string=args)
            assert response.status_code == 200
            counts[(name, tuple(args.items()))] = len([s for s in statements if not s.startswith("BEGIN")])
    assert len(titles(client.get(f"/editor/calls/{large}?per_page=100").get_data(as_text=True))) == 60
    assert max(counts.values()) <= 4, counts
    assert all(counts[("small", args)] == counts[("large", args)] for _name, args in counts), counts


def test_a_large_panel_shows_its_harshest_and_most_lenient_reviewers_and_every_one_on_request(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(panel=("CT",))
        reviewers = [make_reviewer("CT", name=f"Reviewer {n}") for n in range(8)]
        for n, reviewer in enumerate(reviewers):  # totals 0, 25, 50, 75, 100, 100, 100, 100
            study = make_case_study(call, make_user(), status="submitted", title=f"Study {n}")
            level = 1 + min(n, 4)
            review(study, reviewer, [level, level, level])
        db.session.commit()
        call_id = call.id
    auth.login("ed@example.org")
    page = client.get(f"/editor/calls/{call_id}").get_data(as_text=True)
    shown = re.findall(r'<th scope="row" class="reviewer-name">Reviewer (\d)</th>', page)
    # The panel's mean is 68.75: 0 and 25 are furthest, then the four at 100, of which the first three fit.
    assert shown == ["0", "1", "4", "5", "6"], shown
    assert "3 more" in page
    every = client.get(f"/editor/calls/{call_id}?reviewers=all").get_data(as_text=True)
    assert re.findall(r'<th scope="row" class="reviewer-name">Reviewer (\d)</th>', every) == list("01234567")
    assert "Show every reviewer" not in every
