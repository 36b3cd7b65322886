"""Shortlist exports of 1,000 and 100,000 rows: time, and peak Python memory while the response streams;
and the large ones made by the job the export form starts, timed as a worker runs it."""

from __future__ import annotations

import random
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from lie_review.auth.models import Economy, User, UserRole
from lie_review.case_studies.models import Call, CaseStudy, Forum
from lie_review.clock import utcnow
from lie_review.editorial.models import Decision, ReportEntry, ReportSection
from lie_review.extensions import db
from lie_review.jobs.models import Job, JobFile
from lie_review.jobs.queue import run_queued
from lie_review.reference_data import COHOSTS, seed_reference_data
from lie_review.reviews.models import Assignment, Review, Score
from lie_review.reviews.rubric import default_criteria
from lie_review.reviews.totals import refresh_totals

from .harness import HELLO_PATH, bench_app, refresh_statistics, time_get

EDITOR = "editor@bench.example.org"
PASSWORD = "bench password 1"
REVIEWERS_PER_ECONOMY = 10
FORMATS = ("csv", "xlsx", "json")
MAX_CSV_RATIO = 1.5
MIB = 1024 * 1024


class Ids:
    """Next primary keys for bulk inserts, shared by both calls of the run."""

    def __init__(self):
        self.user, self.case_study, self.assignment, self.entry = 1_000_000, 0, 0, 0


def build_call(rng: random.Random, ids: Ids, size: int, reviewers: dict[str, list[int]], economies: dict[str, int],
               fora: list[int]) -> int:
    """A call of `size` submitted case studies, each reviewed twice: 70% accepted into the report queue
    (one section per forum), the rest waitlisted. Returns the call's id."""
    now = utcnow()
    call = Call(title=f"Export benchmark, {size:,} case studies", opens_at=now - timedelta(days=60),
                closes_at=now - timedelta(days=1), review_ends_at=now + timedelta(days=30),
                panel_economies=[db.session.get(Economy, economies[c]) for c in COHOSTS])
    criteria = default_criteria()
    for criterion in criteria:
        criterion.call = call
    db.session.add_all([call, *criteria])
    db.session.flush()
    sections = {forum_id: ReportSection(call_id=call.id, title=f"Forum {forum_id}" if forum_id else "Other",
                                        forum_id=forum_id, position=i) for i, forum_id in enumerate(fora)}
    db.session.add_all(sections.values())
    db.session.flush()
    counts = dict.fromkeys(fora, 0)
    tables = {table: [] for table in (User, UserRole, CaseStudy, Assignment, Review, Score, Decision, ReportEntry)}
    codes = list(economies)
    for _ in range(size):
        ids.user += 1
        ids.case_study += 1
        code, forum_id = rng.choice(codes), rng.choice(fora)
        tables[User].append({"id": ids.user, "email": f"applicant{ids.user}@bench.example.org",
                             "name": f"Applicant {ids.user}", "organisation": f"Organisation {ids.user}",
                             "economy_id": economies[code]})
        tables[UserRole].append({"user_id": ids.user, "role": "applicant"})
        tables[CaseStudy].append({
            "id": ids.case_study, "call_id": call.id, "applicant_id": ids.user, "status": "submitted",
            "title": f"Ecosystem {ids.case_study}: tea, looms and harbours", "organisation_name": f"Co-op {ids.user}",
            "organisation_type": "msme", "economy_id": economies[code], "forum_id": forum_id, "sector": "tourism",
            "locality": "Somewhere", "summary": "A summary.", "contact_name": "A. Person",
            "contact_email": "contact@bench.example.org", "consent_to_publish": True, "submitted_at": now})
        quality = rng.uniform(1.5, 4.5)
        for panel in rng.sample(COHOSTS, 2):
            ids.assignment += 1
            tables[Assignment].append({"id": ids.assignment, "case_study_id": ids.case_study, "status": "active",
                                       "reviewer_id": rng.choice(reviewers[panel]), "notified_at": now})
            tables[Review].append({"id": ids.assignment, "assignment_id": ids.assignment, "overall_comment": "Fine.",
                                   "submitted_at": now})
            tables[Score] += [{"assignment_id": ids.assignment, "criterion_id": c.id, "comment": "",
                               "value": min(5, max(1, round(quality + rng.gauss(0, 0.7))))} for c in criteria]
        accepted = rng.random() < 0.7
        tables[Decision].append({"case_study_id": ids.case_study, "outcome": "accepted" if accepted else "waitlisted",
                                 "rationale": "Bench."})
        if accepted:
            ids.entry += 1
            tables[ReportEntry].append({"id": ids.entry, "case_study_id": ids.case_study,
                                        "section_id": sections[forum_id].id, "position": counts[forum_id]})
            counts[forum_id] += 1
    for table, rows in tables.items():
        for start in range(0, len(rows), 20_000):
            db.session.execute(insert(table.__table__), rows[start:start + 20_000])
    # Bulk inserts pass the session's bookkeeping by: store the totals as saves would have, so that the
    # reviews count in the scores and fill the spreadsheet's reviews sheet.
    db.session.execute(refresh_totals(call_id=call.id))
    db.session.flush()
    return call.id


def build(rng: random.Random, sizes: tuple[int, ...]) -> list[int]:
    seed_reference_data()
    economies = {e.code: e.id for e in db.session.execute(select(Economy)).scalars()}
    fora = list(db.session.execute(select(Forum.id).order_by(Forum.id)).scalars()) + [None]
    editor = User(email=EDITOR, name="Bench Editor", email_confirmed_at=utcnow(),
                  password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
    editor.set_roles(["editor"])
    people = [editor]
    reviewers: dict[str, list[User]] = {code: [] for code in COHOSTS}
    for code in COHOSTS:
        for n in range(REVIEWERS_PER_ECONOMY):
            user = User(email=f"reviewer{n}.{code.lower()}@bench.example.org", name=f"Reviewer {code} {n}",
                        economy_id=economies[code])
            user.set_roles(["reviewer"])
            reviewers[code].append(user)
            people.append(user)
    db.session.add_all(people)
    db.session.flush()
    reviewer_ids = {code: [u.id for u in users] for code, users in reviewers.items()}
    ids = Ids()
    calls = [build_call(rng, ids, size, reviewer_ids, economies, fora) for size in sizes]
    db.session.commit()
    refresh_statistics()
    return calls


def consume(client, path: str) -> int:
    """Stream the response to its end, keeping nothing; returns its size in bytes."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    size = 0
    try:
        for chunk in response.response:
            size += len(chunk)
    finally:
        response.close()
    return size


def measure(client, path: str) -> tuple[int, float, float]:
    """(bytes, seconds, peak MiB of Python allocations): one timed run, then one under tracemalloc."""
    started = time.perf_counter()
    size = consume(client, path)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        consume(client, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return size, seconds, peak / MIB


def job_export(app, client, call_id: int, fmt: str) -> tuple[int, float]:
    """(bytes, seconds) of the export form's job for the call's shortlist with the waitlist, run to its end
    here as a worker would run it."""
    app.config["EXPORT_DIRECT_MAX_ROWS"] = 0  # whatever its size, the form hands it to a job
    response = client.post(f"/exports/calls/{call_id}/shortlist", data={"format": fmt, "waitlist": "y",
                                                                         "form_end": "1"})
    assert response.status_code == 303 and response.headers["Location"].startswith("/jobs/"), response.status_code
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    started = time.perf_counter()
    run_queued(app)
    seconds = time.perf_counter() - started
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.state == "done", (job.state, job.error)
        size = db.session.execute(select(JobFile.size).where(JobFile.job_id == job_id)).scalar_one()
    return size, seconds


def run(database_uri: str, options) -> None:
    large = options.export_rows
    small = max(10, large // 100)
    with tempfile.TemporaryDirectory(prefix="lie-bench-instance-") as instance:
        app = bench_app(database_uri, Path(instance))
        started = time.perf_counter()
        with app.app_context():
            calls = build(random.Random(2028), (small, large))
        print(f"   built in {time.perf_counter() - started:.1f} s: two calls of {small:,} and {large:,} case studies, "
              "two submitted reviews each, 70% accepted and 30% waitlisted", flush=True)
        client = app.test_client()
        assert client.post("/login", data={"email": EDITOR, "password": PASSWORD}).status_code == 303
        hello, _ = time_get(client, HELLO_PATH, repeat=max(50, options.repeat * 20), warmup=5)
        for fmt in FORMATS:  # compile every statement once, as a running server would have
            consume(client, f"/exports/calls/{calls[0]}/shortlist.{fmt}?waitlist=y")
        # The large call's scores are built once, as the editor's first look at its dashboard would have,
        # so that what is timed is the export, not that build.
        assert client.get(f"/editor/calls/{calls[1]}").status_code == 200

        print(f"\n   shortlist with the waitlist; peak = Python allocations while the response streams "
              f"(tracemalloc); hello world {hello:.2f} ms")
        print(f"  {'format':<8} {'rows':>9} {'bytes':>13} {'seconds':>9} {'× hello':>9} {'peak MiB':>9}")
        peaks: dict[str, list[float]] = {}
        for fmt in FORMATS:
            for call_id, rows in zip(calls, (small, large)):
                size, seconds, peak = measure(client, f"/exports/calls/{call_id}/shortlist.{fmt}?waitlist=y")
                peaks.setdefault(fmt, []).append(peak)
                print(f"  {fmt:<8} {rows:>9,} {size:>13,} {seconds:>9.2f} {seconds * 1000 / hello:>9.0f} "
                      f"{peak:>9.2f}", flush=True)
        print(f"\n   the large shortlist as the export form's job (rows written in steps that commit the job's "
              "progress, the file kept in the database), run in this process as a worker runs it")
        print(f"  {'format':<8} {'rows':>9} {'bytes':>13} {'seconds':>9} {'× hello':>9}")
        for fmt in FORMATS:
            size, seconds = job_export(app, client, calls[1], fmt)
            print(f"  {fmt:<8} {large:>9,} {size:>13,} {seconds:>9.2f} {seconds * 1000 / hello:>9.0f}", flush=True)
        print()
        for fmt, (low, high) in peaks.items():
            verdict = (" (must be ≤ 1.5: " + ("ok)" if high / low <= MAX_CSV_RATIO else "TOO HIGH)")) \
                if fmt == "csv" else ""
            print(f"   {fmt} peak memory, {large:,} rows / {small:,} rows: {high / low:.2f}{verdict}")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
