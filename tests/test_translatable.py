"""Editor-given translations: the reader's language, else English; which languages are still missing."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from lie_review.case_studies.models import Forum
from lie_review.extensions import db
from lie_review.reviews.models import Criterion
from lie_review.translatable import filled, localized, missing_locales, translation_locales

from .factories import make_call


def test_text_is_the_readers_language_else_the_english_column(app):
    with app.test_request_context():
        call = make_call(title="Best Practices 2028", translations={"th": {"title": "แนวปฏิบัติที่ดี 2028"}})
        db.session.commit()
        with force_locale("th"):
            assert call.text("title") == "แนวปฏิบัติที่ดี 2028"
            assert call.text("description") == ""
        with force_locale("ru"):
            assert call.text("title") == "Best Practices 2028"
        assert localized(call, "title") == "Best Practices 2028"
        assert localized(call, "title", "th") == "แนวปฏิบัติที่ดี 2028"


def test_a_new_row_starts_with_no_translations(app):
    with app.app_context():
        call = make_call()
        db.session.commit()
        db.session.expire_all()
        assert call.translations == {}
        assert all(c.translations == {} for c in db.session.execute(select(Criterion)).scalars())


def test_missing_locales_lists_the_languages_lacking_any_field_in_the_order_offered(app):
    with app.test_request_context():
        assert translation_locales() == ["zh_Hant", "ru", "th"]
        call = make_call(description="", translations={
            "th": {"title": "ไทย"}, "ru": {"description": "Описание"}})
        # No English description: nothing to translate there.
        assert missing_locales(call, ("title", "description")) == ["zh_Hant", "ru"]
        call.description = "Second round."
        assert missing_locales(call, ("title", "description")) == ["zh_Hant", "ru", "th"]


def test_forum_prefers_the_editors_name_then_the_catalog_then_english(app):
    with app.test_request_context():
        forum = db.session.execute(select(Forum).where(Forum.city == "Taipei")).scalar_one()
        forum.translations = {"zh_Hant": {"name": "臺北地方創新生態系論壇"}}
        with force_locale("zh_Hant"):
            assert forum.label == "臺北地方創新生態系論壇"
            assert forum.city_label != "Taipei"          # the catalog's name of the city
        with force_locale("en"):
            assert (forum.label, forum.city_label) == ("Local Innovation Ecosystem Forum, Taipei", "Taipei")
        forum.name = "Taipei Forum on Local Innovation"  # no catalog holds an editor's new English name
        with force_locale("ru"):
            assert forum.label == "Taipei Forum on Local Innovation"


def test_filled_leaves_out_empty_texts_and_languages():
    assert filled({"th": {"title": " ชื่อ ", "description": "  "}, "ru": {"title": ""}}) == {"th": {"title": "ชื่อ"}}
