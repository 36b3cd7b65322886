"""Admin pages: people and their roles, invitations one by one or from a CSV file, the outbox."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import htmx
from ..auth.models import Invitation, Role, User
from ..auth.views import safe_next
from ..extensions import db
from .. import mail
from ..mail import OutboxMessage, uses_outbox
from ..paging import page_arg
from ..permissions import acting_user, roles_required
from . import batches, operations, queries, roster
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
    """The account, or 404."""
    return db.get_or_404(User, user_id)


def get_invitation_or_404(invitation_id: int) -> Invitation:
    """The invitation, or 404."""
    return db.get_or_404(Invitation, invitation_id)


def _refused(message: str, code: int):
    return render_template("errors/error.html", code=code, message=message, title=None), code


@bp.route("/people")
def people():
    """Accounts and open invitations, searched and filtered from the URL."""
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
    """One person's page: roles, economy, organisation, invitations, deactivation."""
    return _render_person(get_person_or_404(user_id))


@bp.route("/people/<int:user_id>/roles", methods=["POST"])
def change_roles(user_id: int):
    """Change a person's roles (an admin cannot remove their own admin role)."""
    person = get_person_or_404(user_id)
    form = RolesForm(person=person)
    if form.validate_on_submit():
        try:
            changed = operations.change_roles(person=person, roles=set(form.roles.data), actor=acting_user())
        except operations.NotAllowed as error:
            form.roles.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Roles saved.") if changed else _("Nothing to change."), "success")
            return htmx.redirect_for(url_for("admin.person", user_id=person.id))
    return _render_person(person, roles_form=form, status=422)


@bp.route("/people/<int:user_id>/details", methods=["POST"])
def change_details(user_id: int):
    """Change a person's economy and organisation."""
    person = get_person_or_404(user_id)
    form = DetailsForm(person=person)
    if form.validate_on_submit():
        try:
            changed = operations.change_details(person=person, economy_id=form.economy.data,
                                                organisation=form.organisation.data or "", actor=acting_user())
        except operations.NotAllowed as error:
            return _refused(str(error), 403)
        db.session.commit()
        flash(_("Details saved.") if changed else _("Nothing to change."), "success")
        return htmx.redirect_for(url_for("admin.person", user_id=person.id))
    return _render_person(person, details_form=form, status=422)


def _change(change, message: str, *, refused: int, back, **target):
    """Apply an operation to `target` as the signed-in admin: its refusal shown with `refused`, else
    committed, `message` flashed and `back()` answered."""
    try:
        change(actor=acting_user(), **target)
    except operations.NotAllowed as error:
        return _refused(str(error), refused)
    db.session.commit()
    flash(message, "success")
    return back()


def _back_to_person(person: User):
    return htmx.redirect_for(url_for("admin.person", user_id=person.id))


@bp.route("/people/<int:user_id>/deactivate", methods=["POST"])
def deactivate(user_id: int):
    """Deactivate an account and end its sessions (never one's own)."""
    person = get_person_or_404(user_id)
    return _change(operations.deactivate_user, _("%(name)s is deactivated: they are signed out and cannot sign in.",
                                                 name=person.name),
                   refused=403, back=lambda: _back_to_person(person), person=person)


@bp.route("/people/<int:user_id>/reactivate", methods=["POST"])
def reactivate(user_id: int):
    """Let a deactivated account sign in again."""
    person = get_person_or_404(user_id)
    return _change(operations.reactivate_user, _("%(name)s can sign in again.", name=person.name),
                   refused=403, back=lambda: _back_to_person(person), person=person)


@bp.route("/invitations/new", methods=["GET", "POST"])
def invite():
    """Invite one person by email with a role (and, for a reviewer, an economy)."""
    form = InviteForm()
    if form.validate_on_submit():
        invitation = operations.invite_person(
            email=form.email.data, name=form.name.data, role=form.role.data, economy_id=form.economy.data,
            organisation=form.organisation.data or "", invited_by=acting_user())
        db.session.commit()
        flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
        return redirect(url_for("admin.invite"), code=303)
    return render_template("admin/invite.html", form=form), 422 if form.errors else 200


def _upload_page(form: UploadForm, status: int = 200):
    return render_template("admin/upload.html", form=form,
                           max_rows=current_app.config["BULK_INVITE_MAX_ROWS"]), status


@bp.route("/invitations/upload", methods=["GET", "POST"])
def upload():
    """Upload a CSV of people to invite: its rows are checked and kept, and its preview shown."""
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
            batch = batches.store_batch(rows=rows, counts=counts, filename=batches.file_label(form.file.data.filename),
                                        actor=acting_user())
            db.session.commit()
            return redirect(url_for("admin.batch", batch_id=batch.id), code=303)
    return _upload_page(form, 422 if form.errors else 200)


def _upload_again(message: str, status: int):
    form = UploadForm(formdata=None)
    form.file.errors = [message]
    return _upload_page(form, status)


@bp.route("/invitations/batches/<int:batch_id>")
def batch(batch_id: int):
    """A file's preview: how many rows are new, members, invited or wrong, the rows not invited, the
    first people who will be, and Send; once sent, the job sending it."""
    batch = batches.get_batch_or_404(batch_id, for_user=current_user)
    if batch.job_id is not None:
        return redirect(url_for("jobs.show", job_id=batch.job_id), code=303)
    if batches.expired(batch):
        return _upload_again(str(batches.EXPIRED), 410)
    return render_template("admin/preview.html", batch=batch, counts=batch.counts,
                           problems=batches.problem_rows(batch, page=page_arg()),
                           first_new=batches.first_new_rows(batch))


@bp.route("/invitations/batches/<int:batch_id>/send", methods=["POST"])
def send_batch(batch_id: int):
    """Start sending a previewed file's invitations as a job, and follow it; a second Send follows the first's."""
    if not SendBatchForm().validate_on_submit():
        return _refused(_("This form was not sent as the page gave it. Go back to the preview and try again."), 400)
    try:
        job, started = batches.send_batch(batch_id=batch_id, actor=acting_user())
    except batches.BatchRefused as refused:
        db.session.rollback()
        return _upload_again(str(refused), refused.code)
    db.session.commit()
    if not started:
        flash(_("These invitations were already sent: here is how far they have got."), "warning")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


def _back_to_people():
    return htmx.redirect_for(safe_next(request.form.get("next")) or url_for("admin.people", status="invited"))


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
def resend(invitation_id: int):
    """Mail a new invitation link; the previous one stops working."""
    invitation = get_invitation_or_404(invitation_id)
    return _change(operations.resend_invitation, _(
        "A new invitation link is sent to %(email)s; the previous link no longer works.", email=invitation.email),
        refused=409, back=_back_to_people, invitation=invitation)


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
def revoke(invitation_id: int):
    """Revoke an invitation so its link stops working."""
    invitation = get_invitation_or_404(invitation_id)
    return _change(operations.revoke_invitation, _(
        "The invitation to %(email)s is revoked: its link no longer works.", email=invitation.email),
        refused=409, back=_back_to_people, invitation=invitation)


@bp.route("/outbox")
def outbox():
    """Every message, newest first: queued, being sent, sent, or failed with each try's error."""
    form = OutboxFilterForm(request.args)
    valid = form.validate()
    args = filter_args(form, ("to", "state"))
    page = queries.outbox_page(recipient=args.get("to", ""), state=args.get("state", ""), page=page_arg())
    return render_template("admin/outbox.html", form=form, page=page, uses_outbox=uses_outbox(),
                           args=args), 200 if valid else 422


@bp.route("/outbox/<int:message_id>/send", methods=["POST"])
def send_again(message_id: int):
    """Queue a message that failed every try once more, its tries counted afresh."""
    message = db.get_or_404(OutboxMessage, message_id)
    if mail.send_again(message):
        db.session.commit()
        flash(_("The message to %(email)s is queued again.", email=message.recipient), "success")
    else:
        flash(_("Only a message that failed can be sent again."), "warning")
    return redirect(safe_next(request.form.get("next")) or url_for("admin.outbox"), code=303)
