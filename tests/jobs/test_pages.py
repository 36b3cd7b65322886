"""A job's page: progress polled by htmx until it ends, its failure with a retry, its file for a day; /healthz."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lie_review.auth.models import User
from lie_review.clock import utcnow
from lie_review.extensions import db
from lie_review.jobs import work
from lie_review.jobs.models import Job, JobFile, WorkerBeat
from lie_review.jobs.queue import run_queued

from ..factories import make_user


def make_file(job: Job, steps: work.Steps) -> None:
    with steps.step() as locked:
        locked.total = locked.done = 3
        locked.file = JobFile(filename="liste-é.csv", ascii_filename="liste-e.csv", mimetype="text/csv", size=5,
                              content=b"a,b\n", expires_at=utcnow() + timedelta(days=1))


work.kind("test_file", title=lambda job: "A test file",
          may_read=lambda job, user: user.id == job.created_by_id,
          links=lambda job: [("See the list", "/home")],
          summary=lambda job: [f"{job.done} rows written."])(make_file)


def started_by(app, email: str) -> int:
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        job = work.start("test_file", created_by=user, total=3)
        db.session.commit()
        return job.id


def test_the_page_polls_while_the_job_runs_and_offers_the_file_once_done(app, client, admin):
    job_id = started_by(app, "admin@example.org")
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in page and "Waiting for a worker" in page
    assert '<meta http-equiv="refresh" content="3">' in page  # without JavaScript the page refreshes itself
    assert '<progress id="job-progress-bar" max="3" value="0"' in page
    run_queued(app)
    fragment = client.get(f"/jobs/{job_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="job-progress"') and "hx-trigger" not in fragment
    assert 'value="3"' in fragment and "3 of 3" in fragment and "See the list" in fragment
    assert '<p class="job-summary">3 rows written.</p>' in fragment
    download = client.get(f"/jobs/{job_id}/file")
    assert download.status_code == 200 and download.data == b"a,b\n"
    assert "filename=\"liste-e.csv\"" in download.headers["Content-Disposition"]
    with app.app_context():
        db.session.get(JobFile, job_id).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    gone = client.get(f"/jobs/{job_id}/file")
    assert gone.status_code == 410 and "kept for a day" in gone.get_data(as_text=True)


def test_someone_else_cannot_follow_the_job_or_take_its_file(app, client, auth, admin):
    job_id = started_by(app, "admin@example.org")
    run_queued(app)
    with app.app_context():
        make_user("editor", email="other@example.org")
        db.session.commit()
    auth.logout()
    assert client.get(f"/jobs/{job_id}").status_code == 302  # to log in
    auth.login("other@example.org")
    assert client.get(f"/jobs/{job_id}").status_code == 404
    assert client.get(f"/jobs/{job_id}/file").status_code == 404
    assert client.post(f"/jobs/{job_id}/retry", data={}).status_code == 404
    assert client.get("/jobs/99999").status_code == 404


def test_a_failed_job_shows_its_error_and_a_retry_button(app, client, admin):
    job_id = started_by(app, "admin@example.org")
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.state, job.error = "failed", "The file has no rows."
        db.session.commit()
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The file has no rows." in page and "Try again" in page and "hx-trigger" not in page
    assert client.post(f"/jobs/{job_id}/retry", data={}).status_code == 303
    run_queued(app)
    with app.app_context():
        assert db.session.get(Job, job_id).state == "done"


def test_healthz_reports_the_database_the_queue_and_the_workers(app, client):
    body = client.get("/healthz").get_json()
    assert body["database"] == "ok" and body["queue"]["state"] == "ok" and body["workers"] == []
    assert body["status"] == "degraded"  # no worker has beaten
    with app.app_context():
        db.session.add(WorkerBeat(name="host-a:12", beat_at=utcnow()))
        db.session.add(WorkerBeat(name="host-b:34", beat_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert {w["name"]: w["late"] for w in body["workers"]} == {"host-a:12": False, "host-b:34": True}


def test_healthz_is_503_when_the_queue_is_unreachable(app, client):
    def unreachable():
        raise ConnectionError("redis is away")

    app.extensions["jobs"].huey.pending_count = unreachable
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["queue"]["state"] == "unreachable: ConnectionError"
