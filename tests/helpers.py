"""Small helpers for reading what the app sent."""

from __future__ import annotations

import re
import socket
import time
from contextlib import contextmanager
from html.parser import HTMLParser

from sqlalchemy import event, select
from werkzeug.datastructures import MultiDict

from lie_review.extensions import db
from lie_review.mail import OutboxMessage


def free_port() -> int:
    """A TCP port nothing listens on now, on the loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, process, what: str, seconds: float = 60) -> None:
    """Wait for a server process to take connections on 127.0.0.1:port, failing if it stops first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert process.poll() is None, f"{what} stopped"
            assert time.monotonic() < deadline, f"{what} did not start"
            time.sleep(0.2)


def outbox(to: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to is not None:
        query = query.where(OutboxMessage.recipient == to)
    return list(db.session.execute(query).scalars())


def link_in(message: OutboxMessage) -> str:
    """The path of the first link in a message, checked to use the configured base URL."""
    match = re.search(r"(https?://\S+)", message.body)
    assert match, f"no link in {message.body!r}"
    url = match.group(1)
    assert url.startswith("http://lie-review.test/"), url
    return url[len("http://lie-review.test"):]


CSRF_TOKEN = re.compile(r'(?<="X-CSRFToken": ")[^"]+|(?<=name="csrf_token" value=")[^"]+')


def without_tokens(page: str) -> str:
    """A page with its CSRF tokens masked: each is signed with the second it was made in."""
    return CSRF_TOKEN.sub("TOKEN", page)


def database_rows(app) -> dict[str, list[str]]:
    """Every row of every table, every column: what "nothing changed" is checked against."""
    with app.app_context():
        return {table.name: sorted(map(repr, db.session.execute(select(table)).all()))
                for table in db.metadata.sorted_tables}


@contextmanager
def count_queries(engine=None):
    """Count the SQL statements run inside the block: `with count_queries() as queries: ...; len(queries)`."""
    engine = engine or db.engine
    statements: list[str] = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


class _FormReader(HTMLParser):
    """Collects each <form>'s action and its successful controls, in tree order, as a browser sends them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: list | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "attrs": attrs, "fields": []}
            self.forms.append(self._form)
        elif self._form is None or "disabled" in attrs or "name" not in attrs and tag != "option":
            return
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                self._form["fields"].append((attrs["name"], attrs.get("value", ""), "button"))
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form["fields"].append((attrs["name"], attrs.get("value", "on"), None))
            else:
                self._form["fields"].append((attrs["name"], attrs.get("value", ""), "file" if kind == "file" else None))
        elif tag == "button":
            if attrs.get("type", "submit").lower() == "submit":
                self._form["fields"].append((attrs["name"], attrs.get("value", ""), "button"))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = {"name": attrs["name"], "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append([attrs.get("value"), "selected" in attrs, ""])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._select is not None and self._select["options"]:
            self._select["options"][-1][2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # As in a browser, one newline right after <textarea> is not part of the text.
            text = text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text
            self._form["fields"].append((name, text, None))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = [(value if value is not None else text.strip(), chosen)
                       for value, chosen, text in self._select["options"]]
            chosen = [value for value, picked in options if picked]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0][0]]
            self._form["fields"].extend((self._select["name"], value, None) for value in chosen)
            self._select = None


def form_in(html: str, action: str | None = None, *, button: str | None = None) -> MultiDict:
    """The fields a browser would post from the page's form (the first one whose action ends with
    `action`, else the first form with a method of post), in the order the page places them; only
    the pressed `button` ("name" or "name=value") travels, file inputs travel empty."""
    reader = _FormReader()
    reader.feed(html)
    forms = [form for form in reader.forms if form["attrs"].get("method", "get").lower() == "post"
             and (action is None or form["action"].split("?")[0].endswith(action))]
    assert forms, f"no post form for {action!r} on the page"
    pressed = tuple(button.split("=", 1)) if button and "=" in button else (button, None)
    fields = MultiDict()
    for name, value, kind in forms[0]["fields"]:
        if kind == "button":
            if name == pressed[0] and pressed[1] in (None, value):
                fields.add(name, value)
        elif kind != "file":
            fields.add(name, value)
    return fields


def page_form(client, url: str, action: str | None = None, *, button: str | None = None) -> MultiDict:
    """`form_in` of the page at `url`, fetched with `client` (the form's action defaults to `url`)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return form_in(response.get_data(as_text=True), url if action is None else action, button=button)
