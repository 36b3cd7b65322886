"""The scale-out bench's people: who is seeded, what each one does under load, and whether the saves
they were told had been saved are in the database."""

from __future__ import annotations

import random
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import create_engine, select
from werkzeug.security import generate_password_hash

from lie_review.auth.models import Economy, User
from lie_review.case_studies.models import CaseStudy
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reference_data import COHOSTS
from lie_review.reviews.audience import EDITORS_ONLY
from lie_review.reviews.models import Assignment, Criterion, Score

from . import client, served
from .dashboard import PASSWORD, build

REVIEWERS, EDITORS, ASSIGNMENTS_EACH = 64, 8, 4
SESSION_ACCOUNT, LIMITED_ACCOUNT = "session@bench.example.org", "limited@bench.example.org"
SAVE = "score save (htmx POST)"
VERSION_READ = re.compile(r'name="version_read" id="version-read" value="([^"]*)"')


@dataclass(frozen=True)
class Cell:
    assignment_id: int
    criterion_id: int
    low: int
    high: int


@dataclass
class Seeded:
    call_id: int
    reviewers: dict[str, list[Cell]]  # email: the cells of its assignments
    editors: list[str]
    dashboards: list[tuple[str, dict]]  # path and headers


def seed(rng: random.Random, *, case_studies: int, reviewers: int = REVIEWERS, editors: int = EDITORS) -> Seeded:
    """The bench call, plus reviewers with assignments, editors and the two accounts of the checks."""
    call_id = build(rng, case_studies)
    economies = dict(db.session.execute(select(Economy.code, Economy.id)).all())
    criteria = db.session.execute(select(Criterion).where(Criterion.call_id == call_id, Criterion.active)
                                  .order_by(Criterion.position, Criterion.id)).scalars().all()
    studies = db.session.execute(select(CaseStudy.id).where(CaseStudy.call_id == call_id)
                                 .order_by(CaseStudy.id)).scalars().all()
    scorers = {}
    for n in range(reviewers):
        user = _account(f"scorer{n}@bench.example.org", "reviewer", economies[COHOSTS[n % len(COHOSTS)]])
        scorers[user.email] = [Assignment(case_study_id=studies[(n * ASSIGNMENTS_EACH + k) % len(studies)],
                                          reviewer=user, status="active", notified_at=utcnow())
                               for k in range(min(ASSIGNMENTS_EACH, len(studies)))]
        db.session.add_all(scorers[user.email])
    readers = [_account(f"editor{n}@bench.example.org", "editor").email for n in range(editors)]
    _account(SESSION_ACCOUNT, "reviewer", economies["THA"])
    _account(LIMITED_ACCOUNT, "reviewer", economies["THA"])
    db.session.commit()
    cells = {email: [Cell(a.id, c.id, c.scale_min, c.scale_max) for a in mine for c in criteria]
             for email, mine in scorers.items()}
    base, last = f"/editor/calls/{call_id}", max(1, -(-case_studies // 50))  # 50 rows a page
    dashboards = [(base, {}), (f"{base}?sort=calibrated", {}), (f"{base}?page={last}", {}),
                  (f"{base}?economy={economies['THA']}&sector=tourism&sort=mean&order=asc", {"HX-Request": "true"})]
    return Seeded(call_id, cells, readers, dashboards)


def _account(email: str, role: str, economy_id: int | None = None) -> User:
    user = User(email=email, name=email.split("@")[0].title(), organisation="Bench agency", economy_id=economy_id,
                email_confirmed_at=utcnow(),
                password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
    user.set_roles([role])
    db.session.add(user)
    return user


@dataclass
class Scorer:
    """A reviewer's plan: save a level on one of its own cells, picked at random, unlike the last one sent."""

    cells: list[Cell]
    version_read: str
    rng: random.Random
    sent: dict = field(default_factory=dict)

    def __call__(self, user: client.User) -> client.Request:
        cell = self.rng.choice(self.cells)
        key = (cell.assignment_id, cell.criterion_id)
        value = self.rng.choice([v for v in range(cell.low, cell.high + 1) if v != self.sent.get(key)])
        self.sent[key] = value
        c = cell.criterion_id  # the fields the scoring page's fieldset sends (hx-params)
        form = {f"criterion_{c}": value, f"comment_{c}": "", f"audience_{c}": EDITORS_ONLY,
                "version_read": self.version_read}
        return client.Request(SAVE, f"/reviews/{cell.assignment_id}/criteria/{c}", form,
                              {"HX-Request": "true"}, cell=key, value=value)


@dataclass
class Reader:
    """An editor's plan: the dashboard views in turn, from its own starting one."""

    views: list[tuple[str, dict]]
    first: int

    def __call__(self, user: client.User) -> client.Request:
        path, headers = self.views[(self.first + user.step) % len(self.views)]
        return client.Request("dashboard", path, headers=headers)


def users_of(hosts: list[str], seeded: Seeded, seed_value: int = 2027) -> list[client.User]:
    """Reviewers then editors, user n on host n mod len(hosts), logged in on the next host (the other one)."""
    people = [(email, cells) for email, cells in seeded.reviewers.items()] + [(e, None) for e in seeded.editors]

    def one(n: int) -> client.User:
        email, cells = people[n]
        host, login_host = hosts[n % len(hosts)], hosts[(n + 1) % len(hosts)]
        if cells is None:
            browser = served.log_in(login_host, email, PASSWORD)
            plan = Reader(seeded.dashboards, n)
        else:
            browser = served.log_in(login_host, email, PASSWORD, token_page=f"/reviews/{cells[0].assignment_id}")
            _status, page = served.Browser(host, browser.cookie, "").get(f"/reviews/{cells[0].assignment_id}")
            plan = Scorer(cells, VERSION_READ.search(page).group(1), random.Random(seed_value + n))
        cookies = dict(part.split("=", 1) for part in browser.cookie.split("; "))
        return client.User(host, cookies, browser.csrf_token, plan)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, range(len(people))))


def stored_levels(database_uri: str, cells: list[tuple[int, int]]) -> dict[tuple[int, int], int | None]:
    """The level the database holds for each of `cells` that has a Score row."""
    engine = create_engine(database_uri)
    assignments = sorted({assignment for assignment, _criterion in cells})
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(Score.assignment_id, Score.criterion_id, Score.value)
                                      .where(Score.assignment_id.in_(assignments))).all()
    finally:
        engine.dispose()
    return {(a, c): value for a, c, value in rows}


def lost_saves(acknowledged: dict, stored: dict) -> list[tuple[tuple[int, int], int, int | None]]:
    """Each cell whose stored level is not the last one acknowledged: (cell, acknowledged, stored or None)."""
    return [(cell, value, stored.get(cell)) for cell, value in sorted(acknowledged.items())
            if stored.get(cell) != value]


