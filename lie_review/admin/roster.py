"""Reading a CSV of people to invite and checking each row: against the rest of the file, and against who has
an account or an invitation already.

Pure functions over bytes and plain values: the caller looks up economies, members and open
invitations, and passes them in.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import ngettext

from ..auth.models import ROLE_VALUES
from ..forms import strip_control
from ..templating import number

COLUMNS = ("email", "name", "role", "economy", "organisation")
NAME_MAX, ORGANISATION_MAX, EMAIL_MAX = 120, 200, 254

NEW, MEMBER, INVITED, ERROR = "new", "member", "invited", "error"


class RosterError(ValueError):
    """The file as a whole cannot be read (encoding, layout, size); the message says why."""


@dataclass
class RosterRow:
    line: int  # the spreadsheet row number, the header being row 1
    email: str
    name: str
    role: str
    economy_id: int | None
    economy_label: str
    organisation: str
    errors: list[str] = field(default_factory=list)
    status: str = ""


def economy_lookup(economies: Iterable[tuple[int, str, str]]) -> dict[str, int]:
    """Map an economy's abbreviation and name (lower case, with or without a leading 'The') to its id."""
    lookup: dict[str, int] = {}
    for economy_id, code, name in economies:
        for key in (code, name, name.removeprefix("The ")):
            lookup[key.strip().casefold()] = economy_id
    return lookup


def parse_roster(data: bytes, *, economies: Mapping[str, int], max_rows: int) -> list[RosterRow]:
    """Every non-empty row of the file, checked on its own and against the rows above it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError(_("The file is not UTF-8 text. In your spreadsheet program, save it as "
                            "“CSV UTF-8” and upload it again.")) from None
    text = strip_control(text)  # no name needs one, and PostgreSQL refuses NUL
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else (
        "\t" if "\t" in first_line and "," not in first_line else ",")
    try:
        records = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
                   if any(cell.strip() for cell in r)]
    except csv.Error as error:
        raise RosterError(_("The file could not be read as CSV (%(reason)s).", reason=str(error))) from None
    if not records:
        raise RosterError(_("The file is empty."))
    positions, records = _columns(records)
    if not records:
        raise RosterError(_("The file names its columns but has nobody in it."))
    if len(records) > max_rows:
        raise RosterError(ngettext("The file has %(count)s person; at most %(max)s can be invited at once. "
                                   "Split it into smaller files.",
                                   "The file has %(count)s people; at most %(max)s can be invited at once. "
                                   "Split it into smaller files.", len(records), count=number(len(records)),
                                   max=number(max_rows)))
    first_line_number = 2 if positions is not None else 1
    rows = [_row(i + first_line_number, record, positions or _DEFAULT_POSITIONS, economies)
            for i, record in enumerate(records)]
    _mark_duplicates(rows)
    return rows


_DEFAULT_POSITIONS = {name: i for i, name in enumerate(COLUMNS)}


def _columns(records: list[list[str]]) -> tuple[dict[str, int] | None, list[list[str]]]:
    """The column positions named by a header row (and the rows after it), or None without a header."""
    header = [cell.strip().casefold() for cell in records[0]]
    if "email" not in header:
        return None, records
    missing = [name for name in ("email", "name", "role") if name not in header]
    if missing:
        raise RosterError(_("The first row names the columns, but %(missing)s is missing. "
                            "Expected: %(columns)s.", missing=", ".join(missing), columns=",".join(COLUMNS)))
    return {name: header.index(name) for name in COLUMNS if name in header}, records[1:]


# Most addresses are plain: a dot-atom of ASCII letters, digits, _ + and - before the @, an ASCII domain
# after it. Such an address is valid exactly when its domain is, and a file's addresses share a few domains,
# so each domain is checked once rather than on every row: email_validator's domain check was four fifths
# of the time it took to read a file of 20,000 people. Any other address gets the whole check.
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*\Z")
LOCAL_MAX = 64


def is_email(address: str) -> bool:
    """Whether email_validator takes `address` (its syntax only, no DNS) and it fits EMAIL_MAX."""
    if len(address) > EMAIL_MAX:
        return False
    local, at, domain = address.rpartition("@")
    if at and len(local) <= LOCAL_MAX and domain.isascii() and _PLAIN_LOCAL.match(local):
        return _domain_is_valid(domain.lower())
    return _accepted(address)


@lru_cache(maxsize=1024)
def _domain_is_valid(domain: str) -> bool:
    return _accepted("a@" + domain)


def _accepted(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _row(line: int, record: list[str], positions: Mapping[str, int], economies: Mapping[str, int]) -> RosterRow:
    def cell(name: str) -> str:
        i = positions.get(name)
        return record[i].strip() if i is not None and i < len(record) else ""

    errors: list[str] = []
    email = cell("email")
    if not is_email(email):
        errors.append(_("“%(email)s” is not an email address.", email=email) if email
                      else _("The email address is missing."))
    name = cell("name")
    if not name:
        errors.append(_("The name is missing."))
    elif len(name) > NAME_MAX:
        errors.append(ngettext("The name is longer than %(num)d character.",
                               "The name is longer than %(num)d characters.", NAME_MAX))
    role = cell("role").casefold()
    if role not in ROLE_VALUES:
        errors.append(_("Unknown role “%(role)s”: use applicant, reviewer, editor or admin.", role=cell("role"))
                      if role else _("The role is missing."))
    label = cell("economy")
    economy_id = economies.get(label.casefold()) if label else None
    if label and economy_id is None:
        errors.append(_("Unknown economy “%(economy)s”: use its APEC abbreviation (e.g. THA) or name.",
                        economy=label))
    elif not label and role == "reviewer":
        errors.append(_("A reviewer belongs to an economy's panel: the economy is missing."))
    organisation = cell("organisation")
    if len(organisation) > ORGANISATION_MAX:
        errors.append(ngettext("The organisation is longer than %(num)d character.",
                               "The organisation is longer than %(num)d characters.", ORGANISATION_MAX))
    return RosterRow(line=line, email=email.lower(), name=name, role=role, economy_id=economy_id,
                     economy_label=label, organisation=organisation, errors=errors)


def _mark_duplicates(rows: list[RosterRow]) -> None:
    first_seen: dict[str, int] = {}
    for row in rows:
        if not row.email:
            continue
        if row.email in first_seen:
            row.errors.append(_("The same address is on row %(n)d.", n=first_seen[row.email]))
        else:
            first_seen[row.email] = row.line


def classify(rows: list[RosterRow], *, members: set[str], invited: set[str]) -> dict[str, int]:
    """Give each row one status (error, member, invited or new) and return how many have each."""
    counts = {NEW: 0, MEMBER: 0, INVITED: 0, ERROR: 0}
    for row in rows:
        row.status = (ERROR if row.errors else MEMBER if row.email in members
                      else INVITED if row.email in invited else NEW)
        counts[row.status] += 1
    return counts
