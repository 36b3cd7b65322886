"""A whole-form save changes only what the request really carried: a body cut short (inside a field,
between fields, before the end marker; with a true or an overstated Content-Length), a post that
leaves out fields the page always sends, or bytes that are not UTF-8, answers 400 and leaves every
row of the database as it was. Each save is shown to work with the whole body too."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from lie_review.extensions import db
from lie_review.forms import FORM_END
from lie_review.reviews.models import Criterion

from .editorial.builders import assign
from .factories import make_call, make_case_study, make_user
from .helpers import database_rows, page_form

URLENCODED = "application/x-www-form-urlencoded"
BOUNDARY = "lie-review-test-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


@dataclass
class Save:
    """A form as its page renders it, the change a whole post makes, and a field it always sends."""

    login: str
    page: str
    action: str
    button: str | None
    change: tuple[str, str]
    always_sent: str | None


def _world(app) -> dict[str, Save]:
    with app.app_context():
        call = make_call()
        applicant = make_user("applicant", email="amy@example.org")
        make_user("editor", email="ed@example.org")
        make_user("admin", email="ad@example.org")
        reviewer = make_user("reviewer", email="rev@example.org", economy_code="CT")
        draft = make_case_study(call, applicant, title="Draft title", summary="Old summary.")
        submitted = make_case_study(call, applicant, status="submitted", title="Submitted one")
        assignment = assign(submitted, reviewer)
        criterion = db.session.execute(select(Criterion).where(Criterion.call_id == call.id)).scalars().first()
        db.session.commit()
        ids = {"draft": draft.id, "submitted": submitted.id, "assignment": assignment.id, "call": call.id,
               "criterion": criterion.id, "person": reviewer.id}
    return {
        "case study": Save("amy@example.org", f"/case-studies/{ids['draft']}/edit", f"/case-studies/{ids['draft']}/edit",
                           "action=save", ("title", "A title typed in full"), "summary"),
        "review": Save("rev@example.org", f"/reviews/{ids['assignment']}", f"/reviews/{ids['assignment']}",
                       "action=save", ("overall_comment", "An overall comment typed in full"), "overall_comment"),
        "call": Save("ed@example.org", f"/editor/calls/{ids['call']}/edit", f"/editor/calls/{ids['call']}/edit",
                     None, ("title", "A call title typed in full"), "description"),
        "criterion": Save("ed@example.org", f"/editor/criteria/{ids['criterion']}/edit",
                          f"/editor/criteria/{ids['criterion']}/edit", None,
                          ("label", "A criterion label typed in full"), "guidance"),
        "decision": Save("ed@example.org", f"/editor/case-studies/{ids['submitted']}",
                         f"/editor/case-studies/{ids['submitted']}/decision", None,
                         ("rationale", "A rationale typed in full"), "feedback"),
        "person's details": Save("ad@example.org", f"/admin/people/{ids['person']}",
                                 f"/admin/people/{ids['person']}/details", None,
                                 ("organisation", "An organisation typed in full"), "organisation"),
        "person's roles": Save("ad@example.org", f"/admin/people/{ids['person']}",
                               f"/admin/people/{ids['person']}/roles", None, ("roles", "editor"), None),
    }


def _fields(client, save: Save):
    fields = page_form(client, save.page, save.action, button=save.button)
    name, value = save.change
    if name == "roles":
        fields.add(name, value)
    else:
        fields[name] = value
    if "outcome" not in fields and save.action.endswith("/decision"):
        fields["outcome"] = "accepted"
    # The marker is the page's last field; a browser sends it after the pressed button.
    fields.poplist(FORM_END)
    fields[FORM_END] = "1"
    return fields


def _body(fields) -> bytes:
    return urlencode(list(fields.items(multi=True))).encode("ascii")


def _post(client, path, body: bytes, content_type=URLENCODED, *, length: int | None = None,
          server_ends_input: bool = False):
    environ = {}
    if length is not None:
        environ["CONTENT_LENGTH"] = str(length)
    if server_ends_input:
        environ["wsgi.input_terminated"] = True  # as gunicorn says: the body ends where the client stopped
    return client.post(path, data=body, content_type=content_type, environ_overrides=environ)


def _cuts(body: bytes, change: tuple[str, str]) -> dict[str, int]:
    name, value = change
    start = body.index(urlencode({name: value}).encode("ascii"))
    after = body.index(b"&", start) + 1
    return {"inside a field": start + len(name) + 6, "between fields": after,
            "before the marker": body.index(f"&{FORM_END}=".encode()), "inside the marker": len(body) - 1}


SAVES = ["case study", "review", "call", "criterion", "decision", "person's details", "person's roles"]


def _main(response) -> str:
    text = response.get_data(as_text=True)
    return text[text.find("<main"):][:3000]


def _refused(response, status=400):
    assert response.status_code == status, _main(response)
    assert "nothing was saved" in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("which", SAVES)
def test_a_body_cut_short_is_refused_and_changes_nothing(app, client, auth, which):
    save = _world(app)[which]
    auth.login(save.login)
    body = _body(_fields(client, save))
    before = database_rows(app)
    for where, cut in _cuts(body, save.change).items():
        # The client says how much it sent: the marker is missing.
        _refused(_post(client, save.action, body[:cut]))
        # The client said more than came: the connection dropped (under a server that ends the input
        # itself, as gunicorn does, and under one that leaves the count to the application).
        _refused(_post(client, save.action, body[:cut], length=len(body)))
        _refused(_post(client, save.action, body[:cut], length=len(body), server_ends_input=True))
        assert database_rows(app) == before, where
    # The same body, whole, saves: the refusals above were of a post that would have changed things.
    response = _post(client, save.action, body)
    assert response.status_code == 303, _main(response)
    assert database_rows(app) != before


@pytest.mark.parametrize("which", [name for name in SAVES if name != "person's roles"])
def test_a_post_that_leaves_out_a_field_the_page_always_sends_is_refused(app, client, auth, which):
    save = _world(app)[which]
    auth.login(save.login)
    fields = _fields(client, save)
    fields.poplist(save.always_sent)
    before = database_rows(app)
    _refused(_post(client, save.action, _body(fields)))
    assert database_rows(app) == before


@pytest.mark.parametrize("which", SAVES)
def test_a_post_without_the_end_marker_is_refused(app, client, auth, which):
    save = _world(app)[which]
    auth.login(save.login)
    fields = _fields(client, save)
    fields.poplist(FORM_END)
    before = database_rows(app)
    _refused(_post(client, save.action, _body(fields)))
    assert database_rows(app) == before


BAD_BYTES = {
    "a raw byte in a value": lambda body, change: body.replace(
        urlencode({change[0]: change[1]}).encode(), urlencode({change[0]: change[1]}).encode() + b"\xff"),
    "a percent-encoded byte in a value": lambda body, change: body.replace(
        urlencode({change[0]: change[1]}).encode(), urlencode({change[0]: change[1]}).encode() + b"%C3%28"),
    "a raw byte in a name": lambda body, change: body.replace(f"&{FORM_END}=".encode(), b"&n\xe9=1&" + FORM_END.encode() + b"="),
    "a percent-encoded byte in a name": lambda body, change: body.replace(
        f"&{FORM_END}=".encode(), b"&n%E9=1&" + FORM_END.encode() + b"="),
}


@pytest.mark.parametrize("which", SAVES)
def test_bytes_that_are_not_utf8_are_refused(app, client, auth, which):
    save = _world(app)[which]
    auth.login(save.login)
    body = _body(_fields(client, save))
    before = database_rows(app)
    for how, spoil in BAD_BYTES.items():
        spoiled = spoil(body, save.change)
        assert spoiled != body, how
        response = _post(client, save.action, spoiled)
        assert response.status_code == 400, how
        assert "could not be read as text" in response.get_data(as_text=True), how
        assert database_rows(app) == before, how


def _multipart(fields, file: tuple[str, bytes] | None) -> bytes:
    """The case study form as a browser encodes it: each field a part, the file among them, the marker last."""
    parts = []
    for name, value in fields.items(multi=True):
        if name == FORM_END and file is not None:
            parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachment"; filename="{file[0]}"\r\n'
                         f"Content-Type: application/pdf\r\n\r\n".encode() + file[1] + b"\r\n")
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                     + value.encode() + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


PDF = b"%PDF-1.7\n" + b"0" * 2000


@pytest.mark.parametrize("with_file", [False, True], ids=["without a file", "with a file"])
def test_a_multipart_body_cut_anywhere_is_refused_and_changes_nothing(app, client, auth, with_file):
    save = _world(app)["case study"]
    auth.login(save.login)
    body = _multipart(_fields(client, save), ("plan.pdf", PDF) if with_file else None)
    before = database_rows(app)
    cuts = [body.index(b"typed in full") + 3, body.index(f'name="{FORM_END}"'.encode()) - 40, len(body) - 5]
    if with_file:
        cuts.append(body.index(PDF) + len(PDF) // 2)
    for cut in cuts:
        _refused(_post(client, save.action, body[:cut], MULTIPART))
        _refused(_post(client, save.action, body[:cut], MULTIPART, length=len(body), server_ends_input=True))
        assert database_rows(app) == before, cut
    response = _post(client, save.action, body, MULTIPART)
    assert response.status_code == 303
    assert database_rows(app) != before


def test_a_multipart_body_with_bytes_that_are_not_utf8_is_refused(app, client, auth):
    save = _world(app)["case study"]
    auth.login(save.login)
    body = _multipart(_fields(client, save), ("plan.pdf", b"%PDF-1.7\n\xff\xfe binary is fine in a file"))
    before = database_rows(app)
    for spoiled in (body.replace(b"typed in full", b"typed \xe9 in full"),
                    body.replace(b'name="summary"', b'name="summ\xe9ry"')):
        response = _post(client, save.action, spoiled, MULTIPART)
        assert response.status_code == 400
        assert "could not be read as text" in response.get_data(as_text=True)
        assert database_rows(app) == before
    # A file's own bytes are not text: the same body, unspoiled, saves and stores the file.
    assert _post(client, save.action, body, MULTIPART).status_code == 303
    assert database_rows(app) != before


def test_a_body_over_the_limit_answers_413_and_changes_nothing(app, client, auth):
    save = _world(app)["call"]
    auth.login(save.login)
    app.config["MAX_CONTENT_LENGTH"] = 4096
    fields = _fields(client, save)
    fields["description"] = "x" * 5000
    before = database_rows(app)
    response = _post(client, save.action, _body(fields))
    assert response.status_code == 413
    assert database_rows(app) == before


def test_a_one_criterion_save_cut_short_is_refused_and_changes_nothing(app, client, auth):
    """An htmx save carries no end marker (it sends a part of the form): its byte count tells."""
    with app.app_context():
        call = make_call()
        reviewer = make_user("reviewer", email="rev@example.org", economy_code="CT")
        assignment = assign(make_case_study(call, make_user("applicant"), status="submitted"), reviewer)
        criterion = db.session.execute(select(Criterion).where(Criterion.call_id == call.id)).scalars().first()
        db.session.commit()
        path, names = f"/reviews/{assignment.id}/criteria/{criterion.id}", (f"criterion_{criterion.id}",
                                                                            f"comment_{criterion.id}")
    auth.login("rev@example.org")
    body = urlencode({names[0]: "3", names[1]: "A comment typed in full"}).encode()
    headers = {"HX-Request": "true", "X-CSRFToken": client.csrf_token()}
    before = database_rows(app)
    cut = body.index(b"typed")
    for server_ends_input in ({}, {"wsgi.input_terminated": True}):
        response = client.post(path, data=body[:cut], content_type=URLENCODED, headers=headers,
                               environ_overrides={"CONTENT_LENGTH": str(len(body)), **server_ends_input})
        assert response.status_code == 400
        assert "nothing was saved" in response.get_data(as_text=True).lower()
        assert database_rows(app) == before
    response = client.post(path, data=body, content_type=URLENCODED, headers=headers)
    assert response.status_code == 200
    assert any("A comment typed in full" in row for row in database_rows(app)["score"])


def test_every_form_the_pages_post_ends_with_the_marker():
    """A browser sends fields in page order: the marker proves the body whole only if nothing follows it."""
    templates = Path(__file__).resolve().parent.parent / "templates"
    forms = 0
    for template in templates.rglob("*.html"):
        text = template.read_text()
        for start in re.finditer(r"<form\b[^>]*>", text):
            if 'method="post"' not in start.group(0):
                continue
            forms += 1
            inside = text[start.end():text.index("</form>", start.end())]
            assert inside.rstrip().endswith("{{ form_end() }}"), f"{template.name}: {start.group(0)[:80]}"
    assert forms >= 40
