"""What an export file holds and how it is named: for the response that streams it and the job that keeps it."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from flask_babel import gettext as _
from sqlalchemy.engine import Connection

from ..case_studies.models import Call
from ..clock import in_zone, utcnow
from . import shortlist as lists
from .writers import CsvWriter, JsonWriter, XlsxWriter, csv_stream, json_stream, xlsx_stream

SHORTLIST_FORMATS = ("csv", "xlsx", "json")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


def file_name(call: Call, kind: str, extension: str) -> tuple[str, str]:
    """(ASCII name, Unicode name) of a download: what it is, the call and today's date in the call's zone."""
    day = in_zone(utcnow(), call.timezone).date().isoformat()
    words = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", call.title)).strip("-")[:80].strip("-")
    ascii_words = re.sub(r"[^A-Za-z0-9]+", "-", unicodedata.normalize("NFKD", words)
                         .encode("ascii", "ignore").decode()).strip("-")
    return (f"{kind}-{ascii_words or f'call-{call.id}'}-{day}.{extension}",
            f"{kind}-{words or f'call-{call.id}'}-{day}.{extension}")


def disposition(plain: str, full: str, how: str = "attachment") -> str:
    """A Content-Disposition naming the file in ASCII for old clients and in full (RFC 6266) for the rest."""
    return f"{how}; filename=\"{plain}\"; filename*=UTF-8''{quote(full, safe='')}"


@dataclass
class Sheet:
    """One table of a shortlist file: its name (XLSX only), columns and rows."""

    name: str
    columns: list[lists.Column]
    rows: Iterable[Sequence[Any]]


def shortlist_sheets(listing: lists.Shortlist, fmt: str, connection: Connection | None = None) -> list[Sheet]:
    """The shortlist; in XLSX, a second sheet with every review. Rows are read (on `connection`) only
    as they are iterated."""
    sheets = [Sheet(_("Shortlist"), lists.columns(listing), lists.rows(listing, connection))]
    if fmt == "xlsx":
        sheets.append(Sheet(_("Reviews"), lists.review_columns(listing), lists.review_rows(listing, connection)))
    return sheets


def shortlist_meta(call: Call, listing: lists.Shortlist) -> dict:
    """What a JSON shortlist says about itself."""
    return {"call": call.title, "call_id": call.id, "exported_at": utcnow(),
            "include_waitlist": listing.include_waitlist,
            "columns": [{"key": c.key, "label": c.label} for c in lists.columns(listing)]}


def shortlist_stream(listing: lists.Shortlist, fmt: str, meta: dict) -> Iterator[bytes]:
    """The file's bytes, produced while a response streams them."""
    sheets = shortlist_sheets(listing, fmt)
    if fmt == "csv":
        return csv_stream([c.label for c in sheets[0].columns], sheets[0].rows)
    if fmt == "json":
        return json_stream(meta, [c.key for c in sheets[0].columns], sheets[0].rows)
    return xlsx_stream([(s.name, [c.label for c in s.columns], s.rows, [c.width for c in s.columns])
                        for s in sheets])


class ShortlistFile:
    """A shortlist file written a batch of rows at a time to a temporary file, read whole at the end:
    what a job keeps. Sheets are written one after the other (CSV and JSON have one)."""

    def __init__(self, fmt: str, meta: dict):
        self.fmt, self.meta = fmt, meta
        self._handle = tempfile.TemporaryFile()
        self._table = XlsxWriter(self._handle) if fmt == "xlsx" else None

    def sheet(self, sheet: Sheet) -> None:
        if self.fmt == "xlsx":
            self._table.sheet(sheet.name, [c.label for c in sheet.columns], [c.width for c in sheet.columns])
            return
        self._table = (CsvWriter([c.label for c in sheet.columns]) if self.fmt == "csv"
                       else JsonWriter(self.meta, [c.key for c in sheet.columns]))
        self._handle.write(self._table.begin())

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        written = self._table.write(rows)
        if written:
            self._handle.write(written)

    def size(self) -> int:
        """Bytes written so far (an XLSX's are known only once it is finished)."""
        return self._handle.tell()

    def finish(self) -> bytes:
        if self.fmt == "xlsx":
            self._table.close()
        else:
            self._handle.write(self._table.end())
        self._handle.seek(0)
        try:
            return self._handle.read()
        finally:
            self._handle.close()

    def discard(self) -> None:
        self._handle.close()
