"""Reading a CSV of people to invite: encodings, line endings, bad rows, duplicates, size, addresses."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from email_validator import EmailNotValidError, validate_email

from lie_review.admin.roster import (
    EMAIL_MAX, ERROR, INVITED, MEMBER, NEW, RosterError, classify, economy_lookup, is_email, parse_roster,
)

ECONOMIES = economy_lookup([(1, "THA", "Thailand"), (2, "PHL", "The Philippines"), (3, "CT", "Chinese Taipei"),
                            (4, "HKC", "Hong Kong, China")])
HEADER = "email,name,role,economy,organisation"


def parse(text: str | bytes, max_rows: int = 1000):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_roster(data, economies=ECONOMIES, max_rows=max_rows)


def test_roster_reads_the_documented_columns():
    [row] = parse(HEADER + "\nMaria@Example.org , Maria Santos ,Reviewer,PHL,DTI\n")
    assert (row.line, row.email, row.name, row.role, row.economy_id, row.organisation, row.errors) == (
        2, "maria@example.org", "Maria Santos", "reviewer", 2, "DTI", [])


def test_roster_with_a_utf8_bom_and_windows_line_endings():
    data = ("\ufeff" + HEADER + "\r\nchen@example.org,陳 威林,reviewer,Chinese Taipei,中小企業處\r\n"
            "somchai@example.org,Somchai,editor,,\r\n").encode("utf-8")
    rows = parse(data)
    assert [(r.email, r.name, r.economy_id, r.errors) for r in rows] == [
        ("chen@example.org", "陳 威林", 3, []), ("somchai@example.org", "Somchai", None, [])]


def test_roster_economy_by_abbreviation_or_name_in_any_case():
    rows = parse(HEADER + "\na@x.org,A,editor,tha,\nb@x.org,B,editor,philippines,\n"
                          'c@x.org,C,editor,"Hong Kong, China",\nd@x.org,D,editor,Atlantis,\n')
    assert [r.economy_id for r in rows] == [1, 2, 4, None]
    assert rows[3].errors == ["Unknown economy “Atlantis”: use its APEC abbreviation (e.g. THA) or name."]


def test_roster_formula_looking_names_are_kept_as_plain_text():
    rows = parse(HEADER + '\nx@x.org,"=HYPERLINK(""http://evil.example"",""click"")",editor,,"+1-2"\n'
                          "y@x.org,@SUM(A1:A9),editor,,-3\n")
    assert rows[0].name == '=HYPERLINK("http://evil.example","click")'
    assert rows[0].organisation == "+1-2"
    assert rows[1].name == "@SUM(A1:A9)"
    assert all(r.errors == [] for r in rows)


def test_roster_explains_each_bad_row():
    rows = parse(HEADER + "\nnot-an-email,A,editor,,\nb@x.org,,editor,,\nc@x.org,C,boss,,\n"
                          "d@x.org,D,reviewer,,\nB@X.org,B again,editor,,\n")
    assert [r.errors for r in rows] == [
        ["“not-an-email” is not an email address."],
        ["The name is missing."],
        ["Unknown role “boss”: use applicant, reviewer, editor or admin."],
        ["A reviewer belongs to an economy's panel: the economy is missing."],
        ["The same address is on row 3."],
    ]


def test_roster_without_a_header_uses_the_documented_order():
    [row] = parse("a@x.org,A,admin,THA,Org\n")
    assert (row.line, row.role, row.economy_id) == (1, "admin", 1)


def test_roster_with_columns_in_another_order_and_semicolons():
    [row] = parse("Name;Role;Email\nA;editor;a@x.org\n")
    assert (row.email, row.name, row.role, row.errors) == ("a@x.org", "A", "editor", [])


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    (b"\r\n\r\n", "The file is empty."),
    ((HEADER + "\n").encode(), "The file names its columns but has nobody in it."),
    (b"email,organisation\na@x.org,X\n", "but name, role is missing"),
    ("email,name,role\nä@x.org,Ä,editor\n".encode("latin-1"), "The file is not UTF-8 text"),
])
def test_roster_refuses_a_file_it_cannot_use_with_a_reason(data, message):
    with pytest.raises(RosterError, match=message):
        parse(data)


def test_roster_over_the_limit_is_refused_with_the_numbers():
    data = HEADER + "\n" + "".join(f"p{i}@x.org,P {i},editor,THA,\n" for i in range(10_000))
    with pytest.raises(RosterError, match="The file has 10,000 people; at most 1,000 can be invited at once"):
        parse(data, max_rows=1000)


def test_roster_drops_nul_characters():
    [row] = parse(HEADER + "\na@x.org,A\x00B,editor,,\n")
    assert row.name == "AB"


def test_classify_gives_each_row_one_status():
    rows = parse(HEADER + "\nnew@x.org,N,editor,,\nmember@x.org,M,editor,,\ninvited@x.org,I,editor,,\n"
                          "bad,B,editor,,\n")
    counts = classify(rows, members={"member@x.org"}, invited={"invited@x.org"})
    assert [r.status for r in rows] == [NEW, MEMBER, INVITED, ERROR]
    assert counts == {NEW: 1, MEMBER: 1, INVITED: 1, ERROR: 1}


def accepted_by_email_validator(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return len(address) <= EMAIL_MAX


@pytest.mark.parametrize("address", [
    "a@example.org", "first.last+tag@sub.example.org", "x_y-z@example.co", "a..b@example.org", ".a@example.org",
    "a.@example.org", "a@example", "a@-example.org", "a@example.org.", "a@localhost", "a@example.test",
    "a@[127.0.0.1]", '"a b"@example.org', "a@b@example.org", "Name <a@example.org>", "ü@example.org",
    "a@exämple.org", "a@xn--exmple-cua.org", "a@123.456", f"{'a' * 64}@example.org", f"{'a' * 65}@example.org",
    f"a@{'b' * 63}.org", f"a@{'b' * 64}.org", f"a@{'b' * 60}.{'c' * 60}.{'d' * 60}.{'e' * 60}.org", "", "@", "a@",
])
def test_is_email_agrees_with_email_validator(address):
    assert is_email(address) == accepted_by_email_validator(address)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("aZ09._+-@\"[] üé\\xn-"), max_size=30), st.sampled_from(
    ["example.org", "EXAMPLE.ORG", "b.c", "localhost", "x.test", "1.2", "exämple.org", "a-.org", ""]))
def test_is_email_agrees_with_email_validator_on_any_address(local, domain):
    address = f"{local}@{domain}" if domain else local
    assert is_email(address) == accepted_by_email_validator(address)


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)
people = st.lists(st.tuples(st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.org", fullmatch=True), names,
                            st.sampled_from(["applicant", "editor", "admin"]), st.sampled_from(["", "THA", "Thailand"])),
                  min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(people, st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_roster_round_trips_what_a_spreadsheet_writes(rows, newline, bom):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(HEADER.split(","))
    writer.writerows([email, name, role, economy, "Org"] for email, name, role, economy in rows)
    data = (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")
    parsed = parse(data)
    assert [(r.email, r.name, r.role) for r in parsed] == [(e, n.strip(), ro) for e, n, ro, _ in rows]
    duplicates = [r for r in parsed if any("same address" in e for e in r.errors)]
    assert len(duplicates) == len(rows) - len({e for e, *_ in rows})


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_roster_never_crashes_on_arbitrary_bytes(data):
    try:
        rows = parse(data)
    except RosterError:
        return
    counts = classify(rows, members=set(), invited=set())
    assert sum(counts.values()) == len(rows)
