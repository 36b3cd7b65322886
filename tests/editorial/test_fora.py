"""The fora page: each forum's name and city in English and in the other languages, for every reader."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import Forum
from lie_review.extensions import db
from lie_review.reference_data import seed_reference_data

from ..factories import make_call, make_case_study, make_user
from ..helpers import page_form

TAIPEI = "Local Innovation Ecosystem Forum, Taipei"


@pytest.fixture
def taipei(app, auth):
    """An editor signed in, and the id of the Taipei forum."""
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
        forum_id = db.session.execute(select(Forum.id).where(Forum.name == TAIPEI)).scalar_one()
    auth.login("ed@example.org")
    return forum_id


def stamp_of(client, forum_id):
    page = client.get("/editor/fora").get_data(as_text=True)
    return re.search(rf'name="forum-{forum_id}-stamp"[^>]*value="([^"]*)"', page).group(1)


def save(client, forum_id, stamp=None, **fields):
    """Post the forum's form as the page sends it: its English name and city unless given, and `fields`;
    with `stamp`, as a page opened when that was its stamp."""
    url = f"/editor/fora/{forum_id}"
    data = page_form(client, "/editor/fora", url)
    for name, value in {"name": TAIPEI, "city": "Taipei", **({"stamp": stamp} if stamp else {}), **fields}.items():
        data[f"forum-{forum_id}-{name}"] = value
    return client.post(url, data=data)


def in_chinese(app, text):
    with app.test_request_context(), force_locale("zh_Hant"):
        return gettext(text)


def test_the_fora_page_lists_each_forum_with_a_form_and_shows_what_empty_translations_fall_back_to(
        app, client, taipei):
    page = client.get("/editor/fora").get_data(as_text=True)
    assert page.count('class="forum-form"') == 4
    assert re.search(rf'<input[^>]*id="forum-{taipei}-name"[^>]*value="{TAIPEI}"', page)
    assert f'<label for="forum-{taipei}-city_th">City in ไทย</label>' in page
    placeholder = re.search(rf'<input[^>]*id="forum-{taipei}-name_zh_Hant"[^>]*>', page).group(0)
    assert f'placeholder="{in_chinese(app, TAIPEI)}"' in placeholder and 'value=""' in placeholder
    assert 'href="/editor/fora"' in client.get("/editor/calls").get_data(as_text=True)


def test_a_forum_renamed_in_chinese_shows_on_the_chinese_case_study_form(app, client, auth, taipei):
    assert save(client, taipei, name_zh_Hant="臺北地方創新生態系論壇", city_zh_Hant="臺北市").status_code == 303
    with app.app_context():
        call = make_call()
        for email, locale in (("mei@example.org", "zh_Hant"), ("amy@example.org", "en")):
            applicant = make_user("applicant", email=email, economy_code="CT")
            applicant.locale = locale
            make_case_study(call, applicant, title=email)
        db.session.commit()
        ids = dict(db.session.execute(select(Forum.name, Forum.id)).all())
    pages = {}
    for email in ("mei@example.org", "amy@example.org"):
        auth.logout()
        auth.login(email)
        mine = client.get("/case-studies/").get_data(as_text=True)
        case_study_id = re.search(r'href="/case-studies/(\d+)"', mine).group(1)
        pages[email] = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    assert f'<option value="{taipei}">臺北地方創新生態系論壇</option>' in pages["mei@example.org"]
    moscow = "Local Innovation Ecosystem Forum, Moscow"           # untouched: the catalog's Chinese name
    assert f'<option value="{ids[moscow]}">{in_chinese(app, moscow)}</option>' in pages["mei@example.org"]
    assert f'<option value="{taipei}">{TAIPEI}</option>' in pages["amy@example.org"]


def test_renaming_a_forum_is_audited_and_reseeding_adds_no_second_forum(app, client, taipei):
    assert save(client, taipei, name="Taipei Forum on Local Innovation", name_ru="Тайбэйский форум").status_code == 303
    assert save(client, taipei, name="Taipei Forum on Local Innovation", name_ru="Тайбэйский форум"
                ).status_code == 303                                 # nothing changed: nothing audited
    with app.app_context():
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "forum.updated")).scalar_one()
        assert (event.object_type, event.object_id) == ("forum", taipei)
        assert event.before == {"name": TAIPEI, "translations": {}}
        assert event.after == {"name": "Taipei Forum on Local Innovation",
                               "translations": {"ru": {"name": "Тайбэйский форум"}}}
        assert seed_reference_data() == 0
        assert db.session.execute(select(func.count(Forum.id))).scalar_one() == 4


def test_control_characters_too_long_or_taken_names_are_refused(app, client, taipei):
    response = save(client, taipei, name_th="ฟอรัม\x0bไทเป", city_ru="x" * 121)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="forum-{taipei}-name_th-error"' in page and "control characters" in page
    assert f'id="forum-{taipei}-city_ru-error"' in page
    taken = save(client, taipei, name="Local Innovation Ecosystem Forum, Bangkok")
    assert taken.status_code == 422
    assert "Another forum is already called “Local Innovation Ecosystem Forum, Bangkok”." in taken.get_data(
        as_text=True)
    with app.app_context():
        forum = db.session.get(Forum, taipei)
        assert (forum.name, forum.translations) == (TAIPEI, {})


def test_a_stale_forum_save_is_refused_and_keeps_the_input(app, client, taipei):
    stamp = stamp_of(client, taipei)
    assert save(client, taipei, stamp=stamp, city_th="ไทเป").status_code == 303
    response = save(client, taipei, stamp=stamp, city_th="กรุงไทเป")
    assert response.status_code == 409
    assert re.search(rf'<input[^>]*id="forum-{taipei}-city_th"[^>]*value="กรุงไทเป"', response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Forum, taipei).translations == {"th": {"city": "ไทเป"}}
