"""Two app hosts on one PostgreSQL and one Redis under reviewers' and editors' load, against one host.

Two gunicorns ("hosts" A and B: 2 sync workers each, on their own ports) share the database, the
secret key and Redis (rate limits and the job queue), with one job worker beside them, as production
runs behind a load balancer. A call of --case-studies-scale (1,000) case studies with four submitted
reviews each is seeded, with 64 reviewers of four assignments each and 8 editors, all able to log in.

For --seconds-scale (20) the bounded client of `bench.client` runs 64 reviewers saving levels (the
scoring page's htmx save of one criterion, with its CSRF token) and 8 editors reading four dashboard
views, each user on one connection to one host, A and B in turn; every user's session was started on
the other host. Hello world is measured the same way in the same run: the same 72 users, hosts and
seconds, half before the load and half after (asked without the session cookie, as the page bench
asks it). Afterwards every acknowledged save (a 2xx answer) is looked up: each (assignment, criterion)
must hold the last level acknowledged for it, else it counts as lost.

Two checks need both hosts: a session started on A opens a signed-in page on B, and failed logins
of one account spread over A and B are refused once the per-account limit is reached in total. The
rate limit is on (the page bench turns it off) at its normal values: its only limits are the login's,
counted on failures, so the load's own logins are never refused.

Then the same load runs on one host: one gunicorn with --one-host-workers (4) sync workers, as many
as the two hosts have together, so what differs is the split, not the workers. Any error or lost
save makes the run fail. Needs PostgreSQL (SQLite is refused) and Redis at --redis, whose database
is emptied before and after.
"""

from __future__ import annotations

import random
import secrets
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import redis
from limits import parse

from lie_review.config import DEFAULTS
from lie_review.extensions import db

from . import client, served
from .dashboard import PASSWORD
from .harness import bench_app
from .people import LIMITED_ACCOUNT, SAVE, SESSION_ACCOUNT, Seeded, lost_saves, seed, stored_levels, users_of

REDIS = "redis://127.0.0.1:6379/13"
HOST_WORKERS = 2
REFUSED = ("scaleout runs on PostgreSQL only (`--backend postgresql` with TEST_DATABASE_URL): hosts sharing "
           "one SQLite file are not a deployment")


def add_options(parser) -> None:
    parser.add_argument("--seconds-scale", type=float, default=20,
                        help="scaleout: seconds of each load, hello world's too (default 20)")
    parser.add_argument("--case-studies-scale", type=int, default=1_000,
                        help="scaleout: case studies of its call (default 1,000)")
    parser.add_argument("--one-host-workers", type=int, default=4,
                        help="scaleout: sync workers of the one host compared with the two (default 4)")
    parser.add_argument("--redis", default=REDIS,
                        help=f"scaleout: a Redis database of its own, emptied before and after (default {REDIS})")


def run(database_uri: str, options) -> None:
    refused = REFUSED if database_uri.startswith("sqlite") else redis_missing(options.redis)
    if refused:  # asked for by name, the bench fails; in a run of all of them, it is left out
        if "scaleout" in options.names:
            raise SystemExit(refused)
        print(f"   skipped: {refused}")
        return
    with tempfile.TemporaryDirectory(prefix="lie-bench-scale-") as directory, own_redis(options.redis):
        instance = Path(directory)
        seeded = seed_call(database_uri, instance, options.case_studies_scale)
        secret = secrets.token_hex(32)
        settings = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": options.redis, "JOBS_URL": options.redis}
        worker = served.has_worker_command()
        if not worker:
            print("   job worker: skipped, this checkout has no `flask --app lie_review worker`", flush=True)
        outcomes = []
        for name, workers in (("two hosts", [HOST_WORKERS, HOST_WORKERS]), ("one host", [options.one_host_workers])):
            with ExitStack() as stack:
                hosts = [stack.enter_context(served.gunicorn(database_uri, instance, workers=n, secret_key=secret,
                                                             settings=settings, name=f"{name.replace(' ', '-')}-{i}"))
                         for i, n in enumerate(workers)]
                if worker:
                    stack.enter_context(served.job_worker(database_uri, instance, secret_key=secret, settings=settings))
                label = (f"{name}: {len(hosts)} gunicorn{'s' * (len(hosts) > 1)} of {' and '.join(map(str, workers))} "
                         f"sync workers, {'one job worker' if worker else 'no job worker'}")
                outcome = measure(label, hosts, seeded, database_uri, options.seconds_scale)
                if len(hosts) > 1:
                    check_across(outcome, hosts)
            outcomes.append(outcome)
            print_outcome(outcome, seeded, options.seconds_scale)
    print_comparison(*outcomes)
    failures = [f"{o.label.split(':')[0]}: {', '.join(o.failures)}" for o in outcomes if o.failures]
    if failures:
        raise SystemExit("scaleout failed: " + "; ".join(failures))


def seed_call(database_uri: str, instance: Path, case_studies: int) -> Seeded:
    """Create the schema and the call with its people, and say what was made."""
    app = bench_app(database_uri, instance)
    with app.app_context():
        seeded = seed(random.Random(2027), case_studies=case_studies)
        db.session.remove()
        db.engine.dispose()
    cells = len(next(iter(seeded.reviewers.values())))
    print(f"   seeded: {case_studies:,} case studies with four reviews each; {len(seeded.reviewers)} reviewers "
          f"with {cells} cells (assignment, criterion) each to save; {len(seeded.editors)} editors", flush=True)
    return seeded


EVERYTHING = "the load, all kinds"


@dataclass
class Outcome:
    """One run on some hosts: hello world's summary and the load's, by kind, and what was checked after."""

    label: str
    hello: dict[str, client.Summary]
    load: dict[str, client.Summary]
    saves: int  # acknowledged
    acknowledged: dict
    lost: list
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.load[EVERYTHING].per_s / self.hello["hello world"].per_s


def measure(label: str, hosts: list[str], seeded: Seeded, database_uri: str, seconds: float) -> Outcome:
    """Log everyone in, run the load and hello world for `seconds` each, and look up every acknowledged save."""
    users = users_of(hosts, seeded)
    # Hello world asked without the session, as the page bench asks it: a signed-in request loads its
    # session row, which is part of what a page costs, not of the baseline. Half of it runs before the
    # load and half after, so that whatever else the machine does for a while weighs on both alike.
    greeters = [client.User(user.base, {}, "", client.hello) for user in users]
    before, first = client.drive(greeters, seconds / 2)
    time.sleep(2)  # the last answers leave the workers before the next run begins
    answers, elapsed = client.drive(users, seconds)
    time.sleep(2)
    after, second = client.drive(greeters, seconds / 2)
    hello = client.summarise(before + after, first + second)
    acknowledged = {cell: value for user in users for cell, value in user.acknowledged.items()}
    lost = lost_saves(acknowledged, stored_levels(database_uri, list(acknowledged)))
    outcome = Outcome(label, hello, client.summarise(answers, elapsed, EVERYTHING),
                      sum(a.ok for a in answers if a.kind == SAVE), acknowledged, lost)
    errors = outcome.load[EVERYTHING].errors + outcome.hello["hello world"].errors
    if errors:
        outcome.failures.append(f"{errors} errors")
    if lost:
        outcome.failures.append(f"{len(lost)} lost saves")
    return outcome


def session_crosses(hosts: list[str]) -> tuple[int, int]:
    """Log in on the first host; /home on the second: its status with the session, and without it."""
    browser = served.log_in(hosts[0], SESSION_ACCOUNT, PASSWORD)
    return (served.Browser(hosts[1], browser.cookie, "").get("/home")[0],
            served.Browser(hosts[1], "", "").get("/home")[0])


def login_limit(hosts: list[str]) -> tuple[int, list[int]]:
    """The per-account limit's allowance, and the answers to that many wrong passwords over the hosts in
    turn and then the right one on every host (each refused, 429, when the hosts count together)."""
    allowed = parse(DEFAULTS["LOGIN_LIMIT_PER_ACCOUNT"]).amount
    answers = [served.try_login(hosts[n % len(hosts)], LIMITED_ACCOUNT, "not the password") for n in range(allowed)]
    return allowed, answers + [served.try_login(host, LIMITED_ACCOUNT, PASSWORD) for host in hosts]


def redis_missing(url: str) -> str | None:
    """Why Redis at `url` cannot serve the bench, or None when it answers."""
    store = redis.Redis.from_url(url)
    try:
        store.ping()
    except redis.RedisError as error:
        return f"scaleout needs Redis at {url} (--redis): {error}"
    finally:
        store.close()
    return None


@contextmanager
def own_redis(url: str):
    """Redis at `url`, its database emptied before and after the run."""
    store = redis.Redis.from_url(url)
    store.flushdb()
    try:
        yield store
    finally:
        store.flushdb()
        store.close()


def check_across(outcome: Outcome, hosts: list[str]) -> None:
    """The two checks that need two hosts, noted in `outcome` (and failed there when they do not hold)."""
    signed_in, anonymous = session_crosses(hosts)
    crossed = signed_in == 200 and anonymous != 200
    outcome.notes.append(f"session started on host A, /home on host B: {signed_in} (without the session: "
                         f"{anonymous}): {'held' if crossed else 'FAILED'}")
    allowed, answers = login_limit(hosts)
    held = answers == [401] * allowed + [429] * len(hosts)
    outcome.notes.append(f"login limit of one account ({DEFAULTS['LOGIN_LIMIT_PER_ACCOUNT']}): {allowed} wrong "
                         f"passwords on A, B, A… answered {' '.join(map(str, answers[:allowed]))}; then the right "
                         f"one on A and on B: {' '.join(map(str, answers[allowed:]))}: {'held' if held else 'FAILED'}")
    if not crossed:
        outcome.failures.append("a session did not cross hosts")
    if not held:
        outcome.failures.append("the login limit did not hold across hosts")


def print_outcome(outcome: Outcome, seeded: Seeded, seconds: float) -> None:
    print(f"\n   {outcome.label}; {len(seeded.reviewers)} reviewers saving levels and {len(seeded.editors)} "
          f"editors reading dashboards "
          f"for {seconds:g} s, and hello world by the same users on the same hosts, {seconds / 2:g} s before and after")
    print(f"  {'requests':<28} {'answered':>9} {'req/s':>8} {'× hello':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    hello = outcome.hello["hello world"]
    for row in [hello, *outcome.load.values()]:
        ratio = f"{row.per_s / hello.per_s:.3f}" if row.kind in ("hello world", EVERYTHING) else ""
        failed = ", ".join(f"{status or 'no answer'}: {n}" for status, n in row.failed.items())
        print(f"  {row.kind:<28} {row.requests:>9,} {row.per_s:>8.1f} {ratio:>8} {row.p50_ms:>8.1f} "
              f"{row.p99_ms:>8.1f} {row.errors:>7}" + (f"  ({failed})" if failed else ""))
    print(f"  acknowledged saves: {outcome.saves:,}, the last of them on {len(outcome.acknowledged):,} cells; "
          f"lost: {len(outcome.lost)}")
    for cell, acknowledged, stored in outcome.lost[:10]:
        print(f"    lost: assignment {cell[0]}, criterion {cell[1]}: acknowledged {acknowledged}, stored {stored}")
    for note in outcome.notes:
        print(f"  {note}")


def print_comparison(two: Outcome, one: Outcome) -> None:
    print(f"\n   two hosts against one: the load at {two.ratio:.3f} × hello against {one.ratio:.3f}; "
          f"{two.load[EVERYTHING].per_s:.1f} requests/s against {one.load[EVERYTHING].per_s:.1f}")
