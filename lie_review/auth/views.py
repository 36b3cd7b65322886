"""Account pages: register, confirm, log in and out, reset a password, accept an invitation."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import i18n
from ..extensions import db, limiter
from ..htmx import redirect_for
from ..permissions import acting_user
from . import operations
from .labels import role_names
from .forms import (AcceptInvitationForm, AccountForm, ChangePasswordForm, ForgotPasswordForm, LoginForm,
                    RegisterForm, ResetPasswordForm)
from .tokens import find_auth_token, find_invitation

bp = Blueprint("auth", __name__)
bp.add_app_template_filter(role_names, "role_names")


def safe_next(target: str | None) -> str | None:
    """A same-site path to return to, or None: never another host, scheme or protocol-relative URL."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _login_email_key() -> str:
    return "login-account:" + operations.normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    return response.status_code != 303


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Register as an applicant; a confirmation link is emailed."""
    form = RegisterForm()
    if form.validate_on_submit():
        operations.register_applicant(
            name=form.name.data, email=form.email.data, password=form.password.data,
            organisation=form.organisation.data, economy_id=form.economy.data,
        )
        db.session.commit()
        return render_template("auth/check_email.html", email=form.email.data)
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.route("/confirm/<token>")
def confirm_email(token: str):
    """Confirm an email address from the emailed link."""
    user = operations.confirm_email(token=token)
    if user is None:
        return render_template("auth/link_invalid.html", what=_("confirmation")), 404
    db.session.commit()
    flash(_("Your email address is confirmed. You can log in now."), "success")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
               deduct_when=_failed, scope="login-address")
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_login_email_key, deduct_when=_failed, scope="login-account")
def login():
    """Log in (rate-limited per account and per address)."""
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("home.home"), code=303)
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.check_credentials(form.email.data, form.password.data)
        if user is not None and user.email_confirmed_at is None:
            operations.send_confirmation(user)
            db.session.commit()
            form.email.errors.append(_("Please confirm your email address first: we have sent you a new link."))
            return render_template("auth/login.html", form=form, next_url=next_url), 403
        if user is None:
            operations.record_failed_login(form.email.data)
            db.session.commit()
            form.password.errors.append(_("The email or password is not right."))
            return render_template("auth/login.html", form=form, next_url=next_url), 401
        operations.start_session(user)
        db.session.commit()
        return redirect(next_url or url_for("home.home"), code=303)
    return render_template("auth/login.html", form=form, next_url=next_url), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out and end the session on the server."""
    operations.end_session()
    db.session.commit()
    flash(_("You have logged out."), "success")
    return redirect_for(url_for("home.landing"))


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    """Ask for a password reset link (the same answer whether or not the account exists)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        operations.request_password_reset(email=form.email.data)
        db.session.commit()
        return render_template("auth/check_email.html", email=form.email.data, reset=True)
    return render_template("auth/forgot_password.html", form=form), 422 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a reset link."""
    if find_auth_token(token, "reset") is None:
        return render_template("auth/link_invalid.html", what=_("password reset")), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user = operations.reset_password(token=token, password=form.password.data)
        if user is None:
            return render_template("auth/link_invalid.html", what=_("password reset")), 404
        db.session.commit()
        flash(_("Your password is changed. Log in with the new one."), "success")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset_password.html", form=form), 422 if form.errors else 200


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Join from an invitation link: set a name and password."""
    invitation = find_invitation(token)
    if invitation is None or not invitation.is_pending:
        return render_template("auth/invitation_invalid.html", invitation=invitation), 404 if invitation is None else 410
    form = AcceptInvitationForm(name=invitation.name)
    if form.validate_on_submit():
        user = operations.accept_invitation(token=token, name=form.name.data, password=form.password.data)
        if user is None:
            return render_template("auth/invitation_invalid.html", invitation=invitation), 410
        operations.start_session(user)
        db.session.commit()
        flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
        return redirect(url_for("home.home"), code=303)
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation), (
        422 if form.errors else 200)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """The account page: name, time zone and language."""
    user = acting_user()
    form = AccountForm(data={"name": user.name, "timezone": user.timezone or "",
                             "locale": i18n.supported(user.locale) or i18n.current_locale()})
    if form.validate_on_submit():
        operations.update_account(user=user, name=form.name.data, timezone=form.timezone.data,
                                  locale=form.locale.data)
        db.session.commit()
        flash(_("Your details are saved."), "success")
        return redirect(url_for("auth.account"), code=303)
    return _account_page(form, ChangePasswordForm(formdata=None), 422 if form.errors else 200)


@bp.route("/language", methods=["POST"])
def choose_language():
    """Switch the interface's language: kept in a cookie, and on the account when signed in."""
    locale = i18n.supported(request.form.get("locale"))
    response = redirect(safe_next(request.form.get("next")) or url_for("home.landing"), code=303)
    if locale is not None:
        if current_user.is_authenticated:
            operations.set_locale(user=acting_user(), locale=locale)
            db.session.commit()
        i18n.remember(response, locale)
    return response


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    """Change the password; every other session ends."""
    user = acting_user()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if operations.change_password(user=user, current=form.current_password.data, new=form.password.data):
            db.session.commit()
            flash(_("Your password is changed. You were logged out everywhere else."), "success")
            return redirect(url_for("auth.account"), code=303)
        form.current_password.errors.append(_("That is not your current password."))
    return _account_page(AccountForm(formdata=None, obj=user, data={"timezone": user.timezone or ""}), form, 422)


def _account_page(account_form, password_form, status: int):
    return render_template("auth/account.html", form=account_form, password_form=password_form), status
