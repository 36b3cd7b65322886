"""/healthz: whether this host can reach the database and the job queue, and when each worker last beat."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Blueprint, current_app, jsonify
from sqlalchemy import select, text

from .clock import utcnow
from .extensions import db, limiter
from .jobs.models import WorkerBeat
from .jobs.queue import queue_of

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """200 when the database and the queue answer, 503 when either does not; the workers' heartbeats are
    reported (a worker is "late" after three missed beats) but do not take a web host out of service."""
    report: dict = {}
    healthy = True
    try:
        db.session.execute(text("SELECT 1"))
        report["database"] = "ok"
        now = utcnow()
        late = now - timedelta(seconds=3 * current_app.config["WORKER_BEAT_SECONDS"])
        beats = db.session.execute(select(WorkerBeat).order_by(WorkerBeat.beat_at.desc()).limit(50)).scalars()
        report["workers"] = [{"name": beat.name, "beat_at": beat.beat_at.isoformat(timespec="seconds"),
                              "seconds_ago": round((now - beat.beat_at).total_seconds(), 1),
                              "late": beat.beat_at < late} for beat in beats]
        db.session.rollback()
    except Exception as error:
        log.exception("health: database")
        report["database"] = f"unreachable: {type(error).__name__}"
        healthy = False
    try:
        report["queue"] = {"state": "ok", "pending": queue_of().huey.pending_count()}
    except Exception as error:
        log.exception("health: queue")
        report["queue"] = {"state": f"unreachable: {type(error).__name__}"}
        healthy = False
    live = [worker for worker in report.get("workers", []) if not worker["late"]]
    report["status"] = "ok" if healthy and live else ("degraded" if healthy else "down")
    response = jsonify(report)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
