"""Who may read a reviewer's comment: the editors only (the default), or the applicant too, in the feedback
the editors release with the decision. The form's two values and the stored mark, both ways."""

from __future__ import annotations

EDITORS_ONLY, FOR_APPLICANT = "editors", "applicant"


def audience_of(for_applicant: bool | None) -> str:
    """The form's value for a stored mark: a comment is for the editors only unless marked otherwise."""
    return FOR_APPLICANT if for_applicant else EDITORS_ONLY


def is_for_applicant(audience: str | None) -> bool | None:
    """The stored mark for a posted value (None, not posted, leaves it as it is)."""
    return None if audience is None else audience == FOR_APPLICANT
