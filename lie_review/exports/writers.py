"""Streaming writers for tabular exports: CSV (UTF-8 with BOM, RFC 4180), JSON, and XLSX."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

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


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """CSV for spreadsheet programs: a BOM, CRLF line ends, quoting as RFC 4180, formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in header])
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else neutralise(_plain(v)) for v in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def json_stream(meta: dict[str, Any], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """{"meta": ..., "rows": [{column: value}, ...]} written a chunk of rows at a time."""
    opening = json.dumps({"meta": meta, "columns": list(header)}, ensure_ascii=False, default=_plain)
    yield (opening[:-1] + ', "rows": [').encode("utf-8")
    parts: list[str] = []
    for count, row in enumerate(rows):
        item = json.dumps(dict(zip(header, (_plain(v) for v in row))), ensure_ascii=False, default=_plain)
        parts.append(item if count == 0 else "," + item)
        if len(parts) >= CHUNK_ROWS:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("]}")
    yield "".join(parts).encode("utf-8")


def xlsx_stream(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]], Sequence[int]]]) -> Iterator[bytes]:
    """An XLSX workbook written in constant-memory mode to a temporary file, then streamed from it.

    Each sheet is (name, header, rows, column widths). Strings are always written as strings,
    never as formulas; the header row is frozen.
    """
    with tempfile.TemporaryFile() as handle:
        workbook = xlsxwriter.Workbook(handle, {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "in_memory": False,
        })
        bold = workbook.add_format({"bold": True})
        for name, header, rows, widths in sheets:
            sheet = workbook.add_worksheet(name)
            sheet.freeze_panes(1, 0)
            for column, width in enumerate(widths):
                sheet.set_column(column, column, width)
            for column, title in enumerate(header):
                sheet.write_string(0, column, title, bold)
            for index, row in enumerate(rows, start=1):
                for column, value in enumerate(row):
                    _write_cell(sheet, index, column, _plain(value))
        workbook.close()
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
