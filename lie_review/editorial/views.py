"""Editor pages: calls and their dashboards."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from ..auth.models import Role
from ..case_studies.models import Call
from ..extensions import db
from ..permissions import roles_required

bp = Blueprint("editorial", __name__, url_prefix="/editor")


@bp.before_request
@roles_required(Role.EDITOR, Role.ADMIN)
def require_editor():
    """Every editor page is for editors and admins only."""


@bp.route("/calls")
def calls():
    rows = db.session.execute(select(Call).order_by(Call.opens_at.desc())).scalars().all()
    return render_template("editorial/calls.html", calls=rows)
