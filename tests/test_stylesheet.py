"""The stylesheet is organised by component: its contents list the sections in order, each section is
there under its heading, and no selector is styled in two places (which would make the second silently
win over the first)."""

from __future__ import annotations

import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "app.css"


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def rules(css: str) -> list[tuple[str, str]]:
    """(the @media condition or "", the selector list) of every rule, in order."""
    found, context, depth, start = [], [], 0, 0
    css = _without_comments(css)
    for match in re.finditer(r"[{}]", css):
        if match.group() == "{":
            head = " ".join(css[start:match.start()].split())
            if head.startswith("@"):
                context.append(head)
            else:
                found.append((" ".join(context), head))
                context.append(None)
            depth += 1
        else:
            context.pop()
            depth -= 1
        start = match.end()
    assert depth == 0, "unbalanced braces"
    return found


def sections(css: str) -> list[str]:
    return re.findall(r"^/\* =+ (\d+\. [^=]+?) =+ \*/$", css, flags=re.M)


def test_the_stylesheet_lists_its_sections_and_has_each_under_its_heading():
    css = STYLESHEET.read_text()
    contents = re.search(r"Contents:(.*?)\*/", css, flags=re.S)
    assert contents, "the stylesheet opens with its contents"
    listed = re.findall(r"(\d+\. [^·\n]+?)\s*(?:·|\n|$)", contents.group(1))
    assert listed and [name.strip() for name in listed] == sections(css)


def test_no_selector_is_styled_in_two_places():
    seen: dict[tuple[str, str], int] = {}
    for index, (condition, selector) in enumerate(rules(STYLESHEET.read_text())):
        key = (condition, ", ".join(part.strip() for part in selector.split(",")))
        assert key not in seen, f"{selector!r} ({condition or 'no media query'}) is styled twice"
        seen[key] = index


def test_the_duplicate_check_finds_a_selector_styled_twice():
    twice = ".a { color: red; }\n@media print { .a { color: black; } }\n.b, .a { margin: 0; }\n.a { padding: 0; }"
    found = [(condition, selector) for condition, selector in rules(twice)]
    assert found == [("", ".a"), ("@media print", ".a"), ("", ".b, .a"), ("", ".a")]
