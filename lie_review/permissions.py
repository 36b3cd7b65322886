"""Named permission predicates, used by views and (as Jinja globals) by templates alike."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from .auth.models import Role


def roles_required(*roles: Role):
    """Let through signed-in users holding any of `roles`; others are sent to log in (or get 403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from .extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def acting_user():
    """The signed-in user as the actor that operations record (never a proxy), or None."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def is_staff(user) -> bool:
    """Editors and admins see every case study and every review."""
    return user.is_authenticated and user.has_role(Role.EDITOR, Role.ADMIN)


def is_admin(user) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN)


def is_applicant_of(user, case_study) -> bool:
    return user.is_authenticated and case_study.applicant_id == user.id


def can_view_case_study(user, case_study, is_assigned=lambda: False) -> bool:
    """Applicants their own, reviewers what is assigned to them, editors and admins all.

    `is_assigned()` tells whether the user holds an active assignment on it; asked only when needed.
    """
    if not user.is_authenticated:
        return False
    return is_staff(user) or is_applicant_of(user, case_study) or is_assigned()


def can_see_applicant_identity(user, case_study) -> bool:
    """Who wrote it: hidden from reviewers when the call says so; the applicant and staff always know."""
    return (is_staff(user) or is_applicant_of(user, case_study)
            or not case_study.call.hide_applicant_identity)


def can_edit_case_study(user, case_study, now=None) -> bool:
    """Only the applicant, only while a draft and the call is open."""
    return (
        is_applicant_of(user, case_study)
        and case_study.status == "draft"
        and case_study.call.is_open(now)
    )


def can_change_submission(user, case_study, now=None) -> bool:
    """Reopen (or withdraw, unless accepted): the applicant, while the call is open and the case study
    not withdrawn."""
    return (
        is_applicant_of(user, case_study)
        and case_study.status != "withdrawn"
        and case_study.call.is_open(now)
    )


def can_withdraw_case_study(user, case_study, *, accepted: bool, now=None) -> bool:
    """Withdraw: the applicant, while the call is open; once told it is accepted, at any time, since
    acceptance comes after the deadline and an applicant may still need to take it out of the report."""
    return (is_applicant_of(user, case_study) and case_study.status != "withdrawn"
            and (accepted or case_study.call.is_open(now)))


def can_reopen_case_study(user, case_study, *, decision_released: bool, now=None) -> bool:
    """Back to a draft: a submitted case study, while the call is open, until a decision on it is
    released: what the editors decided on is what gets published (or not)."""
    return (can_change_submission(user, case_study, now) and case_study.status == "submitted"
            and not decision_released)


def is_assignment_owner(user, assignment) -> bool:
    return user.is_authenticated and assignment.reviewer_id == user.id


def can_score(user, assignment, now=None) -> bool:
    """The assigned reviewer, on an active assignment, until the call's review closes."""
    return (
        is_assignment_owner(user, assignment)
        and assignment.status == "active"
        and assignment.case_study.call.review_is_open(now)
    )


def can_declare_conflict(user, assignment, now=None) -> bool:
    """The assigned reviewer, on an active assignment, until the call's review closes."""
    return can_score(user, assignment, now)


def can_see_other_reviews(user, assignment, review) -> bool:
    """After submitting their own review, and only where the call allows it."""
    return (
        is_assignment_owner(user, assignment)
        and review is not None
        and review.submitted_at is not None
        and assignment.case_study.call.reviewers_see_others
    )


def can_decide(user) -> bool:
    """Assign, decide, order and export."""
    return is_staff(user)


def can_decide_on(user, case_study) -> bool:
    """A decision is taken on a submitted case study, never on a draft or a withdrawn one."""
    return can_decide(user) and case_study.status == "submitted"


def can_change_scale(user, criterion_has_scores: bool) -> bool:
    """A criterion's scale is fixed once scores exist: changing it would change what they mean."""
    return is_staff(user) and not criterion_has_scores


def can_remove_assignment(user, assignment) -> bool:
    """An assignment goes while its review is unsubmitted; a submitted review is kept."""
    review = assignment.review
    return can_decide(user) and (review is None or review.submitted_at is None)


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_remove_admin_role(user, person) -> bool:
    """Admins may demote other admins, never themselves: someone is always left to undo a mistake."""
    return is_admin(user) and person.id != user.id


def can_deactivate(user, person) -> bool:
    """Admins may deactivate other active accounts, never their own."""
    return is_admin(user) and person.id != user.id and person.active


def can_reactivate(user, person) -> bool:
    return is_admin(user) and not person.active


def can_change_invitation(user, invitation) -> bool:
    """Resend or revoke: admins, while the invitation is neither accepted nor revoked (expired is fine)."""
    return is_admin(user) and invitation.accepted_at is None and invitation.revoked_at is None


def can_view_audit_trail(user) -> bool:
    """Admins see every audit event; editors those that belong to a call (they run every call)."""
    return is_staff(user)


def sees_every_audit_event(user) -> bool:
    """Account events (sign-ins, roles, invitations) belong to no call: admins only."""
    return is_admin(user)


JINJA_GLOBALS = {
    "is_staff": is_staff,
    "is_admin": is_admin,
    "can_view_case_study": can_view_case_study,
    "can_see_applicant_identity": can_see_applicant_identity,
    "can_edit_case_study": can_edit_case_study,
    "can_change_submission": can_change_submission,
    "can_reopen_case_study": can_reopen_case_study,
    "can_withdraw_case_study": can_withdraw_case_study,
    "is_applicant_of": is_applicant_of,
    "can_score": can_score,
    "can_declare_conflict": can_declare_conflict,
    "can_see_other_reviews": can_see_other_reviews,
    "can_decide": can_decide,
    "can_decide_on": can_decide_on,
    "can_change_scale": can_change_scale,
    "can_remove_assignment": can_remove_assignment,
    "can_manage_users": can_manage_users,
    "can_remove_admin_role": can_remove_admin_role,
    "can_deactivate": can_deactivate,
    "can_reactivate": can_reactivate,
    "can_change_invitation": can_change_invitation,
    "can_view_audit_trail": can_view_audit_trail,
    "sees_every_audit_event": sees_every_audit_event,
}
