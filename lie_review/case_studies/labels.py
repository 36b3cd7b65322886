"""How the case study's coded values and sections are named on the page (SPEC §4.1)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import GroupServed, OrganisationType, Sector
from .rules import ApplicantStatus

ORGANISATION_TYPE_LABELS = {
    OrganisationType.STARTUP.value: _l("Startup"),
    OrganisationType.MSME.value: _l("MSME (micro, small or medium enterprise)"),
    OrganisationType.INCUBATOR.value: _l("Incubator or accelerator"),
    OrganisationType.UNIVERSITY.value: _l("University"),
    OrganisationType.LOCAL_GOVERNMENT.value: _l("Local government"),
    OrganisationType.LARGE_COMPANY.value: _l("Large company"),
    OrganisationType.NGO.value: _l("NGO or community organisation"),
    OrganisationType.OTHER.value: _l("Other"),
}

SECTOR_LABELS = {
    Sector.AGRICULTURE.value: _l("Agriculture and food"),
    Sector.MANUFACTURING.value: _l("Manufacturing"),
    Sector.TOURISM.value: _l("Tourism and hospitality"),
    Sector.HEALTH.value: _l("Health and care"),
    Sector.EDUCATION.value: _l("Education and skills"),
    Sector.DIGITAL.value: _l("Digital and ICT"),
    Sector.ENERGY.value: _l("Energy and environment"),
    Sector.FINANCE.value: _l("Finance"),
    Sector.MOBILITY.value: _l("Mobility and logistics"),
    Sector.RETAIL.value: _l("Retail and trade"),
    Sector.CREATIVE.value: _l("Creative industries and culture"),
    Sector.OTHER.value: _l("Other"),
}

GROUP_SERVED_LABELS = {
    GroupServed.WOMEN.value: _l("Women"),
    GroupServed.YOUTH.value: _l("Youth"),
    GroupServed.OLDER_PEOPLE.value: _l("Older people"),
    GroupServed.PERSONS_WITH_DISABILITIES.value: _l("Persons with disabilities"),
    GroupServed.INDIGENOUS_PEOPLES.value: _l("Indigenous peoples"),
    GroupServed.RURAL_REMOTE.value: _l("Rural and remote communities"),
}



def groups_served_names(codes: list[str] | None, labels=GROUP_SERVED_LABELS) -> str:
    """The groups a case study serves by name, in the form's order ("Women, Youth"); `labels` may be the
    table already translated, as an export translates it once."""
    chosen = set(codes or ())
    return ", ".join(str(label) for code, label in labels.items() if code in chosen)


# What the applicant is told of their case study's progress.
APPLICANT_STATUS_LABELS = {
    ApplicantStatus.DRAFT.value: _l("Draft"),
    ApplicantStatus.SUBMITTED.value: _l("Submitted"),
    ApplicantStatus.UNDER_REVIEW.value: _l("Under review"),
    ApplicantStatus.DECISION.value: _l("Decision released"),
    ApplicantStatus.WITHDRAWN.value: _l("Withdrawn"),
}

# The long sections of the form, in the order the applicant fills them.
SECTIONS = [
    ("summary", _l("Summary")),
    ("local_challenge", _l("Local challenge")),
    ("solution", _l("Solution and innovation")),
    ("ecosystem_partners", _l("Ecosystem partners")),
    ("results", _l("Results and impact")),
    ("sustainability", _l("Sustainability")),
    ("inclusiveness", _l("Inclusiveness")),
    ("lessons", _l("Lessons and replicability")),
]
