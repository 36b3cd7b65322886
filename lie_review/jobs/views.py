"""A job's page: its progress (polled by htmx, refreshed by the page itself without JavaScript), its
failure and retry, and the file it made."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import htmx
from ..clock import utcnow
from ..extensions import db
from . import work
from .models import Job, JobState

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.before_request
@login_required
def require_login():
    """A job is followed by whoever may read it, once signed in."""


def readable_job_or_404(job_id: int) -> tuple[Job, work.JobKind]:
    """The job and its kind, or 404 for a job that does not exist or that the reader may not follow."""
    job = db.get_or_404(Job, job_id)
    kind = work.KINDS.get(job.kind)
    if kind is None or not kind.may_read(job, current_user):
        abort(404)
    return job, kind


@bp.route("/<int:job_id>")
def show(job_id: int):
    """The job's progress; htmx polls the fragment until the job is done or failed."""
    job, kind = readable_job_or_404(job_id)
    file, gone = _file_of(job)
    return htmx.render("jobs/job.html", "jobs/_progress.html", job=job, title=kind.title(job),
                       summary=kind.summary(job), links=kind.links(job) if job.state == JobState.DONE.value else [],
                       file=file, file_gone=gone)


def _file_of(job: Job):
    """(the file a done job made, whether it is gone): past its day, or deleted since by a worker's sweep,
    which a job that kept a file can tell by the name it noted in its result ("file")."""
    file = job.file if job.state == JobState.DONE.value else None
    if file is None:
        return None, job.state == JobState.DONE.value and bool(job.result.get("file"))
    return file, file.expires_at <= utcnow()


@bp.route("/<int:job_id>/retry", methods=["POST"])
def retry(job_id: int):
    """Run a failed job again, from where it stopped."""
    job, _kind = readable_job_or_404(job_id)
    if work.retry(job):
        db.session.commit()
        flash(_("The job is queued again."), "success")
    else:
        flash(_("Only a job that failed can be retried."), "warning")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


@bp.route("/<int:job_id>/file")
def download(job_id: int):
    """The file the job made, while it is kept (a day); 410 once it is gone."""
    job, _kind = readable_job_or_404(job_id)
    file, gone = _file_of(job)
    if file is None and not gone:
        abort(404)
    if gone:
        return render_template("errors/error.html", code=410, title=None, message=_(
            "This file was kept for a day and is gone: start the export again.")), 410
    response = Response(file.content, mimetype=file.mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{file.ascii_filename}\"; filename*=UTF-8''{quote(file.filename, safe='')}")
    response.headers["Cache-Control"] = "private, no-store"
    return response
