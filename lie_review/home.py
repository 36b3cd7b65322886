"""The landing page, each role's home, and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import text

from .extensions import db

bp = Blueprint("home", __name__)

# (role, endpoint, title, description); an entry shows once its endpoint exists.
PANELS = [
    ("applicant", "case_studies.mine", _l("My case studies"),
     _l("Write, save and submit your case studies, and follow their status.")),
    ("reviewer", "reviews.mine", _l("My reviews"),
     _l("Score the case studies assigned to you against the call's rubric.")),
    ("editor", "editorial.calls", _l("Calls and dashboards"),
     _l("Set up calls, assign reviewers, compare scores and decide.")),
    ("admin", "admin.people", _l("People and invitations"),
     _l("Manage accounts, roles and invitations; read the audit trail.")),
    ("admin", "admin.outbox", _l("Outbox"), _l("Messages sent by the development mail backend.")),
    ("admin", "audit.events", _l("Audit trail"), _l("Every change: who made it, when, and the values before and after.")),
    ("editor", "audit.events", _l("Audit trail"), _l("What happened in the calls: who changed what, and when.")),
]


def panels_for(user) -> list[dict]:
    """The home panels (and navigation entries) of the user's roles whose pages exist, each page once."""
    panels: dict[str, dict] = {}
    for role, endpoint, title, description in PANELS:
        if user.has_role(role) and endpoint in current_app.view_functions and endpoint not in panels:
            panels[endpoint] = {"role": role, "url": url_for(endpoint), "title": title, "description": description}
    return list(panels.values())


@bp.app_context_processor
def navigation():
    """The navigation of the signed-in user's roles, for every page."""
    return {"nav_items": panels_for(current_user) if current_user.is_authenticated else []}


@bp.route("/")
def landing():
    """The front page; signed-in users go to their home."""
    if current_user.is_authenticated:
        return redirect(url_for("home.home"), code=303)
    return render_template("home/landing.html")


@bp.route("/home")
@login_required
def home():
    """The signed-in user's home: a panel for each of their roles."""
    return render_template("home/home.html", panels=panels_for(current_user))


@bp.route("/healthz")
def healthz():
    """For the load balancer: 200 while the database answers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means unhealthy, whatever the driver raises
        db.session.rollback()
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
