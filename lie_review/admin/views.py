"""Admin pages: people, invitations and the development outbox."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.forms import InviteForm
from ..auth.models import Role, User
from ..auth.operations import create_invitation, send_invitation
from ..extensions import db
from ..mail import OutboxMessage, uses_outbox
from ..permissions import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required(Role.ADMIN)
def require_admin():
    """Every admin page is for admins only."""


@bp.route("/people")
def people():
    page = db.paginate(select(User).order_by(User.name, User.id), per_page=50)
    return render_template("admin/people.html", page=page)


@bp.route("/invitations/new", methods=["GET", "POST"])
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        invitation, token = create_invitation(
            email=form.email.data, name=form.name.data, role=form.role.data,
            economy_id=form.economy.data, organisation=form.organisation.data or "",
            invited_by=current_user._get_current_object(),
        )
        send_invitation(invitation, token)
        db.session.commit()
        flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
        return redirect(url_for("admin.invite"), code=303)
    return render_template("admin/invite.html", form=form), 422 if form.errors else 200


@bp.route("/outbox")
def outbox():
    page = db.paginate(select(OutboxMessage).order_by(OutboxMessage.id.desc()), per_page=20)
    return render_template("admin/outbox.html", page=page, uses_outbox=uses_outbox(),
                           args=request.args.to_dict(flat=True))
