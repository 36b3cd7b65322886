"""Names shown for the editorial values: dashboard statuses, outcomes, conflicts, coverage."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
    "accepted": _l("Accepted"),
    "waitlisted": _l("Waitlisted"),
    "rejected": _l("Rejected"),
}

RECOMMENDATION_LABELS = {
    "strongly_recommend": _l("Strongly recommend"),
    "recommend": _l("Recommend"),
    "neutral": _l("Neutral"),
    "do_not_recommend": _l("Do not recommend"),
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

SHORTAGE_LABELS = {
    "no_eligible_reviewer": _l("no eligible reviewer from %(economy)s for %(n)d case studies"),
    "no_reviewer_in_economy": _l("no reviewer from %(economy)s in the pool for %(n)d case studies"),
}

ORGANISATION_TYPE_LABELS = {
    "startup": _l("Startup"),
    "msme": _l("MSME"),
    "incubator": _l("Incubator or accelerator"),
    "university": _l("University"),
    "local_government": _l("Local government"),
    "large_company": _l("Large company"),
    "ngo": _l("NGO or community"),
    "other": _l("Other"),
}

SECTOR_LABELS = {
    "agriculture": _l("Agriculture and food"),
    "manufacturing": _l("Manufacturing"),
    "tourism": _l("Tourism"),
    "health": _l("Health and care"),
    "education": _l("Education"),
    "digital": _l("Digital"),
    "energy": _l("Energy and environment"),
    "finance": _l("Finance"),
    "mobility": _l("Mobility"),
    "retail": _l("Retail"),
    "creative": _l("Creative industries"),
    "other": _l("Other"),
}

# The section of the report queue for accepted case studies presented at no forum.
OTHER_SECTION_TITLE = "Other case studies"
