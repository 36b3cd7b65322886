"""The rubric editor: add, edit, reorder and deactivate criteria; scales fixed once scored."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import Call
from lie_review.reviews.totals import review_totals
from lie_review.extensions import db
from lie_review.reviews.models import Criterion

from ..factories import make_call, make_case_study, make_user
from ..helpers import form_in, page_form
from .builders import assign, criteria_of, make_reviewer, review


@pytest.fixture
def call_id(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call_id = make_call().id
        db.session.commit()
    auth.login("ed@example.org")
    return call_id


def levels(low, high, text="Level"):
    return {f"level_{v}": f"{text} {v}" for v in range(low, high + 1)}


def post_criterion(client, url, fields: dict):
    """Post the criterion form at `url` as its page sends it, with `fields` typed in. A level given
    that the page does not show yet (the scale is new) comes with its translations empty, as the
    page shows them once it does."""
    data = page_form(client, url)
    locales = [name.removeprefix("label_") for name in data if name.startswith("label_")]
    for name, value in fields.items():
        data[name] = value
        if re.fullmatch(r"level_\d+", name):
            for locale in locales:
                data.setdefault(f"{name}_{locale}", "")
    return client.post(url, data=data)


def stamp_of(client, criterion_id):
    page = client.get(f"/editor/criteria/{criterion_id}/edit").get_data(as_text=True)
    return re.search(r'name="stamp"[^>]*value="([^"]*)"', page).group(1)


def criteria(app, call_id):
    with app.app_context():
        return [(c.label, c.position, c.active, c.weight) for c in criteria_of(db.session.get(Call, call_id))]


def test_adding_a_criterion_puts_it_last_with_a_descriptor_per_level(app, client, call_id):
    response = post_criterion(client, f"/editor/calls/{call_id}/rubric/new", {
        "label": "Replicability", "guidance": "Could another locality do it?", "weight": "0.5",
        "scale_min": "0", "scale_max": "3", **levels(0, 3)})
    assert response.status_code == 303
    assert criteria(app, call_id)[-1] == ("Replicability", 3, True, 0.5)
    with app.app_context():
        added = db.session.execute(select(Criterion).where(Criterion.label == "Replicability")).scalar_one()
        assert [(lv.value, lv.descriptor) for lv in added.levels] == [(v, f"Level {v}") for v in range(4)]


def test_each_level_needs_a_descriptor_and_the_scale_an_order(app, client, call_id):
    response = post_criterion(client, f"/editor/calls/{call_id}/rubric/new", {
        "label": "Replicability", "weight": "1", "scale_min": "1", "scale_max": "3", **levels(1, 2)})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="level_3-error"' in page and 'id="level_1-error"' not in page
    response = post_criterion(client, f"/editor/calls/{call_id}/rubric/new", {
        "label": "X", "weight": "0", "scale_min": "4", "scale_max": "2"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="weight-error"' in page and "The highest level must be above the lowest." in page
    assert len(criteria(app, call_id)) == 3


def test_weight_changes_and_every_total_follows(app, client, call_id):
    with app.app_context():
        call = db.session.get(Call, call_id)
        review(make_case_study(call, make_user(), status="submitted"), make_reviewer("CT"), [5, 1, 1])
        first_id = criteria_of(call)[0].id
        db.session.commit()
        assert review_totals(call_id)[0].total == pytest.approx(100 / 3)
    response = post_criterion(client, f"/editor/criteria/{first_id}/edit", {
        "label": "Local challenge addressed", "weight": "2", "scale_min": "1", "scale_max": "5", **levels(1, 5)})
    assert response.status_code == 303
    with app.app_context():
        assert review_totals(call_id)[0].total == pytest.approx(50.0)  # 2·1 / (2 + 1 + 1)
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "criterion.updated")).scalar_one()
        assert (event.before["weight"], event.after["weight"]) == (1.0, 2.0)


def test_a_scored_criterion_keeps_its_scale_and_the_page_says_why(app, client, call_id):
    with app.app_context():
        call = db.session.get(Call, call_id)
        review(make_case_study(call, make_user(), status="submitted"), make_reviewer("CT"), [5, 1, 1])
        first_id = criteria_of(call)[0].id
        db.session.commit()
    page = client.get(f"/editor/criteria/{first_id}/edit").get_data(as_text=True)
    assert "Reviewers have already scored this criterion, so its scale cannot change" in page
    assert re.search(r'<input[^>]*id="scale_max"[^>]*readonly', page)
    response = post_criterion(client, f"/editor/criteria/{first_id}/edit", {
        "label": "Local challenge addressed", "weight": "1", "scale_min": "1", "scale_max": "7", **levels(1, 7)})
    assert response.status_code == 422
    assert "This criterion already has scores, so its scale cannot change." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Criterion, first_id).scale_max == 5


def test_an_unscored_scale_can_grow_once_the_new_levels_are_described(app, client, call_id):
    with app.app_context():
        first_id = criteria_of(db.session.get(Call, call_id))[0].id
    url = f"/editor/criteria/{first_id}/edit"
    response = client.post(url, data={**page_form(client, url), "scale_max": "7", **levels(1, 5)})
    assert response.status_code == 200                            # not saved, and not an error either
    page = response.get_data(as_text=True)
    assert 'id="level_7"' in page and 'id="level_7-error"' not in page and 'class="error' not in page
    assert "Describe the new levels (6 and 7) below, then save." in page
    assert [lv.value for lv in criterion_levels(app, first_id)] == list(range(1, 6))
    data = form_in(page, url)                                     # the page now shows the new levels
    assert data["level_5"] == "Level 5"                           # and what was typed
    for name, value in levels(6, 7).items():
        data[name] = value
    response = client.post(url, data=data)
    assert response.status_code == 303
    with app.app_context():
        assert [lv.value for lv in db.session.get(Criterion, first_id).levels] == list(range(1, 8))


def put(data, values) -> None:
    """Type `values` into the form's fields (a MultiDict's update would add a second value)."""
    for name, value in values.items():
        data[name] = value


def criterion_levels(app, criterion_id):
    with app.app_context():
        return list(db.session.get(Criterion, criterion_id).levels)


def test_a_new_criterion_on_a_new_scale_is_described_in_one_save(app, client, call_id):
    url = f"/editor/calls/{call_id}/rubric/new"
    data = page_form(client, url)
    put(data, {"label": "Replicability", "weight": "1", "scale_min": "0", "scale_max": "3"})
    # As the scale changes, the page asks for the levels' part of the form (htmx), typing kept.
    response = client.post(url, data={**data, "show": "levels"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    part = response.get_data(as_text=True)
    assert part.lstrip().startswith("<div id=\"criterion-levels\">") and "<h1" not in part
    assert [int(v) for v in re.findall(r'id="level_(\d+)"', part)] == [0, 1, 2, 3]
    assert 'id="level_0_zh_Hant"' in part and 'id="label_zh_Hant"' in part and "error" not in part
    assert len(criteria(app, call_id)) == 3                       # asking for the levels saves nothing
    for name in [n for n in data if re.fullmatch(r"level_\d+(_\w+)?", n)]:
        del data[name]                                            # the part replaces the page's levels
    put(data, form_in(f'<form method="post" action="{url}">{part}</form>', url))
    put(data, levels(0, 3, "Replicable"))
    response = client.post(url, data=data)                        # one save, the descriptors with it
    assert response.status_code == 303
    assert criteria(app, call_id)[-1] == ("Replicability", 3, True, 1.0)
    with app.app_context():
        added = db.session.execute(select(Criterion).where(Criterion.label == "Replicability")).scalar_one()
        assert [(lv.value, lv.descriptor) for lv in added.levels] == [(v, f"Replicable {v}") for v in range(4)]


def test_a_new_scale_saved_without_javascript_shows_its_new_levels_keeping_the_typing(app, client, call_id):
    url = f"/editor/calls/{call_id}/rubric/new"
    data = page_form(client, url)                                 # the page shows levels 1 to 5
    put(data, {"label": "Replicability", "guidance": "Could another locality do it?", "weight": "1",
                 "scale_min": "0", "scale_max": "2", "level_1": "Some", "level_2": "Much"})
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Describe the new level (0) below, then save." in page
    assert "Describe this level" not in page and 'aria-invalid' not in page
    assert len(criteria(app, call_id)) == 3
    again = form_in(page, url)
    assert [n for n in again if re.fullmatch(r"level_\d+", n)] == ["level_0", "level_1", "level_2"]
    assert (again["label"], again["guidance"], again["level_2"]) == ("Replicability", "Could another locality do it?",
                                                                      "Much")
    again["level_0"] = "None"
    assert client.post(url, data=again).status_code == 303
    with app.app_context():
        added = db.session.execute(select(Criterion).where(Criterion.label == "Replicability")).scalar_one()
        assert [(lv.value, lv.descriptor) for lv in added.levels] == [(0, "None"), (1, "Some"), (2, "Much")]


def test_a_stale_criterion_edit_is_refused(app, client, call_id):
    with app.app_context():
        first_id = criteria_of(db.session.get(Call, call_id))[0].id
    stamp = stamp_of(client, first_id)
    with app.app_context():
        db.session.get(Criterion, first_id).weight = 4.0
        db.session.commit()
    response = post_criterion(client, f"/editor/criteria/{first_id}/edit", {
        "label": "Mine", "weight": "1", "scale_min": "1", "scale_max": "5", "stamp": stamp, **levels(1, 5)})
    assert response.status_code == 409
    assert criteria(app, call_id)[0][0] == "Local challenge addressed"


def test_criteria_move_up_and_down_with_and_without_htmx(app, client, call_id):
    with app.app_context():
        ids = [c.id for c in criteria_of(db.session.get(Call, call_id))]
    response = client.post(f"/editor/criteria/{ids[2]}/move", data={"direction": "up"})
    assert response.status_code == 303
    assert [c[0] for c in criteria(app, call_id)] == ["Local challenge addressed", "Inclusiveness", "Sustainability"]
    response = client.post(f"/editor/criteria/{ids[0]}/move", data={"direction": "down"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="rubric"') and "<html" not in fragment
    assert [c[:2] for c in criteria(app, call_id)] == [("Inclusiveness", 0), ("Local challenge addressed", 1),
                                                      ("Sustainability", 2)]
    assert client.post(f"/editor/criteria/{ids[0]}/move", data={"direction": "sideways"}).status_code == 303
    assert [c[0] for c in criteria(app, call_id)][1] == "Local challenge addressed"


def test_deactivating_leaves_a_criterion_out_but_never_the_last_one(app, client, call_id):
    with app.app_context():
        ids = [c.id for c in criteria_of(db.session.get(Call, call_id))]
    assert client.post(f"/editor/criteria/{ids[0]}/deactivate").status_code == 303
    assert client.post(f"/editor/criteria/{ids[1]}/deactivate").status_code == 303
    refused = client.post(f"/editor/criteria/{ids[2]}/deactivate", headers={"HX-Request": "true"})
    assert refused.status_code == 409
    assert "A call needs at least one active criterion." in refused.get_data(as_text=True)
    assert [c[2] for c in criteria(app, call_id)] == [False, False, True]
    page = client.get(f"/editor/calls/{call_id}/rubric").get_data(as_text=True)
    preview = page[page.index("Preview: what reviewers see"):]
    assert "Inclusiveness" in preview and "Sustainability" not in preview
    assert client.post(f"/editor/criteria/{ids[0]}/activate").status_code == 303
    assert [c[2] for c in criteria(app, call_id)] == [True, False, True]


THAI_LABEL = "การแก้ปัญหาท้องถิ่น"


def first_criterion_id(app, call_id):
    with app.app_context():
        return criteria_of(db.session.get(Call, call_id))[0].id


def edit_first(client, criterion_id, stamp=None, **fields):
    """Save the first (default) criterion from its page, in English as below, with `fields` added;
    with `stamp`, as a page opened when that was its stamp."""
    return post_criterion(client, f"/editor/criteria/{criterion_id}/edit", {
        "label": "Local challenge addressed", "guidance": "How clearly.", "weight": "1", "scale_min": "1",
        "scale_max": "5", **({"stamp": stamp} if stamp else {}), **levels(1, 5), **fields})


def thai(low=1, high=5):
    return {"label_th": THAI_LABEL, "guidance_th": "ปัญหาชัดเจนเพียงใด",
            **{f"level_{v}_th": f"ระดับ {v} ภาษาไทย" for v in range(low, high + 1)}}


def test_an_editors_thai_criterion_reaches_a_thai_reviewer_and_others_see_english(app, client, auth, call_id):
    first = first_criterion_id(app, call_id)
    assert edit_first(client, first, **thai()).status_code == 303
    with app.app_context():
        call = db.session.get(Call, call_id)
        case_study = make_case_study(call, make_user(), status="submitted")
        assignments = {}
        for code, locale in (("THA", "th"), ("PHL", None), ("RUS", "ru")):
            reviewer = make_reviewer(code, email=f"{code.lower()}@example.org")
            reviewer.locale = locale
            assignments[code] = assign(case_study, reviewer).id
        db.session.commit()
    pages = {}
    for code, assignment_id in assignments.items():
        auth.logout()
        auth.login(f"{code.lower()}@example.org")
        pages[code] = client.get(f"/reviews/{assignment_id}").get_data(as_text=True)
    assert f"<legend>{THAI_LABEL}</legend>" in pages["THA"]
    assert "ระดับ 4 ภาษาไทย" in pages["THA"] and "Level 4" not in pages["THA"]
    for code in ("PHL", "RUS"):   # English, and Russian with no Russian given: the English text
        assert "<legend>Local challenge addressed</legend>" in pages[code] and "Level 4" in pages[code]
        assert THAI_LABEL not in pages[code] and "ภาษาไทย" not in pages[code]


def test_the_rubric_lists_missing_languages_and_drops_each_once_filled(app, client, auth, call_id):
    first = first_criterion_id(app, call_id)
    page = client.get(f"/editor/calls/{call_id}/rubric").get_data(as_text=True)
    assert page.count("Missing: 繁體中文, Русский, and ไทย") == 3
    assert "The call’s title and description are missing in 繁體中文, Русский, and ไทย." in page
    edit_first(client, first, label_th=THAI_LABEL)                  # the levels are still in English only
    assert client.get(f"/editor/calls/{call_id}/rubric").get_data(as_text=True).count(
        "Missing: 繁體中文, Русский, and ไทย") == 3
    edit_first(client, first, **thai())
    page = client.get(f"/editor/calls/{call_id}/rubric").get_data(as_text=True)
    assert page.count("Missing: 繁體中文 and Русский") == 1 and page.count("Missing: 繁體中文, Русский, and ไทย") == 2
    every = {**thai(), **{k.replace("_th", "_ru"): "Русский" for k in thai()},
             **{k.replace("_th", "_zh_Hant"): "中文" for k in thai()}}
    edit_first(client, first, **every)
    assert "Translated into every language" in client.get(f"/editor/calls/{call_id}/rubric").get_data(as_text=True)


def test_the_rubric_speaks_the_editors_language(app, client, auth, call_id):
    edit_first(client, first_criterion_id(app, call_id), **thai())
    page = client.get(f"/editor/calls/{call_id}/rubric", headers={"Accept-Language": "th"}).get_data(as_text=True)
    assert f"<h3>{THAI_LABEL}</h3>" in page and "ระดับ 4 ภาษาไทย" in page


def test_the_criterion_form_shows_the_english_columns_and_each_languages_fields(app, client, auth, call_id):
    first = first_criterion_id(app, call_id)
    edit_first(client, first, **thai())
    page = client.get(f"/editor/criteria/{first}/edit", headers={"Accept-Language": "th"}).get_data(as_text=True)
    assert re.search(r'<input[^>]*id="label"[^>]*value="Local challenge addressed"', page)
    assert re.search(rf'<input[^>]*id="label_th"[^>]*lang="th"[^>]*value="{THAI_LABEL}"', page)
    assert 'id="level_5_zh_Hant"' in page and 'id="level_6_th"' not in page   # the levels of the scale
    english = client.get(f"/editor/criteria/{first}/edit").get_data(as_text=True)
    assert '<label for="label_ru">Label in Русский</label>' in english
    assert '<label for="level_3_th">Level 3 in ไทย</label>' in english


def test_empty_translations_are_not_stored(app, client, auth, call_id):
    first = first_criterion_id(app, call_id)
    edit_first(client, first, label_th="  ", label_ru="Местная проблема", level_2_ru="", level_3_ru="Уровень 3")
    with app.app_context():
        criterion = db.session.get(Criterion, first)
        assert criterion.translations == {"ru": {"label": "Местная проблема"}}
        assert {lv.value: lv.translations for lv in criterion.levels} == {
            1: {}, 2: {}, 3: {"ru": {"descriptor": "Уровень 3"}}, 4: {}, 5: {}}


def test_a_stale_save_is_refused_when_someone_else_saved_a_translation(app, client, auth, call_id):
    first = first_criterion_id(app, call_id)
    edit_first(client, first, **thai())
    stamp = stamp_of(client, first)                                  # a stamp over the translations
    assert edit_first(client, first, stamp=stamp, **thai(), label_ru="Местная").status_code == 303
    response = edit_first(client, first, stamp=stamp, **thai(), label_ru="Моя")  # opened before that save
    assert response.status_code == 409
    assert re.search(r'<input[^>]*id="label_ru"[^>]*value="Моя"', response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Criterion, first).translations["ru"] == {"label": "Местная"}
    stamp = stamp_of(client, first)
    with app.app_context():
        level = db.session.get(Criterion, first).levels[0]
        level.translations = {"ru": {"descriptor": "Чужой"}}         # another editor, a level only
        db.session.commit()
    assert edit_first(client, first, stamp=stamp, **thai()).status_code == 409


def test_control_characters_or_too_much_text_in_a_translation_are_refused(app, client, auth, call_id):
    first = first_criterion_id(app, call_id)
    response = edit_first(client, first, label_th="ป\x07ญหา", level_2_ru="x" * 501)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="label_th-error"' in page and "control characters" in page
    assert 'id="level_2_ru-error"' in page
    with app.app_context():
        assert db.session.get(Criterion, first).translations == {}
    response = post_criterion(client, f"/editor/calls/{call_id}/rubric/new", {
        "label": "Replicability", "weight": "1", "scale_min": "1", "scale_max": "2", **levels(1, 2),
        "guidance_zh_Hant": "可\x00複製"})
    assert response.status_code == 422 and 'id="guidance_zh_Hant-error"' in response.get_data(as_text=True)


def test_the_audit_records_each_translation_change(app, client, auth, call_id):
    first = first_criterion_id(app, call_id)
    edit_first(client, first, label_th=THAI_LABEL, level_1_th="ระดับหนึ่ง")
    edit_first(client, first, label_th="ใหม่", level_1_th="ระดับหนึ่ง")
    post_criterion(client, f"/editor/calls/{call_id}/rubric/new", {
        "label": "Replicability", "weight": "1", "scale_min": "1", "scale_max": "2", **levels(1, 2),
        "label_ru": "Тиражируемость", "level_2_ru": "Высокая"})
    with app.app_context():
        events = db.session.execute(select(AuditEvent).where(AuditEvent.action.like("criterion.%"))
                                    .order_by(AuditEvent.id)).scalars().all()
        first_save, second_save, created = events
        assert (first_save.before["translations"], first_save.after["translations"]) == (
            {}, {"th": {"label": THAI_LABEL}})
        assert first_save.after["level_translations"] == {"1": {"th": {"descriptor": "ระดับหนึ่ง"}}}
        assert second_save.after == {"translations": {"th": {"label": "ใหม่"}}}
        assert created.after["translations"] == {"ru": {"label": "Тиражируемость"}}
        assert created.after["level_translations"] == {"2": {"ru": {"descriptor": "Высокая"}}}


def test_a_weight_change_has_a_worker_rebuild_the_calls_scores_at_once(app, client, call_id):
    from lie_review.editorial.scores.current import current_scores
    from lie_review.editorial.scores.models import CallScores
    from lie_review.jobs.queue import queue_of, run_queued

    with app.app_context():
        call = db.session.get(Call, call_id)
        review(make_case_study(call, make_user(), status="submitted"), make_reviewer("CT"), [5, 1, 1])
        first_id = criteria_of(call)[0].id
        db.session.commit()
        current_scores(call)
        db.session.commit()
    run_queued(app)
    response = post_criterion(client, f"/editor/criteria/{first_id}/edit", {
        "label": "Local challenge addressed", "weight": "2", "scale_min": "1", "scale_max": "5", **levels(1, 5)})
    assert response.status_code == 303
    assert queue_of(app).huey.pending_count() == 1
    assert 'hx-get="/editor/calls/%d/scores-status" hx-trigger="load"' % call_id in client.get(
        f"/editor/calls/{call_id}/rubric").get_data(as_text=True)
    status = client.get(f"/editor/calls/{call_id}/scores-status", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Recomputing the scores of 1 case study" in status and 'hx-trigger="every 1s"' in status
    with app.app_context():
        behind = db.session.get(CallScores, call_id).version
        assert behind < db.session.get(Call, call_id).scores_version  # asking how far it got built nothing
    run_queued(app)
    status = client.get(f"/editor/calls/{call_id}/scores-status").get_data(as_text=True)
    assert "The scores follow this rubric" in status and "every 1s" not in status and "Back to the rubric" in status
    with app.app_context():
        state = db.session.get(CallScores, call_id)
        assert state.version == db.session.get(Call, call_id).scores_version > behind
        assert [row.total for row in review_totals(call_id)] == [pytest.approx(50.0)]
