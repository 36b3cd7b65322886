"""Admin pages: people and their roles, invitations one by one or from a CSV file, the outbox."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import htmx
from ..auth.models import Invitation, Role, User
from ..auth.views import safe_next
from ..extensions import db
from ..mail import uses_outbox
from ..paging import page_arg
from ..permissions import roles_required
from . import operations, queries, roster
from .forms import (
    DetailsForm,
    InviteForm,
    OutboxFilterForm,
    PeopleFilterForm,
    RolesForm,
    SendBatchForm,
    UploadForm,
    filter_args,
)

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required(Role.ADMIN)
def require_admin():
    """Every admin page is for admins only."""


def get_person_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def get_invitation_or_404(invitation_id: int) -> Invitation:
    return db.get_or_404(Invitation, invitation_id)


def _actor() -> User:
    return current_user._get_current_object()


def _refused(message: str, code: int):
    return render_template("errors/error.html", code=code, message=message, title=None), code


@bp.route("/people")
def people():
    form = PeopleFilterForm(request.args)
    valid = form.validate()
    args = filter_args(form, ("q", "role", "economy", "status"))
    results = queries.people_page(q=args.get("q", ""), role=args.get("role", ""),
                                  economy_code=args.get("economy", ""), status=args.get("status", ""),
                                  page=page_arg())
    return htmx.render("admin/people.html", "admin/_people_results.html", status=200 if valid else 422,
                       form=form, results=results, args=args, open_invitations=queries.open_invitations_count())


def _render_person(person: User, *, roles_form=None, details_form=None, status: int = 200):
    roles_form = roles_form or RolesForm(formdata=None, person=person, data={"roles": sorted(person.roles)})
    details_form = details_form or DetailsForm(formdata=None, person=person, data={
        "economy": person.economy_id, "organisation": person.organisation})
    return render_template("admin/person.html", person=person, roles_form=roles_form,
                           details_form=details_form,
                           invitations=queries.invitations_of(person)), status


@bp.route("/people/<int:user_id>")
def person(user_id: int):
    return _render_person(get_person_or_404(user_id))


@bp.route("/people/<int:user_id>/roles", methods=["POST"])
def change_roles(user_id: int):
    person = get_person_or_404(user_id)
    form = RolesForm(person=person)
    if form.validate_on_submit():
        try:
            changed = operations.change_roles(person=person, roles=set(form.roles.data), actor=_actor())
        except operations.NotAllowed as error:
            form.roles.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Roles saved.") if changed else _("Nothing to change."), "success")
            return htmx.redirect_for(url_for("admin.person", user_id=person.id))
    return _render_person(person, roles_form=form, status=422)


@bp.route("/people/<int:user_id>/details", methods=["POST"])
def change_details(user_id: int):
    person = get_person_or_404(user_id)
    form = DetailsForm(person=person)
    if form.validate_on_submit():
        try:
            changed = operations.change_details(person=person, economy_id=form.economy.data,
                                                organisation=form.organisation.data or "", actor=_actor())
        except operations.NotAllowed as error:
            return _refused(str(error), 403)
        db.session.commit()
        flash(_("Details saved.") if changed else _("Nothing to change."), "success")
        return htmx.redirect_for(url_for("admin.person", user_id=person.id))
    return _render_person(person, details_form=form, status=422)


@bp.route("/people/<int:user_id>/deactivate", methods=["POST"])
def deactivate(user_id: int):
    person = get_person_or_404(user_id)
    try:
        operations.deactivate_user(person=person, actor=_actor())
    except operations.NotAllowed as error:
        return _refused(str(error), 403)
    db.session.commit()
    flash(_("%(name)s is deactivated: they are signed out and cannot sign in.", name=person.name), "success")
    return htmx.redirect_for(url_for("admin.person", user_id=person.id))


@bp.route("/people/<int:user_id>/reactivate", methods=["POST"])
def reactivate(user_id: int):
    person = get_person_or_404(user_id)
    try:
        operations.reactivate_user(person=person, actor=_actor())
    except operations.NotAllowed as error:
        return _refused(str(error), 403)
    db.session.commit()
    flash(_("%(name)s can sign in again.", name=person.name), "success")
    return htmx.redirect_for(url_for("admin.person", user_id=person.id))


@bp.route("/invitations/new", methods=["GET", "POST"])
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        invitation = operations.invite_person(
            email=form.email.data, name=form.name.data, role=form.role.data, economy_id=form.economy.data,
            organisation=form.organisation.data or "", invited_by=_actor())
        db.session.commit()
        flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
        return redirect(url_for("admin.invite"), code=303)
    return render_template("admin/invite.html", form=form), 422 if form.errors else 200


@bp.route("/invitations/upload", methods=["GET", "POST"])
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        try:
            rows = roster.parse_roster(form.file.data.read(), max_rows=current_app.config["BULK_INVITE_MAX_ROWS"],
                                       economies=roster.economy_lookup(queries.economies()))
        except roster.RosterError as error:
            form.file.errors.append(str(error))
        else:
            members, invited = queries.members_and_invited([row.email for row in rows if row.email])
            counts = roster.classify(rows, members=members, invited=invited)
            batch = roster.seal(rows, secret=current_app.config["SECRET_KEY"], actor_id=current_user.id)
            return render_template("admin/preview.html", rows=rows, counts=counts,
                                   send_form=SendBatchForm(formdata=None, batch=batch))
    return render_template("admin/upload.html", form=form, max_rows=current_app.config["BULK_INVITE_MAX_ROWS"]), (
        422 if form.errors else 200)


@bp.route("/invitations/send", methods=["POST"])
def send_batch():
    form = SendBatchForm()
    try:
        if not form.validate_on_submit():
            raise ValueError("no batch")
        rows = roster.unseal(form.batch.data, secret=current_app.config["SECRET_KEY"], actor_id=current_user.id,
                             max_age=current_app.config["BULK_INVITE_PREVIEW_SECONDS"])
    except ValueError:
        upload_form = UploadForm(formdata=None)
        upload_form.file.errors = [_("This preview has expired or was changed. Upload the file again.")]
        return render_template("admin/upload.html", form=upload_form,
                               max_rows=current_app.config["BULK_INVITE_MAX_ROWS"]), 400
    sent, skipped = operations.invite_rows(rows=rows, invited_by=_actor())
    db.session.commit()
    flash(_("%(sent)d invitations sent.", sent=sent), "success")
    if skipped:
        flash(_("%(n)d people were skipped: they joined or were invited since the preview.", n=skipped), "warning")
    return redirect(url_for("admin.people", status="invited"), code=303)


def _back_to_people():
    return htmx.redirect_for(safe_next(request.form.get("next")) or url_for("admin.people", status="invited"))


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
def resend(invitation_id: int):
    invitation = get_invitation_or_404(invitation_id)
    try:
        operations.resend_invitation(invitation=invitation, actor=_actor())
    except operations.NotAllowed as error:
        return _refused(str(error), 409)
    db.session.commit()
    flash(_("A new invitation link is sent to %(email)s; the previous link no longer works.",
            email=invitation.email), "success")
    return _back_to_people()


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
def revoke(invitation_id: int):
    invitation = get_invitation_or_404(invitation_id)
    try:
        operations.revoke_invitation(invitation=invitation, actor=_actor())
    except operations.NotAllowed as error:
        return _refused(str(error), 409)
    db.session.commit()
    flash(_("The invitation to %(email)s is revoked: its link no longer works.", email=invitation.email),
          "success")
    return _back_to_people()


@bp.route("/outbox")
def outbox():
    form = OutboxFilterForm(request.args)
    valid = form.validate()
    args = filter_args(form, ("to",))
    page = queries.outbox_page(recipient=args.get("to", ""), page=page_arg())
    return render_template("admin/outbox.html", form=form, page=page, uses_outbox=uses_outbox(),
                           args=args), 200 if valid else 422
