"""What a signed-in request costs in queries: the session, user and roles in one; the scoring page and
the htmx score save in a handful, whatever the size of the call."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reviews.models import Assignment

from .factories import make_assignment, make_case_study, make_user
from .helpers import count_queries
from .reviews.builders import RITA, build, hx, submit_directly


def counted(app, request) -> tuple[list[str], object]:
    """The statements a request runs, SQLite's BEGIN left out (PostgreSQL begins without a statement)."""
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = request()
    return [s for s in statements if not s.startswith("BEGIN")], response


def test_editor_home_reads_session_user_and_roles_in_one_query(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    auth.login("ed@example.org")
    client.get("/home")  # warm up
    statements, response = counted(app, lambda: client.get("/home"))
    assert response.status_code == 200
    assert len(statements) == 1, statements
    assert "user_session" in statements[0] and "user_role" in statements[0]


def test_session_cookie_is_signed_again_only_once_it_has_aged(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    signed = utcnow()
    with time_machine.travel(signed, tick=False):
        assert "session=" in auth.login("ed@example.org").headers["Set-Cookie"]
        assert "session=" in client.get("/home").headers["Set-Cookie"]  # the first page adds its CSRF token
    with time_machine.travel(signed + timedelta(seconds=app.config["SESSION_REFRESH_AFTER"] - 1), tick=False):
        assert "Set-Cookie" not in client.get("/home").headers
    with time_machine.travel(signed + timedelta(seconds=app.config["SESSION_REFRESH_AFTER"]), tick=False):
        cookie = client.get("/home").headers["Set-Cookie"]
    assert "session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The new cookie's twelve hours start at its signing, so the session lasts as long as it is used.
    later = signed + timedelta(seconds=app.config["SESSION_REFRESH_AFTER"] + app.config["PERMANENT_SESSION_LIFETIME"] - 1)
    with time_machine.travel(later, tick=False):
        assert client.get("/home").status_code == 200


def test_session_cookie_older_than_its_lifetime_signs_nobody_in(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    signed = utcnow()
    with time_machine.travel(signed, tick=False):
        auth.login("ed@example.org")
    with time_machine.travel(signed + timedelta(seconds=app.config["PERMANENT_SESSION_LIFETIME"] + 1), tick=False):
        assert client.get("/home").status_code == 302


def call_of_size(app, *, extra_criteria: int, more_case_studies: int, reviewers: tuple[str, str]) -> tuple[int, int]:
    """Rita's assignment and its last criterion, in a call with `more_case_studies` other reviewed ones."""
    with app.app_context():
        setup = build(extra_criteria=extra_criteria, reviewers=reviewers)
        first = db.session.get(Assignment, setup.assignment)
        applicant = make_user("applicant", economy_code="PHL")
        for _ in range(more_case_studies):
            case_study = make_case_study(first.case_study.call, applicant, status="submitted", economy_code="PE")
            make_assignment(case_study, first.reviewer)
            submit_directly(make_assignment(case_study, make_user("reviewer", economy_code="RUS")).id,
                            setup.criteria, [4] * len(setup.criteria))
        submit_directly(setup.other_assignment, setup.criteria, [3] * len(setup.criteria))
        db.session.commit()
        return setup.assignment, setup.criteria[-1]


def test_scoring_page_and_htmx_save_stay_within_five_queries_at_any_size(app, client, auth):
    small = call_of_size(app, extra_criteria=0, more_case_studies=0, reviewers=(RITA, "o1@example.org"))
    large = call_of_size(app, extra_criteria=5, more_case_studies=3, reviewers=(RITA, "o2@example.org"))
    auth.login(RITA)
    token = client.csrf_token()
    counts = {}
    for name, (assignment, criterion) in (("small", small), ("large", large)):
        url = f"/reviews/{assignment}"
        client.get(url)  # warm up
        page, response = counted(app, lambda: client.get(url))
        assert response.status_code == 200
        counts[name] = [len(page)]
        for level in ("4", "5"):  # the first save of a criterion inserts its row, the next updates it
            save, response = counted(app, lambda: client.post(
                f"{url}/criteria/{criterion}", data={f"criterion_{criterion}": level, "csrf_token": token},
                csrf=False, headers=hx()))
            assert response.status_code == 200 and 'id="review-total"' in response.get_data(as_text=True)
            # Nothing is read after the score and its audit event are written: no reload of the user or the rows.
            assert save[-1].startswith("INSERT INTO audit_event"), save
            counts[name].append(len(save))
    assert counts["small"] == counts["large"], counts
    assert counts["small"][0] <= 4 and max(counts["small"][1:]) <= 5, counts
