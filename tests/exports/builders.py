"""Builders for export tests: a call whose queue holds accepted case studies with submitted reviews."""

from __future__ import annotations

from sqlalchemy import func, insert, select, text

from lie_review.auth.models import Economy, User, UserRole
from lie_review.case_studies.models import CaseStudy, Forum
from lie_review.clock import utcnow
from lie_review.editorial.models import Decision, ReportEntry, ReportSection
from lie_review.editorial.scores.versions import scores_changed
from lie_review.editorial.queue.operations import follow_decision
from lie_review.extensions import db
from lie_review.jobs.queue import run_queued
from lie_review.reviews.models import Assignment, Review, Score
from lie_review.reviews.totals import refresh_totals

from ..editorial.builders import criteria_of
from ..factories import make_case_study, make_user


def forum(city: str) -> Forum:
    return db.session.execute(select(Forum).where(Forum.city == city)).scalar_one()


def decide(case_study, outcome: str = "accepted") -> Decision:
    """Record a decision and keep the report queue in step, as the editor's decision form does."""
    decision = Decision(case_study_id=case_study.id, outcome=outcome, rationale="Decided in a test.")
    db.session.add(decision)
    db.session.flush()
    follow_decision(case_study=case_study, old=None, new=outcome, actor=None)
    return decision


def submitted(call, title: str, *, city: str | None = "Taipei", consent: bool = True, economy_code: str = "THA",
              **fields):
    applicant = make_user(email=fields.pop("email", None), organisation=fields.pop("organisation", "Tea Co-op"),
                          economy_code=economy_code)
    return make_case_study(call, applicant, status="submitted", title=title, economy_code=economy_code,
                           forum_id=forum(city).id if city else None, consent_to_publish=consent,
                           contact_name="Ploy Srisuk", contact_email="ploy@example.org", **fields)


def docx_response(app, client, call_id: int):
    """The report draft as a Word document, as an editor gets it: asked for, made by a worker, downloaded."""
    started = client.post(f"/exports/calls/{call_id}/report-draft.docx", data={})
    assert started.status_code == 303 and started.headers["Location"].startswith("/jobs/"), started.status_code
    run_queued(app)
    return client.get(started.headers["Location"] + "/file")


def bulk_queue(call, size: int, reviewer) -> None:
    """`size` submitted case studies accepted into the call's queue, one section per forum (and one for
    none), each reviewed once by `reviewer`: inserted in bulk, the reviews' totals stored as saves would."""
    fora = list(db.session.execute(select(Forum.id).order_by(Forum.id)).scalars())[:3] + [None]
    sections = [ReportSection(call_id=call.id, title=f"Section {n + 1}", forum_id=forum_id, position=n)
                for n, forum_id in enumerate(fora)]
    db.session.add_all(sections)
    db.session.flush()
    criteria = [c.id for c in criteria_of(call)]
    economies = list(db.session.execute(select(Economy.id).order_by(Economy.id)).scalars())
    first_user = (db.session.execute(select(func.max(User.id))).scalar_one() or 0) + 1
    first_study = (db.session.execute(select(func.max(CaseStudy.id))).scalar_one() or 0) + 1
    first_assignment = (db.session.execute(select(func.max(Assignment.id))).scalar_one() or 0) + 1
    now = utcnow()
    tables: dict = {User: [], UserRole: [], CaseStudy: [], Assignment: [], Review: [], Score: [], Decision: [],
                    ReportEntry: []}
    for n in range(size):
        user_id, study_id, assignment_id = first_user + n, first_study + n, first_assignment + n
        section = sections[n % len(sections)]
        tables[User].append({"id": user_id, "email": f"bulk{user_id}@example.org", "name": f"Applicant {user_id}",
                             "organisation": f"Co-op {n}", "economy_id": economies[n % len(economies)]})
        tables[UserRole].append({"user_id": user_id, "role": "applicant"})
        tables[CaseStudy].append({
            "id": study_id, "call_id": call.id, "applicant_id": user_id, "status": "submitted",
            "title": f"Ecosystem {n:05d}", "organisation_name": f"Co-op {n}", "organisation_type": "msme",
            "economy_id": economies[n % len(economies)], "forum_id": section.forum_id, "sector": "tourism",
            "locality": "Somewhere", "summary": "A summary.", "consent_to_publish": True, "submitted_at": now})
        tables[Assignment].append({"id": assignment_id, "case_study_id": study_id, "reviewer_id": reviewer.id,
                                   "status": "active", "notified_at": now})
        tables[Review].append({"id": assignment_id, "assignment_id": assignment_id, "overall_comment": "Fine.",
                               "submitted_at": now})
        tables[Score] += [{"assignment_id": assignment_id, "criterion_id": criterion_id, "comment": "",
                           "value": 1 + (n + k) % 5} for k, criterion_id in enumerate(criteria)]
        tables[Decision].append({"case_study_id": study_id, "outcome": "accepted", "rationale": "Bulk."})
        tables[ReportEntry].append({"case_study_id": study_id, "section_id": section.id, "position": n})
    for table, rows in tables.items():
        for start in range(0, len(rows), 5_000):
            db.session.execute(insert(table.__table__), rows[start:start + 5_000])
    if db.engine.dialect.name == "postgresql":
        for table in (User, CaseStudy, Assignment, Review):
            name = table.__tablename__
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                                    f'(SELECT MAX(id) FROM "{name}"))'))
    db.session.execute(refresh_totals(call_id=call.id))
    scores_changed(db.session, call_id=call.id)
