"""Fields whose widgets write the same markup as WTForms' own, faster: for the pages that render many fields,
as the scoring page renders a comment box per criterion."""

from __future__ import annotations

import wtforms
from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.widgets.core import clean_key


def html_attributes(**attributes) -> str:
    """The attributes as WTForms' html_params writes them (sorted, `class_` as class, True alone, False left
    out), joined as plain text: html_params formats each through Markup.format, which shows on a page of many."""
    parts = []
    for key, value in sorted(attributes.items()):
        key = clean_key(key)
        if value is True:
            parts.append(key)
        elif value is not False:
            parts.append(f'{key}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return " ".join(parts)


class TextArea(widgets.TextArea):
    """WTForms' textarea, the same markup, its attributes joined by html_attributes."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for key in dir(flags):
            if key in self.validation_attrs and key not in kwargs:
                kwargs[key] = getattr(flags, key)
        return Markup(f"<textarea {html_attributes(name=field.name, **kwargs)}>\r\n{escape(field._value())}</textarea>")


class TextAreaField(wtforms.TextAreaField):
    widget = TextArea()
