"""Rendered fragments kept per process, under a key that names everything they are rendered from.

A page made of data that changes seldom and is read often (a call's dashboard, between two submitted
scores) renders the same HTML again and again. A fragment kept here is rendered once per process for
its key, and a key names every input: the scores version a page of rows is of, the language, the
reference data's version, the filters. Whatever changes an input changes the key, so a kept fragment is
never stale; it is only dropped when the least recently used of FRAGMENTS_KEPT has to make room.

Nothing here is needed by another process: a worker that has not seen a key renders the fragment itself.
FRAGMENTS_KEPT = 0 keeps nothing (the benchmarks measure pages both ways).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any

from flask import current_app
from markupsafe import Markup

_KEY = "lie_review.fragments"


class Kept:
    """At most `size` fragments (or other values that never change), the least recently used dropped
    first; safe across threads."""

    def __init__(self, size: int):
        self.size = size
        self._fragments: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            fragment = self._fragments.get(key)
            if fragment is not None:
                self._fragments.move_to_end(key)
            return fragment

    def put(self, key: Hashable, fragment: Any) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._fragments[key] = fragment
            self._fragments.move_to_end(key)
            while len(self._fragments) > self.size:
                self._fragments.popitem(last=False)

    def __len__(self) -> int:
        return len(self._fragments)


def kept() -> Kept:
    """This app's fragments in this process."""
    fragments = current_app.extensions.get(_KEY)
    if fragments is None:
        fragments = current_app.extensions[_KEY] = Kept(current_app.config["FRAGMENTS_KEPT"])
    return fragments


def remembered(key: Hashable, make: Callable[[], Any]) -> Any:
    """The value kept under `key`, or `make()`'s, kept from now on. `key` must name every input of `make`
    that can change (two calls with one key must make equal values), and nobody may change the value."""
    values = kept()
    found = values.get(key)
    if found is None:
        found = make()
        values.put(key, found)
    return found


def fragment(key: Hashable, render: Callable[[], str]) -> Markup:
    """The HTML kept under `key`, or `render()`'s, as remembered() keeps values."""
    return remembered(key, lambda: Markup(render()))
