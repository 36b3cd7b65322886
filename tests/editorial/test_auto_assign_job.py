"""Auto-assignment of a large call runs as a job in steps: it adds what the preview showed, emails each
reviewer once, and a worker dying mid-step assigns nobody twice."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from sqlalchemy import func, select

from lie_review.audit import AuditEvent
from lie_review.auth.models import User
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.clock import utcnow
from lie_review.editorial.assignments import jobs as assign_jobs
from lie_review.editorial.assignments import operations as ops
from lie_review.extensions import db
from lie_review.jobs.maintenance import sweep
from lie_review.jobs.models import Job
from lie_review.jobs.queue import run_queued
from lie_review.reviews.models import Assignment

from ..factories import make_call, make_case_study, make_user
from ..helpers import outbox
from .builders import assign, make_reviewer

STUDIES = 7


class WorkerDied(BaseException):
    """Not an Exception: like SIGKILL, nothing in the job catches it."""


@pytest.fixture
def world(app, auth, monkeypatch):
    """A call of seven submitted case studies, above the threshold of three, auto-assigned two a step; each
    co-host has two reviewers, one of Thailand's from the organisation of one applicant."""
    app.config["AUTO_ASSIGN_DIRECT_MAX"] = 3
    monkeypatch.setattr(assign_jobs, "STEP_CASE_STUDIES", 2)
    with app.app_context():
        make_user("editor", email="ed@example.org")
        make_user("applicant", "reviewer", email="outsider@example.org", economy_code="AUS")
        call = make_call(title="2028")
        reviewers = [make_reviewer(code, email=f"{code.lower()}{i}@example.org", name=f"{code} reviewer {i}",
                                   organisation="Doi Tea Cooperative" if (code, i) == ("THA", 1) else f"{code} {i}")
                     for code in ("CT", "RUS", "PHL", "THA") for i in (1, 2)]
        studies = [make_case_study(call, make_user(organisation="Doi Tea Cooperative" if n == 3 else f"Org {n}"),
                                   status="submitted", title=f"Study {n}") for n in range(STUDIES)]
        assign(studies[0], reviewers[0])  # kept, and counted in CT reviewer 1's load
        db.session.commit()
        ids = SimpleNamespace(call=call.id, studies=[s.id for s in studies])
    auth.login("ed@example.org")
    return ids


def preview(app, call_id: int) -> set[tuple[int, int]]:
    """What the assignments page previews: the plan of the whole call at once."""
    with app.app_context():
        return set(ops.preview_auto_assign(call=db.session.get(Call, call_id)).additions)


def assignments(app) -> set[tuple[int, int]]:
    with app.app_context():
        return set(db.session.execute(select(Assignment.case_study_id, Assignment.reviewer_id)).all())


def apply(client, call_id: int):
    page = client.get(f"/editor/calls/{call_id}/assignments").get_data(as_text=True)
    plan = re.search(r'name="plan"[^>]*value="([^"]*)"', page).group(1)
    return client.post(f"/editor/calls/{call_id}/assignments/auto", data={"plan": plan})


def the_job(app) -> Job:
    with app.app_context():
        job = db.session.execute(select(Job)).scalar_one()
        db.session.expunge(job)
        return job


def test_a_large_call_is_assigned_by_a_job_that_adds_what_the_preview_showed(app, client, world):
    before, planned = assignments(app), preview(app, world.call)
    assert len(planned) == STUDIES * 4 - 1  # one reviewer per co-host each, but the one kept
    response = apply(client, world.call)
    assert response.status_code == 303 and response.headers["Location"].startswith("/jobs/")
    location = response.headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "Auto-assign on “2028”" in page and "0 of 7" in page
    assert assignments(app) == before and outbox_of(app) == []
    assignments_page = client.get(f"/editor/calls/{world.call}/assignments").get_data(as_text=True)
    assert "Auto-assign is running on this call" in assignments_page

    run_queued(app)
    assert assignments(app) == before | planned
    page = client.get(location).get_data(as_text=True)
    assert "7 of 7" in page and f"{len(planned)} assignments added." in page and "8 reviewers emailed." in page
    assert sorted(outbox_of(app)) == sorted(f"{code}{i}@example.org" for code in ("ct", "rus", "phl", "tha")
                                            for i in (1, 2))
    with app.app_context():
        assert db.session.execute(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "assignment.auto_created")).scalar_one() == len(planned)
        assert db.session.execute(select(func.count(Assignment.id)).where(
            Assignment.notified_at.is_(None))).scalar_one() == 0
    assert "Nothing to add" in client.get(f"/editor/calls/{world.call}/assignments").get_data(as_text=True)


def outbox_of(app) -> list[str]:
    with app.app_context():
        return [message.recipient for message in outbox()]


def test_applying_twice_while_the_job_waits_goes_to_the_same_job(app, client, world):
    page = client.get(f"/editor/calls/{world.call}/assignments").get_data(as_text=True)
    plan = re.search(r'name="plan"[^>]*value="([^"]*)"', page).group(1)
    first = client.post(f"/editor/calls/{world.call}/assignments/auto", data={"plan": plan})
    second = client.post(f"/editor/calls/{world.call}/assignments/auto", data={"plan": plan})  # a double click
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    with app.app_context():  # the job has added some since: the old preview leads to it too, not to a 409
        kept = db.session.execute(select(Assignment.reviewer_id)).scalar_one()
        assign(db.session.get(CaseStudy, world.studies[1]), db.session.get(User, kept))
        db.session.commit()
    third = client.post(f"/editor/calls/{world.call}/assignments/auto", data={"plan": plan})
    assert third.status_code == 303 and third.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 1


def test_a_plan_that_changed_since_the_preview_starts_no_job(app, client, world):
    page = client.get(f"/editor/calls/{world.call}/assignments").get_data(as_text=True)
    plan = re.search(r'name="plan"[^>]*value="([^"]*)"', page).group(1)
    with app.app_context():
        make_case_study(db.session.get(Call, world.call), make_user(), status="submitted", title="Late one")
        db.session.commit()
    response = client.post(f"/editor/calls/{world.call}/assignments/auto", data={"plan": plan})
    assert response.status_code == 409
    with app.app_context():
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 0


def test_a_worker_dying_mid_step_assigns_nobody_twice_and_the_job_finishes(app, client, world, monkeypatch):
    before, planned = assignments(app), preview(app, world.call)
    steps_run = []
    assign_after = ops.auto_assign_after

    def dies_in_the_third_step(**kwargs):
        result = assign_after(**kwargs)  # its assignments are flushed, not committed
        steps_run.append(kwargs["after_id"])
        if len(steps_run) == 3:
            raise WorkerDied
        return result

    monkeypatch.setattr(ops, "auto_assign_after", dies_in_the_third_step)
    location = apply(client, world.call).headers["Location"]
    with pytest.raises(WorkerDied):
        run_queued(app)
    job = the_job(app)
    assert (job.state, job.done, job.result["after"]) == ("running", 4, world.studies[3])
    done = {(c, r) for c, r in planned if c in world.studies[:4]}
    page = client.get(location).get_data(as_text=True)
    assert "4 of 7" in page and f"{len(done)} assignments added." in page and "emailed" not in page
    assert assignments(app) == before | done  # the third step's additions went with its worker
    assert outbox_of(app) == []

    with time_machine.travel(utcnow() + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)):
        with app.app_context():
            assert sweep(grace_seconds=0) == 1
        run_queued(app)
    job = the_job(app)
    assert (job.state, job.done, job.total, job.attempts) == ("done", 7, 7, 2)
    assert assignments(app) == before | planned
    assert len(outbox_of(app)) == 8  # one email per reviewer, once
    with app.app_context():  # a step run once more, its cursor lost, finds nothing missing
        plan, case_studies = assign_after(call=db.session.get(Call, world.call), after_id=0, size=STUDIES, actor=None)
        assert (plan.additions, len(case_studies)) == ([], STUDIES)


@pytest.mark.parametrize("email", ["outsider@example.org"])
def test_someone_not_an_editor_cannot_follow_the_job(app, client, auth, world, email):
    location = apply(client, world.call).headers["Location"]
    auth.logout()
    auth.login(email)
    assert client.get(location).status_code == 404
    assert client.post(f"{location}/retry", data={}).status_code == 404


def test_a_call_at_the_threshold_is_assigned_in_the_request(app, client, world):
    app.config["AUTO_ASSIGN_DIRECT_MAX"] = STUDIES
    before, planned = assignments(app), preview(app, world.call)
    response = apply(client, world.call)
    assert response.status_code == 303 and response.headers["Location"] == f"/editor/calls/{world.call}"
    assert assignments(app) == before | planned
    with app.app_context():
        assert db.session.execute(select(func.count(Job.id))).scalar_one() == 0
    assert len(outbox_of(app)) == 8
