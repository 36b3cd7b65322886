"""The people list (search, filters, pages, one URL for page and fragment) and a person's page."""

from __future__ import annotations

import threading

from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.auth.models import User
from lie_review.auth.operations import create_invitation
from lie_review.extensions import db

from ..factories import economy, make_user
from ..helpers import count_queries

HX = {"HX-Request": "true"}


def names_in(response) -> str:
    return response.get_data(as_text=True)


def test_people_list_searches_name_email_and_organisation(app, client, admin):
    with app.app_context():
        make_user("reviewer", name="Maria Santos", email="maria@dti.example", organisation="DTI")
        make_user("reviewer", name="Chen Wei-Lin", email="chen@sme.example", organisation="SME Administration",
                  economy_code="CT")
        make_user("applicant", name="Lamai Srisuk", email="lamai@doi.example", organisation="Doi Tea")
        db.session.commit()
    for query, expected in (("maria", "Maria Santos"), ("SME.EXAMPLE", "Chen Wei-Lin"), ("doi tea", "Lamai Srisuk")):
        page = names_in(client.get("/admin/people", query_string={"q": query}))
        assert expected in page
        assert sum(name in page for name in ("Maria Santos", "Chen Wei-Lin", "Lamai Srisuk")) == 1


def test_people_search_treats_wildcards_as_text(app, client, admin):
    with app.app_context():
        make_user("applicant", name="Percent 100% Ltd")
        make_user("applicant", name="Plain Name")
        db.session.commit()
    page = names_in(client.get("/admin/people", query_string={"q": "%"}))
    assert "Percent 100% Ltd" in page and "Plain Name" not in page


def test_people_filters_by_role_economy_and_status(app, client, admin):
    with app.app_context():
        make_user("reviewer", name="Reviewer Thai", economy_code="THA")
        make_user("reviewer", name="Reviewer Phil", economy_code="PHL")
        make_user("editor", name="Editor Gone", economy_code="THA", active=False)
        create_invitation(email="new@example.org", name="Invited Thai", role="reviewer",
                          economy_id=economy("THA").id)
        db.session.commit()
    page = names_in(client.get("/admin/people?role=reviewer&economy=THA"))
    assert "Reviewer Thai" in page and "Invited Thai" in page
    assert "Reviewer Phil" not in page and "Editor Gone" not in page
    inactive = names_in(client.get("/admin/people?status=inactive"))
    assert "Editor Gone" in inactive and "Reviewer Thai" not in inactive and "Invited Thai" not in inactive
    invited = names_in(client.get("/admin/people?status=invited"))
    assert "Invited Thai" in invited and "Reviewer Thai" not in invited
    active = names_in(client.get("/admin/people?status=active"))
    assert "Reviewer Thai" in active and "Editor Gone" not in active and "Invited Thai" not in active


def test_people_list_is_a_fragment_for_htmx_and_a_page_otherwise(app, client, admin):
    page = client.get("/admin/people?role=admin")
    fragment = client.get("/admin/people?role=admin", headers=HX)
    assert page.status_code == fragment.status_code == 200
    assert "<html" in names_in(page) and 'id="people-filters"' in names_in(page)
    assert names_in(fragment).lstrip().startswith('<div id="people-results"')
    assert "<html" not in names_in(fragment) and "Ada Admin" in names_in(fragment)
    assert "HX-Request" in fragment.headers["Vary"] and "HX-Request" in page.headers["Vary"]
    boosted = client.get("/admin/people", headers={**HX, "HX-Boosted": "true"})
    assert "<html" in names_in(boosted)


def test_people_filter_with_an_unknown_value_says_so(app, client, admin):
    response = client.get("/admin/people?role=boss")
    assert response.status_code == 422
    assert 'id="role-error"' in names_in(response) and "Ada Admin" in names_in(response)


def test_people_pages_keep_the_filters(app, client, admin):
    with app.app_context():
        for n in range(55):
            make_user("reviewer", name=f"Reviewer {n:02d}")
        db.session.commit()
    first = names_in(client.get("/admin/people?role=reviewer"))
    assert "Reviewer 49" in first and "Reviewer 50" not in first
    assert "/admin/people?role=reviewer&amp;page=2" in first
    second = names_in(client.get("/admin/people?role=reviewer&page=2", headers=HX))
    assert "Reviewer 50" in second and "Reviewer 54" in second and "Ada Admin" not in second
    assert client.get("/admin/people?page=0").status_code == 404
    assert client.get("/admin/people?page=99999999999999999999").status_code == 404
    assert client.get("/admin/people?page=x").status_code == 404


def _people_queries(app, client) -> int:
    client.get("/admin/people")  # warm up: the first request of a process reads the economies it keeps
    with app.app_context(), count_queries() as queries:
        response = client.get("/admin/people")
    assert response.status_code == 200
    return len(queries)


def test_people_list_runs_the_same_number_of_queries_whatever_its_size(app, client, admin):
    with app.app_context():
        make_user("reviewer", economy_code="PHL")
        create_invitation(email="one@example.org", name="One", role="editor", economy_id=economy("CT").id)
        db.session.commit()
    small = _people_queries(app, client)
    with app.app_context():
        for n in range(40):
            make_user("reviewer" if n % 2 else "editor", economy_code=("THA", "PHL", "CT", None)[n % 4])
            create_invitation(email=f"p{n}@example.org", name=f"Person {n}", role="reviewer",
                              economy_id=economy("RUS").id)
        db.session.commit()
    large = _people_queries(app, client)
    assert small == large
    assert large <= 12


def test_person_page_shows_details_and_invitations(app, client, admin):
    with app.app_context():
        person = make_user("reviewer", name="Maria <b>Santos</b>", economy_code="PHL", organisation="DTI")
        db.session.commit()
        person_id = person.id
    page = names_in(client.get(f"/admin/people/{person_id}"))
    assert "Maria &lt;b&gt;Santos&lt;/b&gt;" in page
    assert "The Philippines" in page and "Deactivate the account" in page
    assert client.get("/admin/people/999999").status_code == 404


def test_admin_changes_roles(app, client, admin):
    with app.app_context():
        person_id = make_user("applicant", economy_code="THA").id
        db.session.commit()
    response = client.post(f"/admin/people/{person_id}/roles", data={"roles": ["applicant", "reviewer"]})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, person_id).roles == {"applicant", "reviewer"}


def test_roles_need_at_least_one_and_a_reviewer_needs_an_economy(app, client, admin):
    with app.app_context():
        person_id = make_user("applicant", economy_code=None).id
        db.session.commit()
    none = client.post(f"/admin/people/{person_id}/roles", data={})
    assert none.status_code == 422 and "Choose at least one role" in names_in(none)
    reviewer = client.post(f"/admin/people/{person_id}/roles", data={"roles": ["reviewer"]})
    assert reviewer.status_code == 422 and "economy first." in names_in(reviewer)
    unknown = client.post(f"/admin/people/{person_id}/roles", data={"roles": ["superuser"]})
    assert unknown.status_code == 422
    with app.app_context():
        assert db.session.get(User, person_id).roles == {"applicant"}


def test_admin_cannot_remove_their_own_admin_role(app, client, admin):
    response = client.post(f"/admin/people/{admin}/roles", data={"roles": ["editor"]})
    assert response.status_code == 422
    assert "You cannot remove your own admin role" in names_in(response)
    assert 'id="roles-error"' in names_in(response)
    with app.app_context():
        assert db.session.get(User, admin).roles == {"admin"}
    assert client.post(f"/admin/people/{admin}/roles", data={"roles": ["admin", "editor"]}).status_code == 303


def test_admin_changes_economy_and_organisation(app, client, admin):
    with app.app_context():
        person_id = make_user("editor", economy_code="THA", organisation="Old").id
        ct = economy("CT").id
        db.session.commit()
    response = client.post(f"/admin/people/{person_id}/details", data={"economy": str(ct), "organisation": " New "})
    assert response.status_code == 303
    with app.app_context():
        person = db.session.get(User, person_id)
        assert (person.economy.code, person.organisation) == ("CT", "New")
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "user.updated")).scalar_one()
        assert (event.before, event.after) == ({"economy": "THA", "organisation": "Old"},
                                               {"economy": "CT", "organisation": "New"})


def test_details_keep_a_reviewer_in_an_economy(app, client, admin):
    with app.app_context():
        person_id = make_user("reviewer", economy_code="THA").id
        db.session.commit()
    response = client.post(f"/admin/people/{person_id}/details", data={"economy": "", "organisation": "X"})
    assert response.status_code == 422 and 'id="economy-error"' in names_in(response)
    bogus = client.post(f"/admin/people/{person_id}/details", data={"economy": "99999", "organisation": "X"})
    assert bogus.status_code == 422


def test_deactivation_logs_the_person_out_and_reactivation_lets_them_back(app, client, admin):
    with app.app_context():
        make_user("reviewer", email="rita@example.org")
        db.session.commit()
        person_id = db.session.execute(select(User.id).where(User.email == "rita@example.org")).scalar_one()
    rita = app.test_client()
    assert rita.post("/login", data={"email": "rita@example.org", "password": "correct horse battery",
                                     "csrf_token": rita.csrf_token()}).status_code == 303
    assert rita.get("/home").status_code == 200

    assert client.post(f"/admin/people/{person_id}/deactivate").status_code == 303
    assert rita.get("/home").status_code == 302  # signed out at the next request
    again = rita.post("/login", data={"email": "rita@example.org", "password": "correct horse battery",
                                      "csrf_token": rita.csrf_token()})
    assert again.status_code == 401
    assert "Reactivate the account" in names_in(client.get(f"/admin/people/{person_id}"))

    assert client.post(f"/admin/people/{person_id}/reactivate").status_code == 303
    back = rita.post("/login", data={"email": "rita@example.org", "password": "correct horse battery",
                                     "csrf_token": rita.csrf_token()})
    assert back.status_code == 303


def test_admin_cannot_deactivate_themselves(app, client, admin):
    page = names_in(client.get(f"/admin/people/{admin}"))
    assert "Deactivate the account" not in page and "you cannot deactivate it yourself" in page
    response = client.post(f"/admin/people/{admin}/deactivate")
    assert response.status_code == 403
    assert "You cannot deactivate your own account" in names_in(response)
    with app.app_context():
        assert db.session.get(User, admin).active is True
    assert client.get("/admin/people").status_code == 200


def test_a_demoted_admin_can_no_longer_change_anyone(app, client, admin):
    with app.app_context():
        other = make_user("admin", email="other@example.org")
        target = make_user("applicant")
        db.session.commit()
        other_id, target_id = other.id, target.id
    second = app.test_client()
    second.post("/login", data={"email": "other@example.org", "password": "correct horse battery",
                                "csrf_token": second.csrf_token()})
    assert client.post(f"/admin/people/{other_id}/roles", data={"roles": ["editor"]}).status_code == 303
    assert second.post(f"/admin/people/{target_id}/deactivate",
                       data={"csrf_token": second.csrf_token()}).status_code == 403


def test_two_admins_demoting_each_other_at_once_leave_one_admin(app):
    with app.app_context():
        first = make_user("admin", email="first@example.org")
        second = make_user("admin", email="second@example.org")
        db.session.commit()
        ids = {"first@example.org": second.id, "second@example.org": first.id}  # each demotes the other
    clients = {}
    for email in ids:
        clients[email] = app.test_client()
        clients[email].post("/login", data={"email": email, "password": "correct horse battery",
                                            "csrf_token": clients[email].csrf_token()})
    tokens = {email: c.csrf_token() for email, c in clients.items()}
    barrier = threading.Barrier(2)
    statuses = {}

    def demote(email):
        barrier.wait()
        statuses[email] = clients[email].post(f"/admin/people/{ids[email]}/roles",
                                              data={"roles": ["editor"], "csrf_token": tokens[email]}).status_code

    threads = [threading.Thread(target=demote, args=(email,)) for email in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # The loser is refused: at the door (403) when the winner committed first, or by the locked re-read (422).
    assert sorted(statuses.values())[0] == 303 and sorted(statuses.values())[1] in (403, 422)
    with app.app_context():
        admins = [u.email for u in db.session.execute(select(User)).scalars() if u.has_role("admin")]
        assert len(admins) == 1


def test_people_and_a_person_name_roles_in_words(app, client, auth):
    with app.app_context():
        make_user("admin", email="admin@example.org")
        person = make_user("reviewer", "editor", email="both@example.org")
        db.session.commit()
        person_id = person.id
    auth.login("admin@example.org")
    assert '<td data-label="Roles">Reviewer, Editor</td>' in client.get("/admin/people").get_data(as_text=True)
    assert "<dd>Reviewer, Editor</dd>" in client.get(f"/admin/people/{person_id}").get_data(as_text=True)
