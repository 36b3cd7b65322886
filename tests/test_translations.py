"""The catalogs are complete: every string the code and templates use is translated in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from lie_review.config import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "lie_review" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2), "N_": None}
LOCALES = [code for code in DEFAULTS["LANGUAGES"] if code != DEFAULTS["BABEL_DEFAULT_LOCALE"]]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%|%[sd]|\{[a-z_]+\}")


def catalog(locale: str):
    with open(CATALOGS / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


def extracted_ids() -> set[str]:
    """Every msgid the code and templates use, as `make translations-extract` finds them."""
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    ids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_language_of_the_interface_has_a_catalog():
    assert sorted(LOCALES) == sorted(p.name for p in CATALOGS.iterdir() if (p / "LC_MESSAGES").is_dir())


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_holds_every_string_the_code_uses(locale):
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog(locale) if m.id}
    assert sorted(extracted_ids() - known) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_translated_with_the_same_placeholders(locale):
    messages = catalog(locale)
    problems = []
    for m in messages:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy:
            problems.append(("fuzzy", ids[0]))
        if isinstance(m.id, tuple) and len(strings) != messages.num_plurals:
            problems.append(("plural forms", ids[0]))
        if not all(strings):
            problems.append(("untranslated", ids[0]))
            continue
        wanted = placeholders(" ".join(ids))
        for text in strings:
            found = placeholders(text)
            if isinstance(m.id, tuple):  # a plural's form for one may say "one" where English says %(num)d
                found, wanted = found | {"%(num)d"}, wanted | {"%(num)d"}
            if found != wanted:
                problems.append(("placeholders", ids[0], text))
    # Babel's own checks, the ones `pybabel compile` runs.
    problems += [("check", message.id, str(error)) for message, errors in messages.check() for error in errors]
    assert problems == []
