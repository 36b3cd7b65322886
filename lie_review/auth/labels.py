"""How an account's coded values are named on every page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import Role

ROLE_LABELS = {
    Role.APPLICANT.value: _l("Applicant"),
    Role.REVIEWER.value: _l("Reviewer"),
    Role.EDITOR.value: _l("Editor"),
    Role.ADMIN.value: _l("Admin"),
}


def role_names(roles) -> str:
    """An account's roles in words, in the order of ROLE_LABELS ("Reviewer, Editor"); a role or a list."""
    chosen = {roles} if isinstance(roles, str) else set(roles)
    return ", ".join(str(label) for role, label in ROLE_LABELS.items() if role in chosen)
