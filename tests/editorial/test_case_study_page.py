"""The editor's case-study page: what it shows of reviews, assignments, attachments and candidates, and its query count."""

from __future__ import annotations

from sqlalchemy import select

from lie_review.case_studies.models import Attachment, Forum
from lie_review.editorial.models import Decision
from lie_review.extensions import db
from lie_review.reviews.models import Review, Score

from ..factories import make_call, make_case_study, make_user
from ..helpers import count_queries
from .builders import assign, make_reviewer, review

PDF = b"%PDF-1.4 test"


def _case_study(call, *, economy_code: str, reviews: list[str], attachments: int, pending: list[str],
                conflicts: list[str], decided_by=None) -> int:
    """A submitted case study reviewed by one new reviewer of each economy in `reviews`, with more assigned."""
    forum = db.session.execute(select(Forum).order_by(Forum.id)).scalars().first()
    case_study = make_case_study(call, make_user("applicant", economy_code=economy_code), status="submitted",
                                 economy_code=economy_code, forum_id=forum.id)
    for n in range(attachments):
        case_study.attachments.append(Attachment(filename=f"annex-{n}.pdf", content_type="application/pdf",
                                                 size=len(PDF), sha256="0" * 64, data=PDF))
    for code in reviews:
        review(case_study, make_reviewer(code, name=f"Reviewer of {code}"), [4, 3, 5])
    for code in pending:
        assign(case_study, make_reviewer(code))
    for code in conflicts:
        assign(case_study, make_reviewer(code), status="conflict")
    if decided_by is not None:
        db.session.add(Decision(case_study_id=case_study.id, outcome="accepted", rationale="Strong.",
                                decided_by_id=decided_by.id))
    db.session.flush()
    return case_study.id


def test_the_case_study_page_reads_five_statements_whatever_its_reviews_assignments_and_candidates(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        other_editor = make_user("editor", name="Editor Elsewhere", economy_code="RUS")
        call = make_call(panel=("CT", "RUS", "THA", "PHL"), exclude_same_economy=True)
        small = _case_study(call, economy_code="THA", reviews=["CT"], attachments=0, pending=[], conflicts=[])
        large = _case_study(call, economy_code="PE", reviews=["CT", "RUS", "THA", "PHL", "JPN"], attachments=4,
                            pending=["ROK", "MEX"], conflicts=["VN"], decided_by=other_editor)
        for code in ("CHL", "AUS", "CDA", "SGP", "USA", "INA"):  # candidates from economies not seen yet
            make_reviewer(code)
        db.session.commit()
    auth.login("ed@example.org")
    counts, pages = {}, {}
    for name, case_study_id in (("small", small), ("large", large)):
        path = f"/editor/case-studies/{case_study_id}"
        assert client.get(path).status_code == 200  # builds the call's scores (and the process reads the economies)
        with app.app_context(), count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200
        counts[name] = len([s for s in statements if not s.startswith("BEGIN")])
        pages[name] = response.get_data(as_text=True)
    assert counts["small"] <= 5 and counts["small"] == counts["large"], counts
    page = pages["large"]
    assert all(f"annex-{n}.pdf" in page for n in range(4))
    assert all(f"Reviewer of {code} (" in page for code in ("CT", "RUS", "THA", "PHL", "JPN"))
    assert "Editor Elsewhere" in page and "declared a conflict" in page and "(not on the panel)" in page
    assert "Add a reviewer (" in pages["small"]


def test_the_assignment_panel_fragment_shows_reviewer_economies_and_candidates(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(panel=("CT", "THA"))
        case_study_id = _case_study(call, economy_code="THA", reviews=["CT"], attachments=0, pending=["RUS"],
                                    conflicts=[])
        added, left = make_reviewer("CHL", name="Chilean Reviewer"), make_reviewer("MEX", name="Mexican Reviewer")
        db.session.commit()
        added_id = added.id
    auth.login("ed@example.org")
    response = client.post(f"/editor/case-studies/{case_study_id}/assignments", data={"reviewer_id": added_id},
                           headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and fragment.strip().startswith('<section id="assignments"'), fragment[:200]
    assert '<th scope="row">Chilean Reviewer</th>\n        <td>CHL</td>' in fragment
    assert "<td>RUS</td>" in fragment and "<td>CT</td>" in fragment
    assert "Add a reviewer (1 candidate)" in fragment
    assert '<th scope="row">Mexican Reviewer</th>\n          <td>MEX <span class="hint">(not on the panel)</span></td>' in fragment


def _candidate_loads(page: str) -> dict[str, int]:
    import re

    return {name: int(load) for name, load in re.findall(
        r'<tr>\s*<th scope="row">([^<]+)</th>.*?<td class="num">(\d+)</td>', page.split("could be added")[1], re.S)}


def test_candidates_loads_from_the_maintained_scores_equal_a_count_of_the_assignments(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(panel=("CT", "THA"))
        busy, idle = make_reviewer("CT", name="Busy Reviewer"), make_reviewer("THA", name="Idle Reviewer")
        target = make_case_study(call, make_user(), status="submitted", economy_code="PHL")
        for n in range(3):
            other = make_case_study(call, make_user(), status="submitted", economy_code="PHL")
            review(other, busy, [3, 3, 3], submitted=n == 0)
        assign(make_case_study(call, make_user(), status="submitted"), busy, status="conflict")
        db.session.commit()
        target_id = target.id
    auth.login("ed@example.org")
    url = f"/editor/case-studies/{target_id}"
    from_scores = _candidate_loads(client.get(url).get_data(as_text=True))  # the page built and read the scores
    assert from_scores["Busy Reviewer"] == 3 and from_scores["Idle Reviewer"] == 0
    page = client.post(f"{url}/assignments", data={"reviewer_id": "0"}).get_data(as_text=True)  # refused: counted
    assert _candidate_loads(page) == from_scores


def test_the_editor_sees_which_comments_a_reviewer_marked_for_the_applicant(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(panel=("CT",))
        study = make_case_study(call, make_user(), status="submitted")
        assignment = review(study, make_reviewer("CT"), [4, 4, 4])
        scores = list(db.session.execute(select(Score).where(Score.assignment_id == assignment.id)
                                         .order_by(Score.criterion_id)).scalars())
        scores[0].comment, scores[0].comment_for_applicant = "Share this one.", True
        scores[1].comment = "Keep this one."
        found = db.session.get(Review, assignment.id)
        found.overall_comment, found.overall_comment_for_applicant = "Overall, shared.", True
        db.session.commit()
        study_id = study.id
    auth.login("ed@example.org")
    page = client.get(f"/editor/case-studies/{study_id}").get_data(as_text=True)
    marked = '<span class="badge badge-shared">marked for the applicant</span>'
    assert f"Share this one. {marked}" in page and f"Overall, shared. {marked}" in page
    assert f"Keep this one. {marked}" not in page and "Keep this one." in page
