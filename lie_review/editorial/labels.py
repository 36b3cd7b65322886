"""How the editorial values are named on every page and export: statuses, outcomes, conflicts, coverage."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .models import Outcome

# The editor's view of where a case study is, in workflow order.
STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Awaiting reviewers"),
    "under_review": _l("Under review"),
    "reviewed": _l("Reviewed"),
    "decided": _l("Decided"),
    "released": _l("Decision released"),
    "withdrawn": _l("Withdrawn"),
}

OUTCOME_LABELS = {
    Outcome.ACCEPTED.value: _l("Accepted"),
    Outcome.WAITLISTED.value: _l("Waitlisted"),
    Outcome.REJECTED.value: _l("Rejected"),
}

CONFLICT_LABELS = {
    "applicant": _l("is the applicant"),
    "declared": _l("declared a conflict"),
    "same_organisation": _l("same organisation as the applicant"),
    "same_economy": _l("same economy as the applicant (excluded by the call)"),
}

COVERAGE_LABELS = {
    "done": _l("reviewed"),
    "pending": _l("assigned, not yet reviewed"),
    "missing": _l("no reviewer assigned"),
}

def shortage_text(reason: str, economy: str, count: int) -> str:
    """Why auto-assignment left `count` case studies short of a reviewer from `economy`."""
    if reason == "no_reviewer_in_economy":
        return ngettext("no reviewer from %(economy)s in the pool for %(num)d case study",
                        "no reviewer from %(economy)s in the pool for %(num)d case studies", count, economy=economy)
    return ngettext("no eligible reviewer from %(economy)s for %(num)d case study",
                    "no eligible reviewer from %(economy)s for %(num)d case studies", count, economy=economy)

# The section of the report queue for accepted case studies presented at no forum.
OTHER_SECTION_TITLE = "Other case studies"
