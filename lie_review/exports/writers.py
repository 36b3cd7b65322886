"""Writers for tabular exports: CSV (UTF-8 with BOM, RFC 4180), JSON, and XLSX, a batch of rows at a time.

Each format is a writer that takes rows in batches, so the same code serves a response that streams
(`csv_stream`, `json_stream`, `xlsx_stream`) and a job that writes a file in steps, reporting each.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from typing import IO, Any

import xlsxwriter

# A spreadsheet reads a cell beginning with one of these as a formula (or a DDE command).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 500
FILE_CHUNK = 64 * 1024


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 2)
    return value


def batches(rows: Iterable[Sequence[Any]], size: int = CHUNK_ROWS) -> Iterator[list[Sequence[Any]]]:
    """The rows in lists of `size` (the last one shorter)."""
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


class CsvWriter:
    """CSV for spreadsheet programs: a BOM, CRLF line ends, quoting as RFC 4180, formulas neutralised."""

    def __init__(self, header: Sequence[str]):
        self.header = header
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def _taken(self) -> bytes:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text.encode("utf-8")

    def begin(self) -> bytes:
        self._writer.writerow([neutralise(h) for h in self.header])
        return "\ufeff".encode("utf-8") + self._taken()

    def write(self, rows: Iterable[Sequence[Any]]) -> bytes:
        for row in rows:
            self._writer.writerow(["" if v is None else neutralise(_plain(v)) for v in row])
        return self._taken()

    def end(self) -> bytes:
        return b""


class JsonWriter:
    """{"meta": ..., "columns": [...], "rows": [{column: value}, ...]}."""

    def __init__(self, meta: dict[str, Any], header: Sequence[str]):
        self.meta, self.header = meta, list(header)
        self._rows = 0

    def begin(self) -> bytes:
        opening = json.dumps({"meta": self.meta, "columns": self.header}, ensure_ascii=False, default=_plain)
        return (opening[:-1] + ', "rows": [').encode("utf-8")

    def write(self, rows: Iterable[Sequence[Any]]) -> bytes:
        parts = []
        for row in rows:
            item = json.dumps(dict(zip(self.header, (_plain(v) for v in row))), ensure_ascii=False, default=_plain)
            parts.append(item if self._rows == 0 else "," + item)
            self._rows += 1
        return "".join(parts).encode("utf-8")

    def end(self) -> bytes:
        return b"]}"


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """CSV (see CsvWriter) yielded a chunk of rows at a time."""
    return _stream(CsvWriter(header), rows)


def json_stream(meta: dict[str, Any], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """JSON (see JsonWriter) yielded a chunk of rows at a time."""
    return _stream(JsonWriter(meta, header), rows)


def _stream(writer: CsvWriter | JsonWriter, rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    yield writer.begin()
    for batch in batches(rows):
        yield writer.write(batch)
    if tail := writer.end():
        yield tail


class XlsxWriter:
    """An XLSX workbook written in constant-memory mode to `handle`: sheets one after the other, each
    (name, header, column widths) then its rows. Strings are always written as strings, never as
    formulas; the header row is frozen. `close()` finishes the file."""

    def __init__(self, handle: IO[bytes]):
        self._book = xlsxwriter.Workbook(handle, {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "in_memory": False,
        })
        self._bold = self._book.add_format({"bold": True})
        self._sheet = None
        self._row = 0

    def sheet(self, name: str, header: Sequence[str], widths: Sequence[int]) -> None:
        self._sheet = self._book.add_worksheet(name)
        self._sheet.freeze_panes(1, 0)
        for column, width in enumerate(widths):
            self._sheet.set_column(column, column, width)
        for column, title in enumerate(header):
            self._sheet.write_string(0, column, title, self._bold)
        self._row = 0

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self._row += 1
            for column, value in enumerate(row):
                _write_cell(self._sheet, self._row, column, _plain(value))

    def close(self) -> None:
        self._book.close()


def xlsx_stream(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]], Sequence[int]]]) -> Iterator[bytes]:
    """An XLSX workbook (see XlsxWriter) of (name, header, rows, column widths) sheets, written to a
    temporary file, then streamed from it."""
    with tempfile.TemporaryFile() as handle:
        book = XlsxWriter(handle)
        for name, header, rows, widths in sheets:
            book.sheet(name, header, widths)
            for batch in batches(rows):
                book.write(batch)
        book.close()
        handle.seek(0)
        while chunk := handle.read(FILE_CHUNK):
            yield chunk


def _write_cell(sheet, row: int, column: int, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, str(value))
