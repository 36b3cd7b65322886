"""The 21 APEC member economies and the four Local Innovation Ecosystem Fora, seeded by init-db."""

from __future__ import annotations

from sqlalchemy import select

from .auth.models import Economy
from .case_studies.models import Forum
from .extensions import db
from .i18n import N_
from .reference_versions import ensure_row, fora_changed

# APEC names and abbreviations; the co-hosts of the initiative are marked.
ECONOMIES = [
    ("AUS", N_("Australia"), False),
    ("BD", N_("Brunei Darussalam"), False),
    ("CDA", N_("Canada"), False),
    ("CHL", N_("Chile"), False),
    ("PRC", N_("People's Republic of China"), False),
    ("HKC", N_("Hong Kong, China"), False),
    ("INA", N_("Indonesia"), False),
    ("JPN", N_("Japan"), False),
    ("ROK", N_("Republic of Korea"), False),
    ("MAS", N_("Malaysia"), False),
    ("MEX", N_("Mexico"), False),
    ("NZ", N_("New Zealand"), False),
    ("PNG", N_("Papua New Guinea"), False),
    ("PE", N_("Peru"), False),
    ("PHL", N_("The Philippines"), True),
    ("RUS", N_("Russia"), True),
    ("SGP", N_("Singapore"), False),
    ("CT", N_("Chinese Taipei"), True),
    ("THA", N_("Thailand"), True),
    ("USA", N_("United States"), False),
    ("VN", N_("Viet Nam"), False),
]

COHOSTS = ("CT", "RUS", "THA", "PHL")

# One forum in Taipei and one in each other co-hosting economy.
FORA = [
    (N_("Local Innovation Ecosystem Forum, Taipei"), "CT", N_("Taipei")),
    (N_("Local Innovation Ecosystem Forum, Moscow"), "RUS", N_("Moscow")),
    (N_("Local Innovation Ecosystem Forum, Bangkok"), "THA", N_("Bangkok")),
    (N_("Local Innovation Ecosystem Forum, Manila"), "PHL", N_("Manila")),
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
    # A forum is found by its host economy: editors may rename it (and translate its name).
    hosts = set(db.session.execute(select(Forum.host_economy_id)).scalars())
    ensure_row()
    missing = [(name, code, city) for name, code, city in FORA if existing[code].id not in hosts]
    for name, code, city in missing:
        db.session.add(Forum(name=name, host_economy_id=existing[code].id, city=city))
    if missing:
        fora_changed()  # a process that kept the fora reads them again
    db.session.flush()
    return added + len(missing)


def economy_by_code(code: str) -> Economy:
    return db.session.execute(select(Economy).where(Economy.code == code)).scalar_one()
