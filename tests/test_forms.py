"""Shared form rules: whether a text was stored as it was sent."""

from __future__ import annotations

import pytest

from wtforms import SelectChoice, SelectField

from lie_review.forms import Form, same_text


@pytest.mark.parametrize("sent, stored", [
    ("Needs figures.  ", "Needs figures."),
    ("Mountain  tea", "Mountain tea"),
    ("one\r\ntwo", "one\ntwo"),
    ("", ""),
    (None, ""),
])
def test_whitespace_alone_does_not_make_another_text(sent, stored):
    assert same_text(sent, stored)


@pytest.mark.parametrize("sent, stored", [
    ("bell\x07here", "bellhere"),
    ("www.example.org", "https://www.example.org"),
    ("ab", "a b"),
    ("text", ""),
])
def test_a_dropped_or_added_character_makes_another_text(sent, stored):
    assert not same_text(sent, stored)


@pytest.mark.parametrize("locale, message", [("ru", "Неверный вариант."), ("en", "Not a valid choice.")])
def test_wtforms_own_messages_are_in_the_readers_language(app, locale, message):
    class Choice(Form):
        level = SelectField(choices=[SelectChoice("1", "One")])

    with app.test_request_context(method="POST", data={"level": "9"}, headers={"Cookie": f"lang={locale}"}):
        form = Choice(meta={"csrf": False})
        assert not form.validate()
        assert form.level.errors == [message]
