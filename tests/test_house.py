"""The house rules that keep the code easy to live in: short modules, short documented views."""

from __future__ import annotations

import ast
import inspect
import statistics
import textwrap
from pathlib import Path

import lie_review

PACKAGE = Path(lie_review.__file__).parent
MODULE_MAX_LINES = 300
VIEW_MEDIAN_MAX_LINES = 12


def view_functions(app):
    """Every function that answers a URL (the static files aside), once each."""
    seen = {}
    for endpoint, view in app.view_functions.items():
        if endpoint != "static":
            seen[(view.__module__, view.__qualname__)] = inspect.unwrap(view)
    return list(seen.values())


def body_lines(function) -> int:
    """Lines of a function's statements, its signature and docstring left out."""
    node = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
    body = node.body[1:] if ast.get_docstring(node) is not None else node.body
    return body[-1].end_lineno - body[0].lineno + 1


def test_no_module_is_over_300_lines():
    long = {str(path.relative_to(PACKAGE)): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text().splitlines())) > MODULE_MAX_LINES}
    assert long == {}


def test_every_view_says_what_it_is_for(app):
    undocumented = [f"{view.__module__}.{view.__qualname__}" for view in view_functions(app)
                    if not (view.__doc__ or "").strip()]
    assert undocumented == []


def test_views_are_short(app):
    sizes = [body_lines(view) for view in view_functions(app)]
    assert len(sizes) > 50
    assert statistics.median(sizes) <= VIEW_MEDIAN_MAX_LINES
