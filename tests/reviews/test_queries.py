"""The scoring page, each htmx save and My reviews run a fixed number of queries, whatever their size."""

from __future__ import annotations

from lie_review.extensions import db
from lie_review.reviews.models import Assignment

from ..factories import make_assignment, make_case_study, make_user
from ..helpers import count_queries
from .builders import RITA, build, hx, submit_directly


def scenario(app, *, extra_criteria: int, other_reviews: int, reviewers: tuple[str, str]):
    """Rita has submitted; `other_reviews` others have too, on a rubric of 3 + `extra_criteria` criteria."""
    with app.app_context():
        setup = build(extra_criteria=extra_criteria, reviewers=reviewers)
        case_study = db.session.get(Assignment, setup.assignment).case_study
        levels = [3] * len(setup.criteria)
        submit_directly(setup.assignment, setup.criteria, levels)
        submit_directly(setup.other_assignment, setup.criteria, levels)
        for _ in range(other_reviews - 1):
            other = make_assignment(case_study, make_user("reviewer", economy_code="PHL"))
            submit_directly(other.id, setup.criteria, levels)
        db.session.commit()
    return setup


def queries_for(app, request) -> tuple[int, object]:
    with app.app_context(), count_queries() as statements:
        response = request()
    return len(statements), response


def test_scoring_page_and_htmx_saves_run_the_same_queries_at_any_size(app, client, auth):
    small = scenario(app, extra_criteria=0, other_reviews=1, reviewers=(RITA, "o1@example.org"))
    large = scenario(app, extra_criteria=5, other_reviews=4, reviewers=(RITA, "o2@example.org"))
    auth.login(RITA)
    token = client.csrf_token()
    counts = {}
    for name, setup in (("small", small), ("large", large)):
        page_count, page = queries_for(app, lambda: client.get(f"/reviews/{setup.assignment}"))
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert html.count('class="other-review"') == (1 if name == "small" else 4)
        assert html.count('class="criterion') >= len(setup.criteria)
        criterion = setup.criteria[-1]
        save_count, saved = queries_for(app, lambda: client.post(
            f"/reviews/{setup.assignment}/criteria/{criterion}", data={f"criterion_{criterion}": "5",
                                                                       "csrf_token": token},
            csrf=False, headers=hx()))
        assert saved.status_code == 200 and len(saved.data) < 1200
        comment_count, commented = queries_for(app, lambda: client.post(
            f"/reviews/{setup.assignment}/criteria/{criterion}", data={f"comment_{criterion}": "Fine.",
                                                                       "csrf_token": token},
            csrf=False, headers=hx()))
        assert commented.status_code == 200 and len(commented.data) < 1200
        overall_count, overall = queries_for(app, lambda: client.post(
            f"/reviews/{setup.assignment}/overall", data={"confidence": "5", "csrf_token": token},
            csrf=False, headers=hx()))
        assert overall.status_code == 200
        counts[name] = (page_count, save_count, comment_count, overall_count)
    assert counts["small"] == counts["large"], counts
    assert max(counts["small"]) <= 15, counts


def test_my_reviews_runs_the_same_queries_for_one_or_many_assignments(app, client, auth):
    setup = scenario(app, extra_criteria=0, other_reviews=1, reviewers=(RITA, "o1@example.org"))
    auth.login(RITA)
    one, page = queries_for(app, lambda: client.get("/reviews/"))
    assert page.get_data(as_text=True).count('class="assignment ') == 1
    with app.app_context():
        assignment = db.session.get(Assignment, setup.assignment)
        applicant = make_user("applicant", economy_code="PHL")
        for _ in range(3):
            make_assignment(make_case_study(assignment.case_study.call, applicant, status="submitted",
                                            economy_code="PE"), assignment.reviewer)
        db.session.commit()
    many, page = queries_for(app, lambda: client.get("/reviews/"))
    assert page.get_data(as_text=True).count('class="assignment ') == 4
    assert one == many
