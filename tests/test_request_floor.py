"""What a signed-in request costs: the session, user and roles in one query, a session cookie signed again only
once it has aged, the fora read once per process; the scoring page in three queries and
the htmx score save in a handful, whatever the size of the call."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from lie_review import create_app
from lie_review.case_studies.models import Forum
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reviews.models import Assignment

from .case_studies.support import setup_applicant
from .factories import make_assignment, make_case_study, make_user
from .helpers import count_queries, page_form
from .factories import PASSWORD
from .reviews.builders import RITA, build, hx, submit_directly


def counted(app, request) -> tuple[list[str], object]:
    """The statements a request runs, SQLite's BEGIN left out (PostgreSQL begins without a statement)."""
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = request()
    return [s for s in statements if not s.startswith("BEGIN")], response


def test_editor_home_reads_session_user_and_roles_in_one_query_then_its_calls_in_one(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    auth.login("ed@example.org")
    client.get("/home")  # warm up
    statements, response = counted(app, lambda: client.get("/home"))
    assert response.status_code == 200
    assert len(statements) == 2, statements
    assert "user_session" in statements[0] and "user_role" in statements[0]
    assert "FROM call" in statements[1] and "user_session" not in statements[1]


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


def test_fora_are_read_once_per_process_and_checked_with_the_session_row(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    client.get(f"/case-studies/{case_study_id}/edit")  # the process reads the fora
    statements, response = counted(app, lambda: client.get(f"/case-studies/{case_study_id}/edit"))
    assert response.status_code == 200 and "Local Innovation Ecosystem Forum, Taipei" in response.get_data(as_text=True)
    assert not [s for s in statements if "FROM forum" in s], statements
    assert "reference_version" in statements[0] and "user_session" in statements[0]


def test_a_forum_renamed_in_another_process_is_shown_renamed_on_the_next_request(app, client, auth, tmp_path):
    case_study_id, _, _ = setup_applicant(app)
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
        taipei = db.session.execute(select(Forum.id).where(Forum.city == "Taipei")).scalar_one()
    auth.login("amy@example.org")
    assert "Forum, Taipei" in client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)

    other = create_app({**app.config, "DEMO_ACCOUNTS_FILE": str(tmp_path / "other.txt")})  # another worker
    other.test_client_class = type(client)
    editor = other.test_client()
    editor.post("/login", data={"email": "ed@example.org", "password": PASSWORD})
    url = f"/editor/fora/{taipei}"
    data = page_form(editor, "/editor/fora", url)
    data[f"forum-{taipei}-name"], data[f"forum-{taipei}-city"] = "Taipei Innovation Week", "Taipei"
    assert editor.post(url, data=data).status_code in (200, 303)
    with other.app_context():
        db.session.remove()
        db.engine.dispose()

    page = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    assert "Taipei Innovation Week" in page and "Forum, Taipei" not in page


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
    # The page: the session row, the assignment with its case study and attachment names, the rubric with the scores.
    assert counts["small"][0] <= 3 and max(counts["small"][1:]) <= 5, counts
