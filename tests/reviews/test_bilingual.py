"""A case study written in Chinese with an English version: the reviewer switches with one click, and the
review records the version read; editors see both, the applicant sees nothing of the reviewers."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import CaseStudy
from lie_review.case_studies.rules import LONG_FIELDS
from lie_review.extensions import db
from lie_review.reviews.models import Review

from ..factories import make_user
from .builders import RITA, build, hx, review_form, submit_directly

CHINESE_CHALLENGE = "中間商壓低收購價格。"
ENGLISH_CHALLENGE = "Middlemen set prices too low."


def english_version() -> dict:
    return {"title": "Mountain tea goes online", **{name: f"English {name}." for name in LONG_FIELDS},
            "local_challenge": ENGLISH_CHALLENGE}


@pytest.fixture
def chinese(app):
    """Rita reviews a case study written in Chinese, with (by default) its English version."""
    with app.app_context():
        setup = build(case_study_languages=["en", "zh_Hant"])
        case_study = db.session.get(CaseStudy, setup.case_study_id)
        case_study.language, case_study.title = "zh_Hant", "山城茶園上網"
        case_study.local_challenge = CHINESE_CHALLENGE
        case_study.english_version = english_version()
        db.session.commit()
    return setup


def version_read(app, assignment_id) -> str | None:
    with app.app_context():
        review = db.session.execute(select(Review).where(Review.assignment_id == assignment_id)).scalar_one_or_none()
        return review.version_read if review else None


def hidden_version(page: str) -> str:
    return re.search(r'<input type="hidden" name="version_read" id="version-read" value="(\w+)"', page).group(1)


def test_the_scoring_page_shows_the_original_with_a_link_to_the_english_version(client, auth, chinese):
    auth.login(RITA)
    page = client.get(f"/reviews/{chinese.assignment}").get_data(as_text=True)
    assert CHINESE_CHALLENGE in page and ENGLISH_CHALLENGE not in page
    assert "You are reading the original, in 繁體中文." in page
    assert (f'<a id="version-switch" class="button small" href="/reviews/{chinese.assignment}?version=english" '
            f'hreflang="en"') in page
    assert '<div class="prose" lang="zh-Hant">' in page
    assert hidden_version(page) == "original"

    english = client.get(f"/reviews/{chinese.assignment}?version=english").get_data(as_text=True)
    assert ENGLISH_CHALLENGE in english and CHINESE_CHALLENGE not in english
    assert "You are reading the English version. The original is in 繁體中文." in english
    assert f'href="/reviews/{chinese.assignment}?version=original" hreflang="zh-Hant"' in english
    assert "Mountain tea goes online" in english and '<div class="prose" lang="en">' in english
    assert hidden_version(english) == "english"

    original = client.get(f"/reviews/{chinese.assignment}?version=original").get_data(as_text=True)
    assert CHINESE_CHALLENGE in original and hidden_version(original) == "original"


def test_switching_with_htmx_swaps_just_the_case_study_and_the_version_the_form_sends(client, auth, chinese):
    auth.login(RITA)
    response = client.get(f"/reviews/{chinese.assignment}?version=english", headers=hx())
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith(f'<section class="case-study" id="case-study-{chinese.case_study_id}"')
    assert "<html" not in fragment and 'class="review-form"' not in fragment
    assert ENGLISH_CHALLENGE in fragment
    assert ('<input type="hidden" name="version_read" id="version-read" value="english" hx-swap-oob="true">'
            in fragment)


def test_the_review_records_the_version_read_from_every_kind_of_save(app, client, auth, chinese):
    auth.login(RITA)
    first = chinese.criteria[0]
    # One criterion through htmx: the first save starts the review and records the version on screen.
    response = client.post(f"/reviews/{chinese.assignment}/criteria/{first}",
                           data={f"criterion_{first}": "4", "version_read": "english"}, headers=hx())
    assert response.status_code == 200
    assert version_read(app, chinese.assignment) == "english"

    # The overall part through htmx, read in the original this time.
    response = client.post(f"/reviews/{chinese.assignment}/overall",
                           data={"overall_comment": "Clear.", "version_read": "original"}, headers=hx())
    assert response.status_code == 200
    assert version_read(app, chinese.assignment) == "original"

    # The whole form, without JavaScript: back to the page in the version read.
    changes = {**{f"criterion_{c}": "3" for c in chinese.criteria}, "overall_comment": "Clear."}
    data = review_form(client, chinese.assignment, "save", changes, version="english")
    assert data["version_read"] == "english"                       # the page read in English says so
    response = client.post(f"/reviews/{chinese.assignment}", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/reviews/{chinese.assignment}?version=english"
    assert version_read(app, chinese.assignment) == "english"
    with app.app_context():
        changes = [e.after["version_read"] for e in db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "review.saved").order_by(AuditEvent.id)).scalars()
            if "version_read" in e.after]
        assert changes == ["english", "original", "english"]


def test_a_save_that_does_not_say_leaves_the_version_recorded(app, client, auth, chinese):
    auth.login(RITA)
    first = chinese.criteria[0]
    client.post(f"/reviews/{chinese.assignment}/criteria/{first}",
                data={f"criterion_{first}": "4", "version_read": "english"}, headers=hx())
    client.post(f"/reviews/{chinese.assignment}/criteria/{first}", data={f"criterion_{first}": "5"}, headers=hx())
    assert version_read(app, chinese.assignment) == "english"


def test_without_an_english_version_there_is_only_the_original_to_read(app, client, auth, chinese):
    with app.app_context():
        db.session.get(CaseStudy, chinese.case_study_id).english_version = {}
        db.session.commit()
    auth.login(RITA)
    page = client.get(f"/reviews/{chinese.assignment}?version=english").get_data(as_text=True)
    assert CHINESE_CHALLENGE in page and 'id="version-switch"' not in page
    assert "Written in 繁體中文. There is no English version." in page
    first = chinese.criteria[0]
    client.post(f"/reviews/{chinese.assignment}/criteria/{first}",
                data={f"criterion_{first}": "4", "version_read": "english"}, headers=hx())
    assert version_read(app, chinese.assignment) == "original"  # there was nothing else to read


@pytest.mark.parametrize("value", ["", "both", "<script>alert(1)</script>", "ENGLISH"])
def test_an_unknown_version_is_the_original(app, client, auth, chinese, value):
    auth.login(RITA)
    page = client.get(f"/reviews/{chinese.assignment}", query_string={"version": value})
    assert page.status_code == 200 and CHINESE_CHALLENGE in page.get_data(as_text=True)
    first = chinese.criteria[0]
    response = client.post(f"/reviews/{chinese.assignment}/criteria/{first}",
                           data={f"criterion_{first}": "4", "version_read": value}, headers=hx())
    assert response.status_code == 200
    assert version_read(app, chinese.assignment) == "original"


def test_editors_see_both_versions_and_the_version_each_review_was_read_in(app, client, auth, chinese):
    with app.app_context():
        submit_directly(chinese.assignment, chinese.criteria, [4, 4, 4])
        db.session.execute(select(Review)).scalar_one().version_read = "english"
        make_user("editor", email="ed@example.org")
        db.session.commit()
    auth.login("ed@example.org")
    page = client.get(f"/editor/case-studies/{chinese.case_study_id}").get_data(as_text=True)
    assert CHINESE_CHALLENGE in page and "read the English version" in page
    assert (f'href="/editor/case-studies/{chinese.case_study_id}?version=english#case-study-'
            f'{chinese.case_study_id}"') in page
    english = client.get(f"/editor/case-studies/{chinese.case_study_id}?version=english").get_data(as_text=True)
    assert ENGLISH_CHALLENGE in english and CHINESE_CHALLENGE not in english


def test_the_applicant_reads_both_versions_and_nothing_about_reviewers(app, client, auth, chinese):
    with app.app_context():
        submit_directly(chinese.assignment, chinese.criteria, [4, 4, 4])
        db.session.execute(select(Review)).scalar_one().version_read = "english"
        applicant = db.session.get(CaseStudy, chinese.case_study_id).applicant
        applicant.email = "anong@example.org"
        db.session.commit()
    auth.login("anong@example.org")
    page = client.get(f"/case-studies/{chinese.case_study_id}").get_data(as_text=True)
    assert CHINESE_CHALLENGE in page and "Read the English version" in page
    english = client.get(f"/case-studies/{chinese.case_study_id}?version=english").get_data(as_text=True)
    assert ENGLISH_CHALLENGE in english
    for page in (page, english):
        assert "read the English version" not in page and "Rita" not in page and "version_read" not in page
