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
