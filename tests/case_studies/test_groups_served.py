"""Groups served: ticked on the form, saved with drafts in the form's order, part of the version check and
of the text kept when a session ends, and shown wherever the case study's listed fields are."""

from __future__ import annotations

import re

from sqlalchemy import delete, select

from lie_review.auth.models import UserSession
from lie_review.case_studies.models import Call, CaseStudy, KeptDraft
from lie_review.extensions import db

from ..editorial.builders import assign, make_reviewer
from ..factories import make_call, make_case_study, make_user
from .support import form_data, setup_applicant, stored

HX = {"HX-Request": "true"}
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def ticked(page: str) -> list[str]:
    return re.findall(r'<input checked id="groups_served-\d+" name="groups_served" type="checkbox" value="(\w+)"',
                      page)


def test_the_form_offers_the_groups_as_checkboxes_under_a_legend(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    page = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    fieldset = re.search(r'<fieldset class="field choices[^"]*" id="groups_served-field".*?</fieldset>', page, re.S)
    assert fieldset and "<legend>Groups served</legend>" in fieldset.group(0)
    values = re.findall(r'name="groups_served" type="checkbox" value="(\w+)"', fieldset.group(0))
    assert values == ["women", "youth", "older_people", "persons_with_disabilities", "indigenous_peoples",
                      "rural_remote"]
    assert ticked(page) == []


def test_a_draft_saves_the_groups_in_the_forms_order_and_unticking_all_empties_them(app, client, auth):
    case_study_id, call_id, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, groups_served=["rural_remote", "women"], action="save")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data, headers=HX)
    assert response.status_code == 200 and "Saved at" in response.get_data(as_text=True)
    assert stored(app, case_study_id).groups_served == ["women", "rural_remote"]
    assert ticked(client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)) == ["women",
                                                                                                 "rural_remote"]

    # A browser sends nothing for a group of checkboxes none of which is ticked.
    data = form_data(client, case_study_id, action="save")
    del data["groups_served"]
    assert client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code == 303
    assert stored(app, case_study_id).groups_served == []


def test_an_unknown_group_is_refused_at_its_field_and_nothing_is_saved(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, groups_served=["women", "aliens"], summary="Changed", action="save")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    assert 'id="groups_served-error"' in response.get_data(as_text=True)
    assert (stored(app, case_study_id).groups_served, stored(app, case_study_id).summary) == ([], "Old summary.")


def test_groups_take_part_in_the_version_check(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    first_tab = form_data(client, case_study_id, groups_served=["youth"], action="save")
    second_tab = form_data(client, case_study_id, groups_served=["women"], action="save")
    assert client.post(f"/case-studies/{case_study_id}/edit", data=second_tab).status_code == 303
    response = client.post(f"/case-studies/{case_study_id}/edit", data=first_tab)
    assert response.status_code == 409
    assert ticked(response.get_data(as_text=True)) == ["youth"]  # this tab's choice is still in the form
    assert stored(app, case_study_id).groups_served == ["women"]


def test_groups_come_back_with_the_text_kept_when_the_session_ended(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, groups_served=["youth", "indigenous_peoples"], action="save")
    with app.app_context():
        db.session.execute(delete(UserSession))
        db.session.commit()
    assert client.post(f"/case-studies/{case_study_id}/edit", data=data, headers=SAME_ORIGIN).status_code == 303
    with app.app_context():
        assert db.session.execute(select(KeptDraft)).scalar_one().fields["groups_served"] == [
            "youth", "indigenous_peoples"]
    auth.login("amy@example.org")
    page = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    assert ticked(page) == ["youth", "indigenous_peoples"]
    assert stored(app, case_study_id).groups_served == []  # not saved until the applicant saves


def test_a_change_of_groups_moves_the_calls_scores_version(app):
    with app.app_context():
        call = make_call()
        case_study = make_case_study(call, make_user(), status="submitted")
        db.session.commit()
        before = db.session.get(Call, call.id).scores_version
        case_study.groups_served = ["women"]
        db.session.commit()
        assert db.session.get(Call, call.id).scores_version == before + 1


def test_the_groups_show_to_the_applicant_the_reviewer_and_the_editor(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(panel=("CT",))
        applicant = make_user("applicant", email="amy@example.org")
        served = make_case_study(call, applicant, status="submitted", title="Served",
                                 groups_served=["women", "older_people"])
        none = make_case_study(call, applicant, status="submitted", title="None ticked")
        reviewer = make_reviewer("CT", email="rev@example.org")
        assignment = assign(served, reviewer).id
        db.session.commit()
        ids = served.id, none.id
    facts = re.compile(r"<dt>Groups served</dt><dd>([^<]*)</dd>")
    auth.login("amy@example.org")
    assert facts.findall(client.get(f"/case-studies/{ids[0]}").get_data(as_text=True)) == ["Women, Older people"]
    assert facts.findall(client.get(f"/case-studies/{ids[1]}").get_data(as_text=True)) == ["None ticked"]
    auth.logout()
    auth.login("rev@example.org")
    assert facts.findall(client.get(f"/reviews/{assignment}").get_data(as_text=True)) == ["Women, Older people"]
    auth.logout()
    auth.login("ed@example.org")
    assert facts.findall(client.get(f"/editor/case-studies/{ids[0]}").get_data(as_text=True)) == [
        "Women, Older people"]
    with app.app_context():
        assert db.session.get(CaseStudy, ids[1]).groups_served == []
