"""The two versions of a case study's text: the original, in the language it is written in, and the
English version an applicant writing in another language may add. Pure rules over plain values.

The second version is always English: it is the language every panel reads and the report is
printed in, so it is the one that lets a case study written in Chinese, Russian or Thai be read by
everyone. An applicant writing in English has nothing to add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .rules import LONG_FIELDS

ENGLISH = "en"
# The texts an English version carries: the title and the long sections.
TRANSLATED_FIELDS = ("title", *LONG_FIELDS)


class Version(str, Enum):
    """Which text of a case study is read."""

    ORIGINAL = "original"
    ENGLISH = "english"


def english_field(name: str) -> str:
    """The form's name for the English version of a text: en_title, en_summary…"""
    return f"en_{name}"


def has_english_version(language: str, english: dict | None) -> bool:
    """An English version counts beside an original in another language, from the moment it has a title.

    Submitting needs the whole English version once any of it is written, so for a submitted case
    study "it has a title" and "it has an English version" are the same.
    """
    return language != ENGLISH and bool(((english or {}).get("title") or "").strip())


def offered_languages(allowed: list[str] | None, current: str, known) -> list[str]:
    """The languages the form offers: English, then the call's others, then the case study's own when the
    call no longer accepts it (so a draft keeps its language until the applicant changes it)."""
    codes = [ENGLISH] + [code for code in (allowed or []) if code != ENGLISH and code in known]
    if current not in codes and current in known:
        codes.append(current)
    return codes


def version_to_show(requested: str | None, *, has_english: bool) -> Version:
    """The version asked for when it exists; the original otherwise (anything unknown included)."""
    if requested == Version.ENGLISH.value and has_english:
        return Version.ENGLISH
    return Version.ORIGINAL


@dataclass(frozen=True)
class Reading:
    """The text of a case study in the version shown, and the version one click away (None: only one)."""

    version: Version
    language: str  # the locale code of the text shown
    original_language: str
    title: str
    texts: dict[str, str] = field(default_factory=dict)
    other: Version | None = None

    @property
    def lang(self) -> str:
        """The text's language as an HTML lang attribute (zh_Hant → zh-Hant)."""
        return self.language.replace("_", "-")


def reading(case_study, requested: str | None = None) -> Reading:
    """The case study's title and long sections in the version `requested` (?version=), if it has it."""
    has_english = has_english_version(case_study.language, case_study.english_version)
    version = version_to_show(requested, has_english=has_english)
    if version is Version.ENGLISH:
        english = case_study.english_version
        return Reading(version, ENGLISH, case_study.language, english.get("title", ""),
                       {name: english.get(name, "") for name in LONG_FIELDS}, Version.ORIGINAL)
    return Reading(version, case_study.language, case_study.language, case_study.title,
                   {name: getattr(case_study, name) for name in LONG_FIELDS},
                   Version.ENGLISH if has_english else None)


def in_english_if_possible(case_study) -> Reading:
    """The English version when there is one, else the original: what the exports print."""
    return reading(case_study, Version.ENGLISH.value)
