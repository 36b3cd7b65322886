"""The 21 APEC member economies and the four Local Innovation Ecosystem Fora, seeded by init-db."""

from __future__ import annotations

from sqlalchemy import select

from .auth.models import Economy
from .case_studies.models import Forum
from .extensions import db

# APEC names and abbreviations; the co-hosts of the initiative are marked.
ECONOMIES = [
    ("AUS", "Australia", False),
    ("BD", "Brunei Darussalam", False),
    ("CDA", "Canada", False),
    ("CHL", "Chile", False),
    ("PRC", "People's Republic of China", False),
    ("HKC", "Hong Kong, China", False),
    ("INA", "Indonesia", False),
    ("JPN", "Japan", False),
    ("ROK", "Republic of Korea", False),
    ("MAS", "Malaysia", False),
    ("MEX", "Mexico", False),
    ("NZ", "New Zealand", False),
    ("PNG", "Papua New Guinea", False),
    ("PE", "Peru", False),
    ("PHL", "The Philippines", True),
    ("RUS", "Russia", True),
    ("SGP", "Singapore", False),
    ("CT", "Chinese Taipei", True),
    ("THA", "Thailand", True),
    ("USA", "United States", False),
    ("VN", "Viet Nam", False),
]

COHOSTS = ("CT", "RUS", "THA", "PHL")

# One forum in Taipei and one in each other co-hosting economy.
FORA = [
    ("Local Innovation Ecosystem Forum, Taipei", "CT", "Taipei"),
    ("Local Innovation Ecosystem Forum, Moscow", "RUS", "Moscow"),
    ("Local Innovation Ecosystem Forum, Bangkok", "THA", "Bangkok"),
    ("Local Innovation Ecosystem Forum, Manila", "PHL", "Manila"),
]


def seed_reference_data() -> int:
    """Insert whatever economies and fora are missing; return how many rows were added."""
    added = 0
    existing = {e.code: e for e in db.session.execute(select(Economy)).scalars()}
    for code, name, cohost in ECONOMIES:
        if code not in existing:
            existing[code] = Economy(code=code, name=name, is_cohost=cohost)
            db.session.add(existing[code])
            added += 1
    db.session.flush()
    fora = set(db.session.execute(select(Forum.name)).scalars())
    for name, code, city in FORA:
        if name not in fora:
            db.session.add(Forum(name=name, host_economy_id=existing[code].id, city=city))
            added += 1
    db.session.flush()
    return added


def economy_by_code(code: str) -> Economy:
    return db.session.execute(select(Economy).where(Economy.code == code)).scalar_one()
