"""The editor's dashboard on a call of 10,000 case studies and 40,000 submitted reviews."""

from __future__ import annotations

import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from lie_review.auth.models import Economy, User, UserRole
from lie_review.case_studies.models import Call, CaseStudy, Forum
from lie_review.clock import utcnow
from lie_review.editorial.models import Decision
from lie_review.extensions import db
from lie_review.reference_data import COHOSTS, seed_reference_data
from lie_review.reviews.models import Assignment, Review, Score
from lie_review.reviews.rubric import default_criteria
from lie_review.reviews.totals import refresh_totals

from .harness import (
    HELLO_PATH,
    Timing,
    advance_sequences,
    bench_app,
    count_statements,
    print_table,
    refresh_statistics,
    time_get,
)

CASE_STUDIES = 10_000
REVIEWERS_PER_ECONOMY = 10
EDITOR = "editor@bench.example.org"
PASSWORD = "bench password 1"
SECTORS = ["agriculture", "manufacturing", "tourism", "health", "education", "digital", "energy"]
TYPES = ["startup", "msme", "incubator", "university", "local_government", "ngo"]
WORDS = ["Tea", "Loom", "Harbour", "Valley", "Solar", "Market", "Clinic", "School", "Forest", "River"]


def build(rng: random.Random, size: int = CASE_STUDIES) -> int:
    """Insert the call and its data in bulk; return the call's id."""
    seed_reference_data()
    economies = {e.code: e.id for e in db.session.execute(select(Economy)).scalars()}
    fora = list(db.session.execute(select(Forum.id)).scalars()) + [None]
    editor = User(email=EDITOR, name="Bench Editor", email_confirmed_at=utcnow(),
                  password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
    editor.set_roles(["editor"])
    reviewers = {code: [] for code in COHOSTS}
    for code in COHOSTS:
        for n in range(REVIEWERS_PER_ECONOMY):
            user = User(email=f"reviewer{n}.{code.lower()}@bench.example.org", name=f"Reviewer {code} {n}",
                        organisation=f"Agency {code} {n}", economy_id=economies[code])
            user.set_roles(["reviewer"])
            reviewers[code].append(user)
    now = utcnow()
    call = Call(title="Benchmark call", opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1),
                review_ends_at=now + timedelta(days=30), panel_economies=[db.session.get(Economy, economies[c])
                                                                          for c in COHOSTS])
    criteria = default_criteria()
    for criterion in criteria:
        criterion.call = call
    db.session.add_all([editor, call, *criteria, *(u for users in reviewers.values() for u in users)])
    db.session.flush()
    bias = {u.id: rng.uniform(-1.0, 1.0) for users in reviewers.values() for u in users}

    first_applicant = 1_000_000
    codes = list(economies)
    applicants, roles, studies, assignments, reviews, scores, decisions = [], [], [], [], [], [], []
    for i in range(1, size + 1):
        applicant_id = first_applicant + i
        code = rng.choice(COHOSTS) if rng.random() < 0.7 else rng.choice(codes)
        applicants.append({"id": applicant_id, "email": f"applicant{i}@bench.example.org", "name": f"Applicant {i}",
                           "organisation": f"Organisation {i}", "economy_id": economies[code]})
        roles.append({"user_id": applicant_id, "role": "applicant"})
        studies.append({"id": i, "call_id": call.id, "applicant_id": applicant_id, "status": "submitted",
                        "title": f"{rng.choice(WORDS)} {rng.choice(WORDS)} ecosystem {i}",
                        "organisation_name": f"Organisation {i}", "organisation_type": rng.choice(TYPES),
                        "economy_id": economies[code], "forum_id": rng.choice(fora), "sector": rng.choice(SECTORS),
                        "locality": "Somewhere", "summary": "A summary.", "submitted_at": now - timedelta(days=5)})
        quality = rng.uniform(1.5, 4.5)
        for code_index, panel in enumerate(COHOSTS):
            reviewer = reviewers[panel][(i + code_index) % REVIEWERS_PER_ECONOMY]
            assignment_id = len(assignments) + 1
            assignments.append({"id": assignment_id, "case_study_id": i, "reviewer_id": reviewer.id,
                                "status": "active", "notified_at": now})
            reviews.append({"id": assignment_id, "assignment_id": assignment_id, "overall_comment": "Fine.",
                            "submitted_at": now - timedelta(days=1)})
            for criterion in criteria:
                value = round(quality + bias[reviewer.id] + rng.gauss(0, 0.6))
                scores.append({"assignment_id": assignment_id, "criterion_id": criterion.id,
                               "value": min(5, max(1, value)), "comment": ""})
        if rng.random() < 0.1:
            decisions.append({"case_study_id": i, "outcome": rng.choice(["accepted", "waitlisted", "rejected"]),
                              "rationale": "Bench.", "decided_by_id": editor.id})
    for table, rows in ((User, applicants), (UserRole, roles), (CaseStudy, studies), (Assignment, assignments),
                        (Review, reviews), (Score, scores), (Decision, decisions)):
        for start in range(0, len(rows), 20_000):
            db.session.execute(insert(table.__table__), rows[start:start + 20_000])
    advance_sequences([User, CaseStudy, Assignment, Review])
    # Bulk inserts pass the session's bookkeeping by: store the totals as saves would have.
    db.session.execute(refresh_totals(call_id=call.id))
    db.session.commit()
    refresh_statistics()
    return call.id


def run(database_uri: str, options) -> None:
    with tempfile.TemporaryDirectory(prefix="lie-bench-instance-") as instance:
        app = bench_app(database_uri, Path(instance))
        started = time.perf_counter()
        with app.app_context():
            call_id = build(random.Random(2027), options.case_studies)
            counts = {model.__tablename__: db.session.execute(select(db.func.count()).select_from(model)).scalar_one()
                      for model in (CaseStudy, Assignment, Review, Score)}
        print(f"   built in {time.perf_counter() - started:.1f} s: " +
              ", ".join(f"{n:,} {name}" for name, n in counts.items()), flush=True)

        client = app.test_client()
        assert client.post("/login", data={"email": EDITOR, "password": PASSWORD}).status_code == 303
        hello = Timing("hello world", *time_get(client, HELLO_PATH, repeat=max(50, options.repeat * 20), warmup=5))
        base = f"/editor/calls/{call_id}"
        last_page = max(1, -(-counts["case_study"] // 100))
        with app.app_context():
            thailand = db.session.execute(select(Economy.id).where(Economy.code == "THA")).scalar_one()
        pages = [
            ("dashboard, by title, 50 rows", base, None),
            ("dashboard, by calibrated score", f"{base}?sort=calibrated", None),
            ("dashboard, economy + sort, htmx rows", f"{base}?economy={thailand}&sort=mean&order=asc",
             {"HX-Request": "true"}),
            ("dashboard, search, flagged, 100 rows", f"{base}?q=tea&flagged=y&per_page=100", None),
            ("dashboard, last page of 100", f"{base}?per_page=100&page={last_page}", None),
            ("case study page (editor)", "/editor/case-studies/1", None),
        ]
        rows = []
        for label, path, headers in pages:
            median, p90 = time_get(client, path, repeat=options.repeat, headers=headers)
            rows.append(Timing(label, median, p90, count_statements(app, client, path, headers)))
        print_table(f"   {counts['case_study']:,} case studies, {counts['review']:,} reviews; × hello = median / the "
                    "hello-world route's median (same app, process and database)", hello, rows)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
