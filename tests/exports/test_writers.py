"""The export writers: CSV that spreadsheets open safely, JSON, and XLSX, all streamed."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
from hypothesis import given, strategies as st

from lie_review.exports.writers import csv_stream, json_stream, neutralise, xlsx_stream

HOSTILE = '=HYPERLINK("http://x","y")'


def test_csv_starts_with_a_bom_and_quotes_per_rfc_4180():
    data = b"".join(csv_stream(["title", "score"], [['Tea, "mountain"\nfarms', 81.256], ["Ok", None]]))
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["title", "score"], ['Tea, "mountain"\nfarms', "81.26"], ["Ok", ""]]


def test_csv_neutralises_every_formula_prefix():
    cells = [HOSTILE, "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "a=b"]
    data = b"".join(csv_stream(["c"], [[c] for c in cells])).decode("utf-8-sig")
    values = [row[0] for row in csv.reader(io.StringIO(data, newline=""))][1:]
    assert values == ["'" + HOSTILE, "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain", "a=b"]


def test_numbers_are_not_neutralised():
    assert neutralise(-3.5) == -3.5
    assert neutralise("-3.5") == "'-3.5"


def test_json_stream_is_valid_json_with_rows_as_objects():
    data = b"".join(json_stream({"call": "C"}, ["title", "score"], ([f"t{i}", i] for i in range(1201))))
    parsed = json.loads(data)
    assert parsed["meta"] == {"call": "C"}
    assert parsed["columns"] == ["title", "score"]
    assert len(parsed["rows"]) == 1201
    assert parsed["rows"][1200] == {"title": "t1200", "score": 1200}


def test_json_stream_of_no_rows_is_valid():
    assert json.loads(b"".join(json_stream({}, ["a"], [])))["rows"] == []


def test_xlsx_writes_strings_as_text_never_formulas():
    data = b"".join(xlsx_stream([("Shortlist", ["title", "score"], [[HOSTILE, 70.5], ["x", None]], [40, 10])]))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Shortlist"]
    assert sheet["A2"].value == HOSTILE
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 70.5
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width > 39


@given(st.lists(st.text(max_size=30), max_size=20))
def test_csv_round_trips_any_text_once_neutralised(cells):
    data = b"".join(csv_stream(["c"], [[c] for c in cells])).decode("utf-8-sig")
    values = [row[0] for row in csv.reader(io.StringIO(data, newline=""))][1:]
    assert values == [neutralise(c) for c in cells]
