"""My reviews and the scoring page: what a reviewer sees, and what nobody else may see."""

from __future__ import annotations

import re

import pytest

from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Criterion, Score

from ..factories import make_assignment, make_call, make_case_study, make_user
from .builders import OLEG, RITA, build, levels_of, review_form, submit_directly


def test_scoring_page_shows_the_case_study_beside_the_rubric(app, client, auth, setup):
    auth.login(RITA)
    page = client.get(f"/reviews/{setup.assignment}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Mountain tea goes online" in html
    assert "Prices were too low." in html
    assert "Secret Tea Cooperative" in html            # identity shown: the call does not hide it
    assert "Local challenge addressed" in html and "Inclusiveness" in html
    assert "Weight 2" in html
    assert "A clear challenge, convincingly addressed, with evidence of local effect." in html
    first = setup.criteria[0]
    assert f'name="criterion_{first}"' in html and f'name="comment_{first}"' in html
    assert f'hx-post="/reviews/{setup.assignment}/criteria/{first}"' in html
    assert 'aria-live="polite"' in html
    assert "3 criteria still unscored" in html


def test_scoring_page_hides_applicant_identity_when_the_call_does(app, client, auth):
    with app.app_context():
        setup = build(hide_applicant_identity=True)
        db.session.commit()
    auth.login(RITA)
    html = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert "Mountain tea goes online" in html and "Prices were too low." in html
    assert "Secret Tea Cooperative" not in html
    assert "secret-tea.example" not in html
    assert "Anong Applicant" not in html
    assert "identity and organisation are hidden" in html


def test_my_reviews_groups_by_progress_with_deadline_and_count_left(app, client, auth, setup):
    with app.app_context():
        call = db.session.get(Assignment, setup.assignment).case_study.call
        rita = db.session.get(Assignment, setup.assignment).reviewer
        applicant = make_user("applicant", economy_code="PHL")
        started = make_case_study(call, applicant, status="submitted", title="Started one")
        done = make_case_study(call, applicant, status="submitted", title="Finished one")
        started_assignment = make_assignment(started, rita)
        done_assignment = make_assignment(done, rita)
        submit_directly(done_assignment.id, setup.criteria, (3, 3, 3))
        db.session.add(Score(assignment_id=started_assignment.id, criterion_id=setup.criteria[0], value=2))
        rita.timezone = "Europe/Moscow"
        db.session.commit()
    auth.login(RITA)
    html = client.get("/reviews/").get_data(as_text=True)
    sections = re.split(r"<h3 ", html)
    assert "Not started" in sections[1] and "Mountain tea goes online" in sections[1]
    assert "In progress" in sections[2] and "Started one" in sections[2]
    assert "Submitted" in sections[3] and "Finished one" in sections[3]
    assert "2 case studies left to review." in html
    assert "(Europe/Moscow)" in html                     # the deadline in the viewer's own zone
    assert "days left" in html
    assert 'href="/reviews/next"' in html


def test_my_reviews_leaves_out_conflicts_withdrawals_and_other_reviewers(app, client, auth, setup):
    with app.app_context():
        assignment = db.session.get(Assignment, setup.assignment)
        call, rita = assignment.case_study.call, assignment.reviewer
        applicant = make_user("applicant", economy_code="PHL")
        make_assignment(make_case_study(call, applicant, status="withdrawn", title="Withdrawn one"), rita)
        make_assignment(make_case_study(call, applicant, status="draft", title="Reopened one"), rita)
        make_assignment(make_case_study(call, applicant, status="submitted", title="Conflicted one"), rita,
                        status="conflict", conflict_reason="I advised them.")
        db.session.commit()
    auth.login(RITA)
    html = client.get("/reviews/").get_data(as_text=True)
    assert "Mountain tea goes online" in html
    for title in ("Withdrawn one", "Reopened one", "Conflicted one"):
        assert title not in html
    auth.logout()
    auth.login(OLEG)
    assert "1 case study left to review." in client.get("/reviews/").get_data(as_text=True)


def test_my_reviews_says_so_when_nothing_is_assigned(app, client, auth):
    with app.app_context():
        make_user("reviewer", email="new@example.org")
        db.session.commit()
    auth.login("new@example.org")
    html = client.get("/reviews/").get_data(as_text=True)
    assert "No case studies are assigned to you yet." in html
    assert "/reviews/next" not in html


def test_next_unreviewed_resumes_work_in_progress_before_starting_new(app, client, auth, setup):
    with app.app_context():
        assignment = db.session.get(Assignment, setup.assignment)
        call, rita = assignment.case_study.call, assignment.reviewer
        applicant = make_user("applicant", economy_code="PHL")
        later = make_assignment(make_case_study(call, applicant, status="submitted"), rita)
        closed_call = make_call(opens_in_days=-30, closes_in_days=-20, review_ends_in_days=-1)
        make_assignment(make_case_study(closed_call, applicant, status="submitted"), rita)
        db.session.commit()
        later_id = later.id
    auth.login(RITA)
    response = client.get("/reviews/next")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/reviews/{setup.assignment}"   # first by case study
    client.post(f"/reviews/{later_id}/criteria/{setup.criteria[0]}", data={f"criterion_{setup.criteria[0]}": "3"})
    assert client.get("/reviews/next").headers["Location"] == f"/reviews/{later_id}"  # in progress first


def test_next_unreviewed_with_nothing_left_goes_back_to_the_list(app, client, auth, setup):
    with app.app_context():
        submit_directly(setup.assignment, setup.criteria, (4, 4, 4))
        db.session.commit()
    auth.login(RITA)
    response = client.get("/reviews/next", follow_redirects=True)
    assert response.request.path == "/reviews/"
    assert "Nothing is waiting for your review." in response.get_data(as_text=True)


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/reviews/{a}"),
    ("post", "/reviews/{a}"),
    ("post", "/reviews/{a}/criteria/{c}"),
    ("post", "/reviews/{a}/overall"),
    ("get", "/reviews/{a}/conflict"),
    ("post", "/reviews/{a}/conflict"),
])
def test_another_reviewers_assignment_answers_404_and_changes_nothing(app, client, auth, setup, method, path):
    auth.login(RITA)
    url = path.format(a=setup.other_assignment, c=setup.criteria[0])
    data = {f"criterion_{setup.criteria[0]}": "5", "overall_comment": "Mine now", "reason": "x",
            "action": "submit"}
    response = client.get(url) if method == "get" else client.post(url, data=data, headers={"HX-Request": "true"})
    assert response.status_code == 404
    with app.app_context():
        assignment = db.session.get(Assignment, setup.other_assignment)
        assert (assignment.status, assignment.review) == ("active", None)
        assert levels_of(setup.other_assignment) == {}


def test_unknown_or_absurd_ids_answer_404(client, auth, setup):
    auth.login(RITA)
    assert client.get("/reviews/999999").status_code == 404
    assert client.get("/reviews/99999999999999999999999").status_code == 404
    assert client.post(f"/reviews/{setup.assignment}/criteria/99999999999999999999999").status_code == 404


@pytest.mark.parametrize("role", ["applicant", "editor", "admin"])
def test_people_without_the_reviewer_role_get_403(app, client, auth, setup, role):
    with app.app_context():
        make_user(role, email="someone@example.org")
        db.session.commit()
    auth.login("someone@example.org")
    assert client.get("/reviews/").status_code == 403
    assert client.get(f"/reviews/{setup.assignment}").status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client, setup):
    response = client.get(f"/reviews/{setup.assignment}")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_home_shows_the_reviewer_card(client, auth, setup):
    auth.login(RITA)
    html = client.get("/home").get_data(as_text=True)
    assert 'href="/reviews/"' in html and "My reviews" in html


def test_other_reviews_appear_only_after_submitting_and_only_if_the_call_allows(app, client, auth, setup):
    with app.app_context():
        submit_directly(setup.other_assignment, setup.criteria, (5, 4, 3), comment="Oleg's careful view.")
        db.session.commit()
    auth.login(RITA)
    page = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert "Oleg&#39;s careful view." not in page and "Other reviews" not in page

    data = review_form(client, setup.assignment, "submit",
                       {**{f"criterion_{c}": "4" for c in setup.criteria}, "overall_comment": "Convincing."})
    assert client.post(f"/reviews/{setup.assignment}", data=data).status_code == 303
    page = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert "Other reviews of this case study" in page
    assert "Oleg&#39;s careful view." in page
    assert "Note on %d" % setup.criteria[0] in page
    assert "total 75.0 of 100" in page     # (1·1 + 2·0.75 + 1·0.5) / 4 = 0.75
    assert "Oleg" not in page.replace("Oleg&#39;s careful view.", "")   # never the reviewer's name

    with app.app_context():
        db.session.get(Assignment, setup.assignment).case_study.call.reviewers_see_others = False
        db.session.commit()
    page = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    assert "Oleg&#39;s careful view." not in page and "Other reviews" not in page


def _thai_rubric(setup) -> None:
    """The first criterion and its levels, and the call's title, given in Thai (none in Russian)."""
    criterion = db.session.get(Criterion, setup.criteria[0])
    criterion.translations = {"th": {"label": "การแก้ปัญหาท้องถิ่น", "guidance": "ปัญหาท้องถิ่นชัดเจนเพียงใด"}}
    for level in criterion.levels:
        level.translations = {"th": {"descriptor": f"คำอธิบายระดับ {level.value}"}}
    criterion.call.translations = {"th": {"title": "แนวปฏิบัติที่ดี 2028"}}


def test_scoring_page_and_my_reviews_show_the_rubric_in_the_reviewers_language(app, client, auth, setup):
    with app.app_context():
        _thai_rubric(setup)
        db.session.get(Assignment, setup.assignment).reviewer.locale = "th"
        db.session.commit()
    auth.login(RITA)
    html = client.get(f"/reviews/{setup.assignment}").get_data(as_text=True)
    first = setup.criteria[0]
    assert "<legend>การแก้ปัญหาท้องถิ่น</legend>" in html and "ปัญหาท้องถิ่นชัดเจนเพียงใด" in html
    assert re.search(rf'<label for="criterion_{first}-4"><span class="level-value">4</span> คำอธิบายระดับ 4</label>', html)
    assert "การแก้ปัญหาท้องถิ่น" in re.search(rf'<label for="comment_{first}">[^<]*</label>', html).group(0)
    assert "Local challenge addressed" not in html
    assert "Sustainability" in html                       # not translated: the English
    status = client.post(f"/reviews/{setup.assignment}/criteria/{first}", data={f"criterion_{first}": "4"},
                         headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "คำอธิบายระดับ 4" in status
    assert "แนวปฏิบัติที่ดี 2028" in client.get("/reviews/").get_data(as_text=True)


def test_a_reviewer_whose_language_has_no_translation_sees_the_english_rubric(app, client, auth, setup):
    with app.app_context():
        _thai_rubric(setup)
        db.session.get(Assignment, setup.other_assignment).reviewer.locale = "ru"
        db.session.commit()
    auth.login(OLEG)
    html = client.get(f"/reviews/{setup.other_assignment}").get_data(as_text=True)
    assert "<legend>Local challenge addressed</legend>" in html
    assert "A clear challenge, convincingly addressed, with evidence of local effect." in html
    assert "การแก้ปัญหาท้องถิ่น" not in html and "คำอธิบายระดับ" not in html
