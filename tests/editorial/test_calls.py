"""Creating, editing and copying calls through the editor's forms."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.editorial.calls.forms import CallForm
from lie_review.extensions import db
from lie_review.reviews.models import Criterion
from lie_review.translatable import translation_locales

from ..factories import economy, make_call, make_case_study, make_user
from ..helpers import page_form
from .builders import criteria_of


def editor(app, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    auth.login("ed@example.org")


def call_form(**overrides):
    """The call form as a browser posts it, with `overrides`: the new call page's empty stamp, and each
    translation sent empty, as the page leaves a field nobody typed in."""
    with_ids = {
        "stamp": "", "title": "Best Practices 2028", "description": "Second round.",
        **{f"{name}_{locale}": "" for locale in translation_locales() for name in ("title", "description")},
        "timezone": "Asia/Bangkok", "opens_at": "2028-01-10T09:00", "closes_at": "2028-03-31T17:00",
        "review_ends_at": "2028-05-01T17:00",
        "panel": [str(economy(c).id) for c in ("CT", "THA")], "reviews_per_economy": "2",
        "reviewers_see_others": "y", "exclude_same_economy": "y", "disagreement_threshold": "25",
    }
    with_ids.update(overrides)
    return with_ids


def test_new_call_form_defaults_to_the_four_cohosts(app, client, auth):
    editor(app, auth)
    page = client.get("/editor/calls/new").get_data(as_text=True)
    with app.app_context():
        for code in ("CT", "RUS", "THA", "PHL"):
            assert _is_checked(page, economy(code).id)
        assert not _is_checked(page, economy("JPN").id)


def _is_checked(page: str, economy_id: int) -> bool:
    tag = re.search(rf'<input[^>]*name="panel"[^>]*value="{economy_id}"[^>]*>', page).group(0)
    return "checked" in tag


def test_creating_a_call_stores_utc_dates_settings_panel_and_the_default_rubric(app, client, auth):
    editor(app, auth)
    with app.app_context():
        data = call_form()
    response = client.post("/editor/calls/new", data=data)
    assert response.status_code == 303
    with app.app_context():
        call = db.session.execute(select(Call)).scalar_one()
        assert response.headers["Location"] == f"/editor/calls/{call.id}/rubric"
        assert call.opens_at == datetime(2028, 1, 10, 2, 0, tzinfo=timezone.utc)  # Bangkok is UTC+7
        assert call.review_ends_at == datetime(2028, 5, 1, 10, 0, tzinfo=timezone.utc)
        assert [e.code for e in call.panel_economies] == ["CT", "THA"]
        assert (call.reviews_per_economy, call.reviewers_see_others, call.hide_applicant_identity,
                call.exclude_same_economy, call.disagreement_threshold) == (2, True, False, True, 25.0)
        assert [c.label for c in criteria_of(call)] == ["Local challenge addressed", "Sustainability", "Inclusiveness"]
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "call.created")).scalar_one()
        assert event.after["panel"] == ["CT", "THA"]


def test_call_form_errors_are_shown_at_their_fields_with_422(app, client, auth):
    editor(app, auth)
    with app.app_context():
        data = call_form(title="", closes_at="2028-01-01T00:00", panel=[], disagreement_threshold="101",
                         reviews_per_economy="zero", opens_at="not a date")
    response = client.post("/editor/calls/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for field in ("title", "opens_at", "panel", "reviews_per_economy", "disagreement_threshold"):
        assert f'id="{field}-error"' in page, field
    with app.app_context():
        assert db.session.execute(select(func.count(Call.id))).scalar_one() == 0


def test_dates_out_of_order_are_refused(app, client, auth):
    editor(app, auth)
    with app.app_context():
        data = call_form(closes_at="2028-01-01T00:00", review_ends_at="2027-12-01T00:00")
    page = client.post("/editor/calls/new", data=data).get_data(as_text=True)
    assert "Submissions must close after they open." in page


def test_editing_a_call_changes_settings_and_audits_before_and_after(app, client, auth):
    editor(app, auth)
    with app.app_context():
        call = make_call(title="Old title")
        call_id = call.id
        db.session.commit()
    form = client.get(f"/editor/calls/{call_id}/edit").get_data(as_text=True)
    stamp = _hidden(form, "stamp")
    with app.app_context():
        data = call_form(title="New title", stamp=stamp)
    response = client.post(f"/editor/calls/{call_id}/edit", data=data)
    assert response.status_code == 303
    with app.app_context():
        call = db.session.get(Call, call_id)
        assert call.title == "New title"
        assert [e.code for e in call.panel_economies] == ["CT", "THA"]
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "call.updated")).scalar_one()
        assert event.before["title"] == "Old title" and event.after["title"] == "New title"
        assert event.before["panel"] == ["CT", "PHL", "RUS", "THA"] and event.after["panel"] == ["CT", "THA"]


def test_a_stale_call_edit_is_refused_with_409_and_keeps_the_input(app, client, auth):
    editor(app, auth)
    with app.app_context():
        call_id = make_call(title="Old title").id
        db.session.commit()
    stamp = _hidden(client.get(f"/editor/calls/{call_id}/edit").get_data(as_text=True), "stamp")
    with app.app_context():
        db.session.get(Call, call_id).description = "Changed by someone else"
        db.session.commit()
        data = call_form(title="Mine", stamp=stamp)
    response = client.post(f"/editor/calls/{call_id}/edit", data=data)
    assert response.status_code == 409
    assert 'value="Mine"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Call, call_id).title == "Old title"


def test_copying_a_call_copies_rubric_and_settings_but_not_case_studies(app, client, auth):
    editor(app, auth)
    with app.app_context():
        source = make_call(title="2027", reviews_per_economy=2, hide_applicant_identity=True, panel=("CT", "RUS"))
        first = criteria_of(source)[0]
        first.weight, first.guidance = 3.0, "Custom guidance"
        criteria_of(source)[2].active = False
        make_case_study(source, make_user(), status="submitted")
        source_id = source.id
        db.session.commit()
    page = client.get(f"/editor/calls/{source_id}/copy").get_data(as_text=True)
    assert 'value="2027 (copy)"' in page
    with app.app_context():
        data = call_form(title="2028", panel=[str(economy(c).id) for c in ("CT", "RUS")], reviews_per_economy="2",
                         hide_applicant_identity="y", stamp=_hidden(page, "stamp"))
    response = client.post(f"/editor/calls/{source_id}/copy", data=data)
    assert response.status_code == 303
    with app.app_context():
        copy = db.session.execute(select(Call).where(Call.title == "2028")).scalar_one()
        assert copy.copied_from_id == source_id
        assert copy.hide_applicant_identity is True and copy.reviews_per_economy == 2
        copied = criteria_of(copy)
        assert [(c.label, c.weight, c.guidance if c.position == 0 else None, c.active) for c in copied] == [
            ("Local challenge addressed", 3.0, "Custom guidance", True), ("Sustainability", 1.0, None, True),
            ("Inclusiveness", 1.0, None, False)]
        assert [len(c.levels) for c in copied] == [5, 5, 5]
        assert {c.id for c in copied}.isdisjoint({c.id for c in criteria_of(db.session.get(Call, source_id))})
        copied_studies = select(func.count(CaseStudy.id)).where(CaseStudy.call_id == copy.id)
        assert db.session.execute(copied_studies).scalar_one() == 0
        assert db.session.execute(select(func.count(Criterion.id))).scalar_one() == 6


def test_a_call_accepts_case_studies_in_english_and_the_languages_ticked(app, client, auth):
    editor(app, auth)
    with app.app_context():
        call_id = make_call(title="Languages").id
        db.session.commit()
    page = client.get(f"/editor/calls/{call_id}/edit").get_data(as_text=True)
    # Each language under its own name; English is not a choice, it is always accepted.
    assert "繁體中文" in page and "Русский" in page and "ไทย" in page
    assert not re.search(r'name="case_study_languages"[^>]*value="en"', page)
    with app.app_context():
        data = call_form(title="Languages", stamp=_hidden(page, "stamp"), case_study_languages=["th", "zh_Hant"])
    assert client.post(f"/editor/calls/{call_id}/edit", data=data).status_code == 303
    with app.app_context():
        assert db.session.get(Call, call_id).case_study_languages == ["en", "zh_Hant", "th"]
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "call.updated")).scalar_one()
        assert event.before["case_study_languages"] == ["en"]
        assert event.after["case_study_languages"] == ["en", "zh_Hant", "th"]

    page = client.get(f"/editor/calls/{call_id}/edit").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="case_study_languages"[^>]*value="zh_Hant"', page)
    assert not re.search(r'<input checked[^>]*name="case_study_languages"[^>]*value="ru"', page)
    # The edit stamp covers the languages: a form opened before they changed is stale.
    with app.app_context():
        stale = call_form(title="Languages", stamp=data["stamp"], case_study_languages=[])
        assert client.post(f"/editor/calls/{call_id}/edit", data=stale).status_code == 409
        refused = call_form(title="Languages", stamp=_hidden(page, "stamp"), case_study_languages=["xx"])
        assert client.post(f"/editor/calls/{call_id}/edit", data=refused).status_code == 422
        assert db.session.get(Call, call_id).case_study_languages == ["en", "zh_Hant", "th"]


def test_a_new_call_accepts_english_only_unless_told_otherwise(app, client, auth):
    editor(app, auth)
    with app.app_context():
        data = call_form()
    assert client.post("/editor/calls/new", data=data).status_code == 303
    with app.app_context():
        assert db.session.execute(select(Call)).scalar_one().case_study_languages == ["en"]


def _hidden(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page).group(1)


def test_a_new_call_keeps_the_translations_given_and_audits_them(app, client, auth):
    editor(app, auth)
    with app.app_context():
        data = call_form(title_ru="Лучшие практики 2028", description_ru="Второй раунд.", title_th=" ",
                         description_zh_Hant="")
    assert client.post("/editor/calls/new", data=data).status_code == 303
    with app.app_context():
        call = db.session.execute(select(Call)).scalar_one()
        assert call.translations == {"ru": {"title": "Лучшие практики 2028", "description": "Второй раунд."}}
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "call.created")).scalar_one()
        assert event.after["translations"] == call.translations


def test_editing_a_calls_translation_is_saved_audited_and_shown_to_its_readers(app, client, auth):
    editor(app, auth)
    with app.app_context():
        call_id = make_call(title="Old title", translations={"ru": {"title": "Старое"}}).id
        db.session.commit()
    form = client.get(f"/editor/calls/{call_id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="title_ru"[^>]*value="Старое"', form)
    with app.app_context():
        data = call_form(title="Old title", title_ru="Новое", title_th="หัวข้อ", stamp=_hidden(form, "stamp"))
    assert client.post(f"/editor/calls/{call_id}/edit", data=data).status_code == 303
    with app.app_context():
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "call.updated")).scalar_one()
        assert event.before["translations"] == {"ru": {"title": "Старое"}}
        assert event.after["translations"] == {"ru": {"title": "Новое"}, "th": {"title": "หัวข้อ"}}
    assert "<h1>หัวข้อ</h1>" in client.get(f"/editor/calls/{call_id}", headers={"Accept-Language": "th"}).get_data(
        as_text=True)


def test_a_stale_call_edit_is_refused_when_someone_else_saved_a_translation(app, client, auth):
    editor(app, auth)
    with app.app_context():
        call_id = make_call(title="Old title", translations={"th": {"title": "เดิม"}}).id
        db.session.commit()
    stamp = _hidden(client.get(f"/editor/calls/{call_id}/edit").get_data(as_text=True), "stamp")
    with app.app_context():
        db.session.get(Call, call_id).translations = {"th": {"title": "ของคนอื่น"}}
        db.session.commit()
        data = call_form(title="Old title", title_th="ของฉัน", stamp=stamp)
    response = client.post(f"/editor/calls/{call_id}/edit", data=data)
    assert response.status_code == 409
    assert 'value="ของฉัน"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Call, call_id).translations == {"th": {"title": "ของคนอื่น"}}


def test_a_translated_title_with_control_characters_is_refused(app, client, auth):
    editor(app, auth)
    with app.app_context():
        data = call_form(title_zh_Hant="最佳\x1b實務", description_ru="x" * 5001)
    response = client.post("/editor/calls/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="title_zh_Hant-error"' in page and 'id="description_ru-error"' in page
    with app.app_context():
        assert db.session.execute(select(func.count(Call.id))).scalar_one() == 0


def test_a_copy_keeps_the_rubrics_and_descriptions_translations_but_not_the_old_title(app, client, auth):
    editor(app, auth)
    with app.app_context():
        source = make_call(title="2027", description="Round one.",
                           translations={"th": {"title": "รอบ 2027", "description": "รอบแรก"}})
        first = criteria_of(source)[0]
        first.translations = {"th": {"label": "ปัญหาท้องถิ่น"}}
        first.levels[0].translations = {"th": {"descriptor": "ไม่ชัดเจน"}}
        source_id = source.id
        db.session.commit()
    page = client.get(f"/editor/calls/{source_id}/copy").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="title_th"[^>]*value=""', page)
    assert re.search(r'<textarea[^>]*id="description_th"[^>]*>\s*รอบแรก</textarea>', page)
    with app.app_context():
        data = call_form(title="2028", description_th="รอบแรก", stamp=_hidden(page, "stamp"))
    assert client.post(f"/editor/calls/{source_id}/copy", data=data).status_code == 303
    with app.app_context():
        copy = db.session.execute(select(Call).where(Call.title == "2028")).scalar_one()
        assert copy.translations == {"th": {"description": "รอบแรก"}}
        copied = criteria_of(copy)[0]
        assert copied.translations == {"th": {"label": "ปัญหาท้องถิ่น"}}
        assert copied.levels[0].translations == {"th": {"descriptor": "ไม่ชัดเจน"}}


def test_a_call_form_has_a_title_per_language_and_is_never_made_without_them(app):
    with app.test_request_context():
        form = CallForm.build(meta={"csrf": False})
        assert [f.name for f in form if f.name.startswith("title_")] == ["title_zh_Hant", "title_ru", "title_th"]
        with pytest.raises(TypeError, match=r"build\(\)"):  # its save would read every translation as emptied
            CallForm(meta={"csrf": False})


def test_call_time_zones_list_the_cohosts_first_in_a_group(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    auth.login("ed@example.org")
    page = client.get("/editor/calls/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*id="timezone".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _ in groups] == ["Co-hosting economies", "All other time zones"]
    first = re.findall(r'value="([^"]+)"', groups[0][1])
    assert first[:4] == ["Asia/Taipei", "Europe/Moscow", "Asia/Bangkok", "Asia/Manila"]
    assert "Asia/Vladivostok" in first and "Europe/Paris" not in first
    assert "Asia/Manila (The Philippines)" in groups[0][1] and "Asia/Taipei (Chinese Taipei)" in groups[0][1]
    rest = re.findall(r'value="([^"]+)"', groups[1][1])
    assert rest[0] == "UTC" and "Europe/Paris" in rest and not set(first) & set(rest)   # each zone once
    assert re.search(r'<option selected value="Asia/Taipei"|<option value="Asia/Taipei" selected', select)
    assert 'id="timezone-filter-field" hidden' in page and 'aria-controls="timezone"' in page


@pytest.mark.parametrize("zone, status", [("Asia/Kamchatka", 303), ("UTC", 303), ("America/Lima", 303),
                                          ("Mars/Olympus", 422), ("Europe/moscow", 422), ("", 422)])
def test_call_time_zone_is_checked_against_the_list(app, client, auth, zone, status):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    auth.login("ed@example.org")
    data = page_form(client, "/editor/calls/new")
    data["title"], data["timezone"] = "Zoned call", zone
    response = client.post("/editor/calls/new", data=data)
    assert response.status_code == status
    with app.app_context():
        saved = db.session.execute(select(Call.timezone).where(Call.title == "Zoned call")).scalar_one_or_none()
    assert saved == (zone if status == 303 else None)
    if status == 422:
        assert 'id="timezone-error"' in response.get_data(as_text=True)
