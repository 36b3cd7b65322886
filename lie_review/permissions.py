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


def is_staff(user) -> bool:
    """Editors and admins see every case study and every review."""
    return user.is_authenticated and user.has_role(Role.EDITOR, Role.ADMIN)


def is_admin(user) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN)


def is_applicant_of(user, case_study) -> bool:
    return user.is_authenticated and case_study.applicant_id == user.id


def can_view_case_study(user, case_study, assignment=None) -> bool:
    """Applicants their own, reviewers what is assigned to them, editors and admins all."""
    if is_staff(user) or is_applicant_of(user, case_study):
        return True
    return assignment is not None and is_assignment_owner(user, assignment)


def can_edit_case_study(user, case_study, now=None) -> bool:
    """Only the applicant, only while a draft and the call is open."""
    return (
        is_applicant_of(user, case_study)
        and case_study.status == "draft"
        and case_study.call.is_open(now)
    )


def can_change_submission(user, case_study, now=None) -> bool:
    """Reopen or withdraw: the applicant, while the call is open and the case study not withdrawn."""
    return (
        is_applicant_of(user, case_study)
        and case_study.status != "withdrawn"
        and case_study.call.is_open(now)
    )


def is_assignment_owner(user, assignment) -> bool:
    return user.is_authenticated and assignment.reviewer_id == user.id


def can_score(user, assignment, now=None) -> bool:
    """The assigned reviewer, on an active assignment, until the call's review closes."""
    return (
        is_assignment_owner(user, assignment)
        and assignment.status == "active"
        and assignment.case_study.call.review_is_open(now)
    )


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


JINJA_GLOBALS = {
    "is_staff": is_staff,
    "is_admin": is_admin,
    "can_view_case_study": can_view_case_study,
    "can_edit_case_study": can_edit_case_study,
    "can_change_submission": can_change_submission,
    "can_score": can_score,
    "can_see_other_reviews": can_see_other_reviews,
    "can_decide": can_decide,
    "can_decide_on": can_decide_on,
    "can_change_scale": can_change_scale,
    "can_remove_assignment": can_remove_assignment,
    "can_manage_users": can_manage_users,
}
