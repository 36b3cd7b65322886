"""Form bodies are read whole and exactly, or refused before any view sees them.

A urlencoded or multipart body that stops short of its Content-Length (the connection dropped, the
client went away under gunicorn), breaks off inside a multipart part, or carries bytes that are not
UTF-8 — raw, percent-encoded, in a value or in a name — answers 400. Werkzeug alone would read such
a body as an empty or shorter form (it parses silently, and replaces bad bytes), and a view would
then save the blanks.

What a byte count cannot tell — a body that ends early but says so in its own length, or a client
that leaves fields out — the forms tell: see `WholeForm` in `forms.py` and its end-of-form marker.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest, ClientDisconnected
from werkzeug.sansio.multipart import Data, Epilogue, Field, MultipartDecoder, NeedData

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


class UnreadableBody(BadRequest):
    """A body that cannot be read as what it claims to be; its description is shown to the user."""

    description = _l("What you sent could not be read, so nothing was saved. Please try again.")


class IncompleteBody(UnreadableBody):
    description = _l("What you sent arrived incomplete — the connection may have dropped — so nothing "
                     "was saved. Please check your connection and try again.")


class UndecodableBody(UnreadableBody):
    description = _l("What you sent contains characters that could not be read as text, so nothing was "
                     "saved. Please copy your text again from its source, or retype it, and save.")


class BodyCheckedRequest(Request):
    """Flask's request, reading form bodies strictly: whole, to the byte, in UTF-8."""

    def _load_form_data(self) -> None:
        if "form" in self.__dict__ or self.mimetype not in (URLENCODED, MULTIPART):
            return super()._load_form_data()
        try:
            body = self.get_data(cache=True)  # over MAX_CONTENT_LENGTH, this raises 413
        except ClientDisconnected:
            raise IncompleteBody() from None
        if self.content_length is not None and len(body) != self.content_length:
            raise IncompleteBody()  # a server that ends the input itself (gunicorn) hands over what came
        if self.mimetype == URLENCODED:
            check_urlencoded(body)
        else:
            check_multipart(body, self.mimetype_params.get("boundary", "").encode("latin-1", "replace"))
        try:
            super()._load_form_data()
        except ValueError:
            raise UnreadableBody() from None

    def make_form_data_parser(self):
        parser = super().make_form_data_parser()
        parser.silent = False  # a body the checks let through parses; should one not, it is not read as empty
        return parser


def check_urlencoded(body: bytes) -> None:
    """Every name and value decodes to UTF-8 text, before and after percent-decoding."""
    try:
        text = body.decode("utf-8")
        for pair in text.split("&"):
            for part in pair.split("=", 1):
                unquote_to_bytes(part.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        raise UndecodableBody() from None


def check_multipart(body: bytes, boundary: bytes) -> None:
    """The body runs to its closing boundary, and its part headers and text fields are UTF-8.
    (A file's bytes are the file's own business: the attachment checks judge them.)"""
    if not boundary:
        raise UnreadableBody()
    decoder = MultipartDecoder(boundary)
    decoder.receive_data(body)
    decoder.receive_data(None)
    field: list[bytes] | None = None
    try:
        while not isinstance(event := decoder.next_event(), Epilogue):
            if isinstance(event, NeedData):
                raise IncompleteBody()  # the body ended inside a part, or before the closing boundary
            if isinstance(event, Field):
                field = []
            elif isinstance(event, Data) and field is not None:
                field.append(event.data)
                if not event.more_data:
                    b"".join(field).decode("utf-8")
                    field = None
            elif not isinstance(event, Data):
                field = None  # a file
    except UnicodeDecodeError:
        raise UndecodableBody() from None
    except ValueError:  # headers the decoder cannot read, or a body that breaks off before a part ends
        raise IncompleteBody() from None
