"""The landing page, the signed-in user's home, and the navigation of their roles."""

from __future__ import annotations

from flask import Blueprint, current_app, has_request_context, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup

from ..auth.models import Role
from ..i18n import current_locale
from .admin import admin_home
from .applicant import applicant_home
from .editor import calls_progress
from .reviewer import reviewer_home

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
_PANELS_KEY = "lie_review.home_panels"


def panels_for(user) -> list[dict]:
    """The home panels (and navigation entries) of the user's roles whose pages exist, each page once.

    Worked out once per process for each set of roles and language (every signed-in page shows them in
    its navigation): they depend on nothing else that can change while it runs."""
    key = (user.roles, request.script_root, current_locale())
    cache = current_app.extensions.setdefault(_PANELS_KEY, {})
    if key not in cache:
        panels: dict[str, dict] = {}
        for role, endpoint, title, description in PANELS:
            if role in key[0] and endpoint in current_app.view_functions and endpoint not in panels:
                # Markup, as a lazy string renders: the catalogs' text is ours, not a user's.
                panels[endpoint] = {"role": role, "url": url_for(endpoint), "title": Markup(str(title)),
                                    "description": Markup(str(description))}
        cache[key] = list(panels.values())
    return cache[key]


# Pages outside every entry's address that belong to one all the same: the editor's case study and exports
# are part of the calls' work.
_SECTION_OF_BLUEPRINT = {"editorial": "editorial.calls", "exports": "editorial.calls"}


@bp.app_context_processor
def navigation():
    """The navigation of the signed-in user's roles, for every page (none for mail a worker renders), and
    the entry the page belongs to: the one whose address is the longest start of the page's path, else
    the section its blueprint works for."""
    user = current_user._get_current_object() if has_request_context() else None
    if user is None or not user.is_authenticated:
        return {"nav_all": [], "nav_current": None}
    entries = [{"url": url_for("home.home"), "title": _l("Home")}, *panels_for(user),
               {"url": url_for("auth.account"), "title": _l("Account")}]
    path = request.script_root + request.path
    within = [entry["url"] for entry in entries
              if path == entry["url"] or path.startswith(entry["url"].rstrip("/") + "/")]
    current = max(within, key=len, default=None)
    section = _SECTION_OF_BLUEPRINT.get(request.blueprint or "")
    if current is None and section in current_app.view_functions:
        url = url_for(section)
        current = url if any(entry["url"] == url for entry in entries) else None
    return {"nav_all": entries, "nav_current": current}


@bp.route("/")
def landing():
    """The front page; signed-in users go to their home."""
    if current_user.is_authenticated:
        return redirect(url_for("home.home"), code=303)
    return render_template("home/landing.html")


@bp.route("/home")
@login_required
def home():
    """The signed-in user's home: for each of their roles, its work, the main action one click away."""
    user = current_user._get_current_object()
    return render_template(
        "home/home.html",
        applicant=applicant_home(user) if user.has_role(Role.APPLICANT) else None,
        reviewer=reviewer_home(user) if user.has_role(Role.REVIEWER) else None,
        editor=calls_progress() if user.has_role(Role.EDITOR) else None,
        admin=admin_home() if user.has_role(Role.ADMIN) else None)
