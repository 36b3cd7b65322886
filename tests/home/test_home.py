"""Each role's home: its work listed with the main action one click away, nobody else's, in a bounded number of
queries."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lie_review import audit
from lie_review.auth.models import User
from lie_review.auth.operations import create_invitation
from lie_review.case_studies.models import CaseStudy
from lie_review.editorial.models import Decision
from lie_review.editorial.scores.current import current_scores
from lie_review.extensions import db
from lie_review.home.editor import calls_progress
from lie_review.reviews.models import AssignmentStatus

from ..factories import economy, make_assignment, make_call, make_case_study, make_user
from ..helpers import count_queries, form_in
from ..reviews.builders import submit_directly


def home(client) -> str:
    response = client.get("/home")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_applicant_home_lists_own_case_studies_with_status_never_others(app, client, auth):
    with app.app_context():
        amy = make_user("applicant", email="amy@example.org")
        other = make_user("applicant", email="bo@example.org")
        call = make_call(title="Open call")
        make_case_study(call, amy, title="Amy's draft")
        make_case_study(call, amy, status="submitted", title="Amy's submitted one")
        make_case_study(call, other, status="submitted", title="Bo's secret case study")
        db.session.commit()
    auth.login("amy@example.org")
    page = home(client)
    assert "Amy&#39;s draft" in page and "Amy&#39;s submitted one" in page
    assert "Bo&#39;s secret" not in page
    assert 'class="badge badge-draft">Draft<' in page and 'class="badge badge-submitted">Submitted<' in page
    assert "Continue writing and submit" in page


def test_applicant_home_start_button_posts_a_new_draft_for_each_open_call(app, client, auth):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        first, second = make_call(title="First call").id, make_call(title="Second call").id
        make_call(title="Closed call", opens_in_days=-20, closes_in_days=-1)
        db.session.commit()
    auth.login("amy@example.org")
    page = home(client)
    assert "Closed call" not in page
    for call_id in (first, second):
        action = f"/case-studies/calls/{call_id}/start"
        assert f'<form method="post" action="{action}"' in page
    data = form_in(page, f"/case-studies/calls/{second}/start")
    response = client.post(f"/case-studies/calls/{second}/start", data=data)
    assert response.status_code == 303
    assert re.fullmatch(r"/case-studies/\d+/edit", response.headers["Location"])
    with app.app_context():
        assert db.session.execute(select(CaseStudy.call_id)).scalars().all() == [second]


def test_applicant_home_without_open_call_says_so(app, client, auth):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        db.session.commit()
    auth.login("amy@example.org")
    page = home(client)
    assert "No call is open for case studies now." in page and "/start" not in page


def test_my_case_studies_with_one_open_call_starts_without_the_start_page(app, client, auth):
    with app.app_context():
        make_user("applicant", email="amy@example.org")
        call_id = make_call(title="Only call").id
        db.session.commit()
    auth.login("amy@example.org")
    page = client.get("/case-studies/").get_data(as_text=True)
    assert 'href="/case-studies/start"' not in page
    response = client.post(f"/case-studies/calls/{call_id}/start",
                           data=form_in(page, f"/case-studies/calls/{call_id}/start"))
    assert response.status_code == 303 and response.headers["Location"].endswith("/edit")
    # A GET creates nothing.
    assert client.get(f"/case-studies/calls/{call_id}/start").status_code == 405


def reviewer_world():
    """Rita's assignments: one conflicted, one submitted, one waiting; and Oleg's, which is not hers."""
    call = make_call(title="Review call", opens_in_days=-30, closes_in_days=-1, review_ends_in_days=20)
    applicant = make_user("applicant", economy_code="PHL")
    rita = make_user("reviewer", email="rita@example.org", economy_code="CT", name="Rita Reviewer")
    oleg = make_user("reviewer", email="oleg@example.org", economy_code="RUS")
    studies = {name: make_case_study(call, applicant, status="submitted", title=name, economy_code="PHL")
               for name in ("Conflicted one", "Done one", "Waiting one", "Oleg's one")}
    make_assignment(studies["Conflicted one"], rita, status=AssignmentStatus.CONFLICT.value)
    done = make_assignment(studies["Done one"], rita)
    waiting = make_assignment(studies["Waiting one"], rita)
    make_assignment(studies["Oleg's one"], oleg)
    submit_directly(done.id, [], [])
    return call, waiting.id


def test_reviewer_home_links_the_next_case_study_of_their_own_waiting_assignments(app, client, auth):
    with app.app_context():
        _call, waiting = reviewer_world()
        db.session.commit()
    auth.login("rita@example.org")
    page = home(client)
    links = re.findall(r'<a class="button primary" href="(/reviews/\d+)">Score “([^”]+)”</a>', page)
    assert links == [(f"/reviews/{waiting}", "Waiting one")]
    assert client.get(links[0][0]).status_code == 200
    # Progress of the call: 1 of her 2 active assignments submitted (the conflicted one no longer hers).
    assert re.search(r"Review call</th>\s*<td class=\"num\">1 / 2</td>", page)
    assert "Oleg" not in page and "Conflicted one" not in page


def test_reviewer_home_shows_the_review_deadline_in_the_viewers_time_zone(app, client, auth):
    with app.app_context():
        reviewer_world()
        db.session.execute(select(User).where(User.email == "rita@example.org")).scalar_one().timezone = "Asia/Bangkok"
        db.session.commit()
    auth.login("rita@example.org")
    assert "(Asia/Bangkok)" in home(client)


def test_reviewer_home_with_everything_submitted_says_nothing_is_waiting(app, client, auth):
    with app.app_context():
        make_user("reviewer", email="rita@example.org")
        db.session.commit()
    auth.login("rita@example.org")
    page = home(client)
    assert "No case studies are assigned to you yet." in page and "Score “" not in page


def editor_world(**settings):
    """A call whose panel is CT and RUS: four submitted case studies at each step, and a draft that counts not."""
    call = make_call(title="Editor call", panel=("CT", "RUS"), opens_in_days=-30, closes_in_days=-1, **settings)
    applicant = make_user("applicant", economy_code="PHL")
    ct, rus = make_user("reviewer", economy_code="CT"), make_user("reviewer", economy_code="RUS")
    studies = [make_case_study(call, applicant, status="submitted", economy_code="PHL") for _ in range(4)]
    make_case_study(call, applicant, status="draft", economy_code="PHL")
    make_assignment(studies[1], ct)                      # assigned, not reviewed
    for study in studies[2:]:                            # reviewed by both panels
        for reviewer in (ct, rus):
            submit_directly(make_assignment(study, reviewer).id, [], [])
    db.session.add(Decision(case_study_id=studies[3].id, outcome="accepted", rationale="Yes."))
    db.session.flush()
    return call


def test_editor_home_shows_each_calls_progress_and_its_links(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call_id = editor_world().id
        make_call(title="Empty call")
        db.session.commit()
    auth.login("ed@example.org")
    page = home(client)
    counts = re.search(r"Editor call</a></h3>(.*?)</dl>", page, re.S).group(1)
    assert re.findall(r"<dt>(\w+)</dt><dd>(\d+)</dd>", counts) == [
        ("Submitted", "4"), ("Assigned", "3"), ("Reviewed", "2"), ("Decided", "1")]
    for path in (f"/editor/calls/{call_id}", f"/editor/calls/{call_id}/assignments",
                 f"/editor/calls/{call_id}/report-queue"):
        assert f'href="{path}"' in page
        assert client.get(path).status_code == 200
    assert "Empty call" in page


def test_editor_home_counts_reviewed_as_the_dashboard_does(app, client, auth):
    """The home's second implementation of the "Reviewed" rule agrees with the dashboard's: every panel
    economy has the call's reviews_per_economy submitted reviews."""
    with app.app_context():
        make_user("editor", email="ed@example.org")
        one, two = editor_world(), editor_world(reviews_per_economy=2)
        db.session.commit()
        statuses = {call.id: current_scores(call).statuses for call in (one, two)}
        ids = (one.id, two.id)
    progress = {row.call.id: row for row in calls_progress_of(app)}
    for call_id in ids:
        decided_and_reviewed = 1 if call_id == ids[0] else 0  # the decided case study had both panels' reviews
        assert progress[call_id].reviewed == statuses[call_id].get("reviewed", 0) + decided_and_reviewed
    assert progress[ids[1]].reviewed == 0 and progress[ids[1]].assigned == 3


def calls_progress_of(app):
    with app.app_context():
        return calls_progress()


def test_editor_home_without_calls_says_what_to_do(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    auth.login("ed@example.org")
    page = home(client)
    assert "No calls yet. Create the first call" in page and 'href="/editor/calls/new"' in page


def test_admin_home_shows_open_invitations_and_recent_events(app, client, auth):
    with app.app_context():
        admin = make_user("admin", email="admin@example.org")
        create_invitation(email="new.reviewer@example.org", name="Nadia New", role="reviewer",
                          economy_id=economy("THA").id, invited_by=admin)
        accepted, _ = create_invitation(email="old@example.org", name="Old Hand", role="editor", economy_id=None)
        accepted.accepted_at = accepted.created_at
        audit.record("call.created", object_type="call", object_id=1, actor=admin)
        db.session.commit()
    auth.login("admin@example.org")
    page = home(client)
    assert "Nadia New" in page and "Old Hand" not in page
    assert "1 invitation not accepted yet" in page and 'href="/admin/people?status=invited"' in page
    assert '<span class="audit-action">Call created</span>' in page and 'href="/audit"' in page


def test_home_shows_a_section_for_each_role_and_only_theirs(app, client, auth):
    with app.app_context():
        make_user("applicant", "reviewer", email="both@example.org")
        db.session.commit()
    auth.login("both@example.org")
    page = home(client)
    assert 'id="home-applicant"' in page and 'id="home-reviewer"' in page
    assert 'id="home-editor"' not in page and 'id="home-admin"' not in page


def grow(app):
    """One more of everything each home lists: a call, case studies, assignments, an invitation, events."""
    with app.app_context():
        everyone = db.session.execute(select(User).where(User.email == "all@example.org")).scalar_one()
        call = make_call()
        for status in ("draft", "submitted"):
            study = make_case_study(call, everyone, status=status)
        make_assignment(study, everyone)
        make_assignment(make_case_study(call, make_user("applicant"), status="submitted"), everyone)
        db.session.add(Decision(case_study_id=study.id, outcome="accepted", rationale="Yes."))
        create_invitation(email=f"invitee{call.id}@example.org", name="Invitee", role="reviewer", economy_id=None)
        db.session.commit()


def test_home_query_count_does_not_grow_with_calls_or_case_studies(app, client, auth):
    with app.app_context():
        make_user("applicant", "reviewer", "editor", "admin", email="all@example.org")
        db.session.commit()
        engine = db.engine
    auth.login("all@example.org")
    counts = []
    for _ in range(3):
        grow(app)
        home(client)  # warm up
        with count_queries(engine) as statements:
            page = home(client)
        counts.append(len([s for s in statements if not s.startswith("BEGIN")]))
    with app.app_context():
        assert db.session.execute(select(func.count(CaseStudy.id))).scalar_one() == 9
    assert page.count('class="card"') >= 3
    assert counts[0] == counts[1] == counts[2] <= 10, counts


def test_home_names_the_roles_in_words_in_the_readers_language(app, client, auth):
    with app.app_context():
        make_user("reviewer", "editor", email="both@example.org")
        db.session.commit()
    auth.login("both@example.org")
    assert "Your roles: Reviewer, Editor" in client.get("/home").get_data(as_text=True)
    client.post("/language", data={"locale": "ru", "next": "/home"})
    assert "Рецензент" in client.get("/home").get_data(as_text=True)
