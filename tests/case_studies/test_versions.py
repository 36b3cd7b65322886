"""Pure rules of the two versions: when an English version counts, which languages are offered, what is read."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lie_review.case_studies.rules import LONG_FIELDS
from lie_review.case_studies.versions import (
    Version,
    has_english_version,
    in_english_if_possible,
    offered_languages,
    reading,
    version_to_show,
)

KNOWN = ("en", "zh_Hant", "ru", "th")


@pytest.mark.parametrize("language, english, expected", [
    ("zh_Hant", {"title": "Hill tea goes online"}, True),
    ("zh_Hant", {"title": "  ", "summary": "Begun, but no title yet."}, False),
    ("zh_Hant", {}, False),
    ("zh_Hant", None, False),
    ("en", {"title": "An English original needs no English version"}, False),
])
def test_has_english_version_needs_another_original_language_and_a_title(language, english, expected):
    assert has_english_version(language, english) is expected


def test_offered_languages_are_english_then_the_calls_then_the_case_studys_own():
    assert offered_languages(["en"], "en", KNOWN) == ["en"]
    assert offered_languages(["th", "en", "zh_Hant"], "en", KNOWN) == ["en", "th", "zh_Hant"]
    assert offered_languages(None, "en", KNOWN) == ["en"]
    # The call no longer accepts Russian: the draft written in it keeps its language on the form.
    assert offered_languages(["en", "zh_Hant"], "ru", KNOWN) == ["en", "zh_Hant", "ru"]
    # A language the interface does not speak any more is not offered.
    assert offered_languages(["en", "xx"], "xx", KNOWN) == ["en"]


@pytest.mark.parametrize("requested, has_english, expected", [
    ("english", True, Version.ENGLISH), ("english", False, Version.ORIGINAL), ("original", True, Version.ORIGINAL),
    (None, True, Version.ORIGINAL), ("<script>", True, Version.ORIGINAL), ("", True, Version.ORIGINAL),
])
def test_version_to_show_is_the_original_unless_the_english_one_is_asked_for_and_exists(requested, has_english,
                                                                                         expected):
    assert version_to_show(requested, has_english=has_english) is expected


def chinese_case_study(english: dict):
    texts = {name: f"中文的{name}" for name in LONG_FIELDS}
    return SimpleNamespace(language="zh_Hant", title="山茶上網", english_version=english, **texts)


def test_reading_shows_either_version_and_names_the_other():
    english = {"title": "Hill tea goes online", **{name: f"English {name}" for name in LONG_FIELDS}}
    case_study = chinese_case_study(english)

    original = reading(case_study)
    assert (original.version, original.language, original.lang, original.title) == (
        Version.ORIGINAL, "zh_Hant", "zh-Hant", "山茶上網")
    assert original.texts["summary"] == "中文的summary" and original.other is Version.ENGLISH

    translated = reading(case_study, "english")
    assert (translated.version, translated.language, translated.original_language, translated.title) == (
        Version.ENGLISH, "en", "zh_Hant", "Hill tea goes online")
    assert translated.texts["lessons"] == "English lessons" and translated.other is Version.ORIGINAL
    assert in_english_if_possible(case_study) == translated


def test_reading_without_an_english_version_has_only_the_original():
    case_study = chinese_case_study({})
    assert reading(case_study, "english").version is Version.ORIGINAL
    assert reading(case_study, "english").other is None
    assert in_english_if_possible(case_study).title == "山茶上網"
