"""Pages under gunicorn and wrk, at calls of 100, 1,000 and 10,000 case studies, as ratios to hello world.

Each round runs wrk against the hello-world route and then against every page, so each page's ratio
(its requests/s ÷ hello's) pairs it with a hello run of the same round, and what else the machine is
doing weighs on both; the report gives each round's ratio and their median. Query counts come from
the same app in process (the test client), counting the second request, after a warm-up.

Pages are served as in production, keeping rendered fragments (lie_review/fragments.py), so a page read
again between two score changes is mostly kept HTML; the pages marked "anew" come from a second server
that keeps none (FRAGMENTS_KEPT = 0), as every page is the first time after a change. Both servers share
the database and the secret key, so one login serves both.
"""

from __future__ import annotations

import math
import random
import secrets
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from lie_review.auth.models import Economy, User
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.reviews.models import Assignment, Criterion, Review

from . import load, served
from .dashboard import EDITOR, PASSWORD, build
from .harness import HELLO_PATH, bench_app, count_statements


@dataclass(frozen=True)
class Target:
    sqlite: float  # least requests/s ÷ hello on SQLite
    postgresql: float  # and on PostgreSQL
    queries: int  # most SQL statements per request


# The performance issue's targets, by kind of page; the dashboard's hold at any size, sort and page.
TARGETS = {
    "home": Target(0.30, 0.20, 2),
    "dashboard": Target(0.10, 0.07, 4),
    "case study": Target(0.15, 0.10, 5),
    "scoring": Target(0.15, 0.10, 5),
    "score save": Target(0.25, 0.15, 5),
}
# The dashboard at the largest size may be at most this many times slower than at the smallest.
DASHBOARD_SCALING = 1.5
SCORER = "reviewer@bench.example.org"
# A run lasts long enough for --min-requests answers (so a slow page is not judged on two or three), up to this.
MAX_SECONDS = 60


@dataclass(frozen=True)
class Page:
    label: str
    kind: str | None  # its key in TARGETS; None for hello world
    path: str
    who: str | None = None  # "editor" or "reviewer": whose session requests it
    headers: dict = field(default_factory=dict)
    forms: tuple = ()  # a POST: these bodies in turn
    fresh: bool = False  # served by the server that keeps no rendered fragments (FRAGMENTS_KEPT = 0)


@dataclass
class Measured:
    page: Page
    queries: int
    seconds: int = 0  # of each wrk run
    loads: list = field(default_factory=list)  # one load.Load per round
    ratios: list = field(default_factory=list)  # and its ratio to that round's hello

    @property
    def ratio(self) -> float | None:
        return statistics.median(self.ratios) if self.ratios else None


def add_scorer(call_id: int) -> tuple[int, Criterion]:
    """A reviewer of Thailand's panel who can log in, with a review of case study 1 to write."""
    thailand = db.session.execute(select(Economy.id).where(Economy.code == "THA")).scalar_one()
    scorer = User(email=SCORER, name="Bench Reviewer", organisation="Bench agency", economy_id=thailand,
                  email_confirmed_at=utcnow(),
                  password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
    scorer.set_roles(["reviewer"])
    # build() gives assignments explicit ids; the next one follows them on either database.
    next_id = db.session.execute(select(func.max(Assignment.id))).scalar_one() + 1
    assignment = Assignment(id=next_id, case_study_id=1, reviewer=scorer, status="active", notified_at=utcnow())
    db.session.add_all([scorer, assignment])
    db.session.commit()
    criterion = db.session.execute(select(Criterion).where(Criterion.call_id == call_id, Criterion.active)
                                   .order_by(Criterion.position, Criterion.id).limit(1)).scalar_one()
    return assignment.id, criterion


def pages_of(call_id: int, size: int, assignment_id: int, criterion: Criterion, thailand: int) -> list[Page]:
    dashboard = f"/editor/calls/{call_id}"
    last = max(1, -(-size // 50))  # the dashboard's default 50 rows a page
    field_name = f"criterion_{criterion.id}"
    return [
        Page("hello world", None, HELLO_PATH),
        Page("/home (editor)", "home", "/home", "editor"),
        Page("dashboard, page 1", "dashboard", dashboard, "editor"),
        Page(f"dashboard, page {last} (the last)", "dashboard", f"{dashboard}?page={last}", "editor"),
        Page("dashboard, by calibrated score", "dashboard", f"{dashboard}?sort=calibrated", "editor"),
        Page("dashboard, economy + sector, htmx rows", "dashboard",
             f"{dashboard}?economy={thailand}&sector=tourism&sort=mean&order=asc", "editor",
             {"HX-Request": "true"}),
        # As every page is the first time after a score changes: rendered, not kept.
        Page("dashboard, page 1, rendered anew", "dashboard", dashboard, "editor", fresh=True),
        Page(f"dashboard, page {last}, calibrated, anew", "dashboard", f"{dashboard}?page={last}&sort=calibrated",
             "editor", fresh=True),
        Page("case study page (editor)", "case study", "/editor/case-studies/1", "editor"),
        Page("scoring page (reviewer)", "scoring", f"/reviews/{assignment_id}", "reviewer"),
        Page("score save, htmx POST of one level", "score save",
             f"/reviews/{assignment_id}/criteria/{criterion.id}", "reviewer", {"HX-Request": "true"},
             ({field_name: str(criterion.scale_min)}, {field_name: str(criterion.scale_max)})),
    ]


def count_queries(app, pages: list[Page]) -> dict[str, int]:
    """Statements of each page's second request, in process (the first warms caches and creates rows)."""
    clients = {None: app.test_client(), "editor": app.test_client(), "reviewer": app.test_client()}
    for who, email in (("editor", EDITOR), ("reviewer", SCORER)):
        assert clients[who].post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
    counts, kept = {}, app.config["FRAGMENTS_KEPT"]
    for page in pages:
        client, forms = clients[page.who], page.forms or (None, None)
        app.config["FRAGMENTS_KEPT"] = 0 if page.fresh else kept
        app.extensions.pop("lie_review.fragments", None)
        count_statements(app, client, page.path, page.headers, forms[0])
        counts[page.label] = count_statements(app, client, page.path, page.headers, forms[-1])
    app.config["FRAGMENTS_KEPT"] = kept
    return counts


def request_headers(page: Page, browsers: dict) -> dict:
    if page.who is None:
        return dict(page.headers)
    browser = browsers[page.who]
    token = {"X-CSRFToken": browser.csrf_token} if page.forms else {}
    return {"Cookie": browser.cookie, **token, **page.headers}


def warm_up(bases: dict[bool, str], pages: list[Page], browsers: dict, workers: int) -> dict[str, float]:
    """Every worker answers every page before timing; return each page's rate (requests/s) meanwhile.

    Any answer but 200 stops the bench: wrk would count a redirect to the login page as a success.
    """
    def fetch(page: Page, n: int) -> None:
        cookie = browsers[page.who].cookie if page.who else ""
        form = page.forms[n % len(page.forms)] if page.forms else None
        status, _body = served.Browser(bases[page.fresh], cookie, "").send(
            page.path, headers=request_headers(page, browsers), form=form)
        if status != 200:
            raise RuntimeError(f"{page.label}: {page.path} answered {status} under gunicorn")

    rates = {}
    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        for page in pages:
            started = time.perf_counter()
            list(pool.map(lambda n, page=page: fetch(page, n), range(2 * workers)))
            rates[page.label] = 2 * workers / (time.perf_counter() - started)
    return rates


def run_seconds(rate: float, options) -> int:
    """At least --seconds, and long enough for --min-requests at the warm-up's rate (at most MAX_SECONDS)."""
    return max(options.seconds, min(MAX_SECONDS, math.ceil(options.min_requests / rate)))


def measure_rounds(bases: dict[bool, str], pages: list[Page], measured: dict, options, scripts: Path) -> None:
    """`bases`: the server keeping fragments (False) and the one rendering anew (True), sharing sessions."""
    base = bases[False]
    scoring_page = next(page.path for page in pages if page.kind == "scoring")
    browsers = {"editor": served.log_in(base, EDITOR, PASSWORD),
                "reviewer": served.log_in(base, SCORER, PASSWORD, token_page=scoring_page)}
    rates = warm_up(bases, pages, browsers, options.workers)
    post_scripts = {page.label: load.post_script(scripts, [urlencode(form) for form in page.forms])
                    for page in pages if page.forms}
    for _round in range(options.rounds):
        hello = None
        for page in pages:
            seconds = measured[page.label].seconds = run_seconds(rates[page.label], options)
            result = load.measure(bases[page.fresh] + page.path, seconds=seconds, connections=options.connections,
                                  headers=request_headers(page, browsers), script=post_scripts.get(page.label))
            # The requests wrk left open are still being served; the next run starts once they are done.
            time.sleep(min(MAX_SECONDS, result.p99_ms / 1000 if result.requests else seconds) + 0.2)
            hello = hello or result
            measured[page.label].loads.append(result)
            measured[page.label].ratios.append(result.requests_per_s / hello.requests_per_s)


def run_size(database_uri: str, size: int, options) -> dict[str, Measured]:
    """Build a call of `size` case studies, count each page's queries, then load it under gunicorn."""
    with tempfile.TemporaryDirectory(prefix="lie-bench-pages-") as instance:
        app = bench_app(database_uri, Path(instance))
        with app.app_context():
            db.drop_all()  # the sizes share one database, one after another
            db.create_all()
            call_id = build(random.Random(2027), size)
            assignment_id, criterion = add_scorer(call_id)
            thailand = db.session.execute(select(Economy.id).where(Economy.code == "THA")).scalar_one()
            reviews = db.session.execute(select(func.count()).select_from(Review)).scalar_one()
        pages = pages_of(call_id, size, assignment_id, criterion, thailand)
        queries = count_queries(app, pages)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        measured = {page.label: Measured(page, queries[page.label]) for page in pages}
        if load.available():
            secret, instance_path = secrets.token_hex(32), Path(instance)
            with served.gunicorn(database_uri, instance_path, workers=options.workers, secret_key=secret) as base, \
                    served.gunicorn(database_uri, instance_path, workers=options.workers, secret_key=secret,
                                    settings={"FRAGMENTS_KEPT": 0}, name="gunicorn-fresh") as fresh:
                measure_rounds({False: base, True: fresh}, pages, measured, options, instance_path)
    print_report(f"   {size:,} case studies, {reviews:,} reviews", _backend(database_uri), measured, options)
    return measured


def run(database_uri: str, options) -> None:
    backend = _backend(database_uri)
    by_size = {size: run_size(database_uri, size, options) for size in sorted(options.sizes)}
    if load.available() and len(by_size) > 1:
        print_scaling(by_size, backend)


def print_report(title: str, backend: str, measured: dict[str, Measured], options) -> None:
    timed = load.available()
    if timed:
        print(f"\n{title}: gunicorn, {options.workers} sync workers; wrk, {options.connections} connections, "
              f"runs of {options.seconds} s or as long as {options.min_requests} answers take, "
              f"{options.rounds} rounds; × hello = requests/s ÷ hello's in the same round")
        print(f"  {'page':<40} {'s':>3} {'req/s':>8} {'× hello by round':>18} {'median':>7} {'p50 ms':>8} "
              f"{'p99 ms':>8} {'errors':>6} {'queries':>7}  target")
    else:
        print(f"\n{title}: wrk is not installed (`make bench` installs it), so no requests/s: queries only")
        print(f"  {'page':<40} {'queries':>7}  target")
    for row in measured.values():
        verdict = _verdict(row, backend)
        if not timed:
            print(f"  {row.page.label:<40} {row.queries:>7}  {verdict}")
            continue
        rounds = " ".join(f"{r:.3f}" for r in row.ratios)
        print(f"  {row.page.label:<40} {row.seconds:>3} {_median(row.loads, 'requests_per_s'):>8.1f} {rounds:>18} "
              f"{row.ratio:>7.3f} {_median(row.loads, 'p50_ms'):>8.1f} {_median(row.loads, 'p99_ms'):>8.1f} "
              f"{sum(r.errors for r in row.loads):>6} {row.queries:>7}  {verdict}")


def print_scaling(by_size: dict[int, dict[str, Measured]], backend: str) -> None:
    small, large = min(by_size), max(by_size)
    print(f"\n   dashboard at {large:,} against {small:,} case studies on {backend}, times slower "
          f"(median × hello at {small:,} ÷ at {large:,}; target ≤ {DASHBOARD_SCALING}):")
    # pages_of lists the same pages in the same order at every size.
    for row, twin in zip(by_size[small].values(), by_size[large].values()):
        if row.page.kind != "dashboard":
            continue
        slower = row.ratio / twin.ratio if twin.ratio else math.inf
        print(f"  {twin.page.label:<40} {slower:>6.2f}×  {'met' if slower <= DASHBOARD_SCALING else 'MISSED'}")


def _verdict(row: Measured, backend: str) -> str:
    target = TARGETS.get(row.page.kind)
    if target is None:
        return ""
    least = getattr(target, backend)
    missed = [f"{row.queries} queries > {target.queries}"] if row.queries > target.queries else []
    if row.ratio is not None and row.ratio < least:
        missed.insert(0, f"× {row.ratio:.3f} < {least:.2f}")
    wanted = f"≤ {target.queries} queries"
    if row.ratio is not None:
        wanted = f"≥ {least:.2f} × hello, {wanted}"
    return f"{wanted}: " + (f"MISSED ({'; '.join(missed)})" if missed else "met")


def _median(loads: list, name: str) -> float:
    return statistics.median(getattr(result, name) for result in loads)


def _backend(database_uri: str) -> str:
    return "sqlite" if database_uri.startswith("sqlite") else "postgresql"
