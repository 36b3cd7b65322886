"""A case study written in another language than English, with its English version: the form, the draft,
Submit's checks, and the languages a call accepts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.case_studies.rules import LONG_FIELDS
from lie_review.extensions import db

from .support import COMPLETE, form_data, setup_applicant, stored

TWO_LANGUAGES = {"case_study_languages": ["en", "zh_Hant"]}

# The same case study written in Chinese, and its English version under the en_ names.
CHINESE = {
    **COMPLETE,
    "language": "zh_Hant",
    "title": "山城茶園上網",
    "summary": "小農合作社直接向顧客銷售茶葉。",
    "local_challenge": "中間商壓低收購價格。",
    "solution": "共同品牌與網路商店。",
    "ecosystem_partners": "縣政府、大學設計學院與育成中心。",
    "results": "茶農收購價格提高百分之八十。",
    "sustainability": "轉作有機並由商店自給自足。",
    "inclusiveness": "十一位青年返鄉，年長茶農帶領導覽。",
    "lessons": "從共同品牌開始。",
}
ENGLISH = {f"en_{name}": COMPLETE[name] for name in ("title", *LONG_FIELDS)}


def test_the_language_and_english_version_are_offered_only_when_the_call_accepts_more_than_english(
        app, client, auth):
    english_only, _, _ = setup_applicant(app)
    with app.app_context():
        call = db.session.get(CaseStudy, english_only).call
        call.case_study_languages = ["en", "zh_Hant", "th"]
        db.session.commit()
    auth.login("amy@example.org")
    page = client.get(f"/case-studies/{english_only}/edit").get_data(as_text=True)
    assert '<select aria-describedby="language-hint" id="language" name="language">' in page
    assert '<option selected value="en">English</option>' in page
    assert '<option value="zh_Hant">繁體中文</option>' in page and '<option value="th">ไทย</option>' in page
    assert '<option value="ru">' not in page  # not a language of this call
    assert "English version (optional)" in page
    assert '<label for="en_summary">Summary in English</label>' in page
    assert 'id="en_summary-count" data-limit="150"' in page  # counted while typing, like the original

    with app.app_context():
        db.session.get(CaseStudy, english_only).call.case_study_languages = ["en"]
        db.session.commit()
    page = client.get(f"/case-studies/{english_only}/edit").get_data(as_text=True)
    assert 'name="language"' not in page and 'name="en_title"' not in page
    assert "English version (optional)" not in page


def test_an_applicant_writing_in_chinese_saves_an_english_version_with_the_draft_and_submits(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app, **TWO_LANGUAGES)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, **CHINESE, **ENGLISH, economy_id=str(economy_id), action="save")
    assert client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code == 303
    case_study = stored(app, case_study_id)
    assert (case_study.language, case_study.title, case_study.summary) == ("zh_Hant", "山城茶園上網",
                                                                           "小農合作社直接向顧客銷售茶葉。")
    assert case_study.english_version == {name: COMPLETE[name] for name in ("title", *LONG_FIELDS)}
    with app.app_context():
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "case_study.draft_saved")
                                   ).scalar_one()
        assert {"language", "english_version"} <= set(event.after["fields"])
    page = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    assert '<option selected value="zh_Hant">繁體中文</option>' in page
    assert 'value="Hill tea goes online"' in page and "Prices set by middlemen were too low." in page

    submit = form_data(client, case_study_id, **CHINESE, **ENGLISH, economy_id=str(economy_id), action="submit")
    assert client.post(f"/case-studies/{case_study_id}/edit", data=submit).status_code == 303
    assert stored(app, case_study_id).status == "submitted"


@pytest.mark.parametrize("changes, field", [
    ({"en_summary": "word " * 151}, "en_summary"),
    ({"en_solution": "word " * 501}, "en_solution"),
    ({"summary": "字 " * 151}, "summary"),
])
def test_word_limits_apply_to_both_versions_on_submit(app, client, auth, changes, field):
    case_study_id, _, economy_id = setup_applicant(app, **TWO_LANGUAGES)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, **{**CHINESE, **ENGLISH, **changes}, economy_id=str(economy_id),
                     action="submit")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    limit = 150 if "summary" in field else 500
    assert (f'<p class="error" id="{field}-error">Please shorten this to {limit} words: '
            f'it has {limit + 1}.</p>') in page
    case_study = stored(app, case_study_id)
    assert case_study.status == "draft"
    assert case_study.english_version["title"] == "Hill tea goes online"  # the draft is kept all the same


def test_an_english_version_once_begun_is_needed_whole_to_submit(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app, **TWO_LANGUAGES)
    auth.login("amy@example.org")
    partial = {"en_title": "Hill tea goes online", "en_summary": COMPLETE["summary"]}
    data = form_data(client, case_study_id, **CHINESE, **partial, economy_id=str(economy_id), action="submit")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    message = "Write this part of the English version too, or leave the whole English version empty."
    for name in ("local_challenge", "solution", "lessons"):
        assert f'<p class="error" id="en_{name}-error">{message}</p>' in page
    assert 'id="en_title-error"' not in page and 'id="en_summary-error"' not in page

    # Without any English version, the Chinese case study is submitted as it is.
    data = form_data(client, case_study_id, **CHINESE, economy_id=str(economy_id), action="submit",
                     **{name: "" for name in ENGLISH})
    assert client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code == 303
    assert stored(app, case_study_id).status == "submitted"


def test_an_english_case_study_cannot_be_submitted_with_an_english_version(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app, **TWO_LANGUAGES)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, **{**CHINESE, **COMPLETE, **ENGLISH, "language": "en"},
                     economy_id=str(economy_id), action="submit")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    assert ('<p class="error" id="language-error">A case study written in English needs no English version: '
            'choose the language it is written in, or empty the English version.</p>') in response.get_data(
        as_text=True)
    assert stored(app, case_study_id).status == "draft"


@pytest.mark.parametrize("languages, posted", [(["en", "zh_Hant"], "ru"), (["en"], "zh_Hant"), (["en"], "xx")])
def test_a_language_the_call_does_not_accept_is_refused_even_for_a_draft(app, client, auth, languages, posted):
    case_study_id, _, _ = setup_applicant(app, case_study_languages=languages)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, **{**CHINESE, "language": posted}, action="save")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    assert ('<p class="error" id="language-error">Choose one of the languages this call accepts.</p>'
            in response.get_data(as_text=True))
    assert stored(app, case_study_id).language == "en" and stored(app, case_study_id).title == "Draft one"


def test_a_draft_keeps_its_language_when_the_call_stops_accepting_it_but_cannot_be_submitted(app, client, auth):
    case_study_id, call_id, economy_id = setup_applicant(app, **TWO_LANGUAGES)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, **CHINESE, **ENGLISH, economy_id=str(economy_id), action="save")
    assert client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code == 303
    with app.app_context():
        db.session.get(Call, call_id).case_study_languages = ["en", "th"]
        db.session.commit()
    page = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    assert '<option selected value="zh_Hant">繁體中文</option>' in page  # still offered: it is the draft's own

    data = form_data(client, case_study_id, **CHINESE, **ENGLISH, economy_id=str(economy_id), action="submit")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    assert ("This call no longer accepts case studies in 繁體中文: choose one of the languages offered."
            in response.get_data(as_text=True))
    assert stored(app, case_study_id).status == "draft"


def test_a_post_without_the_language_or_the_english_version_leaves_them_as_stored(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app, **TWO_LANGUAGES)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, **CHINESE, **ENGLISH, economy_id=str(economy_id), action="save")
    client.post(f"/case-studies/{case_study_id}/edit", data=data)
    # A page that showed neither (say, one loaded while the call accepted English only) saves the rest.
    data = form_data(client, case_study_id, **{**COMPLETE, "title": "新的標題"}, economy_id=str(economy_id),
                     action="save")
    assert client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code == 303
    case_study = stored(app, case_study_id)
    assert (case_study.title, case_study.language) == ("新的標題", "zh_Hant")
    assert case_study.english_version["title"] == "Hill tea goes online"
