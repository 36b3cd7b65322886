"""The demo case studies load from their TOML file with the fields and codes that seeding uses."""

from __future__ import annotations

from lie_review.case_studies.models import CaseStudy, OrganisationType, Sector
from lie_review.demo import case_studies
from lie_review.editorial.models import Outcome
from lie_review.reference_data import ECONOMIES, FORA

SEEDING_KEYS = {"economy", "forum", "state", "applicant", "applicant_name", "organisation_name"}
STATES = {"draft", "submitted", "withdrawn", "reviewed", *(o.value for o in Outcome)}


def test_demo_case_studies_have_the_fields_seeding_uses():
    items = case_studies()
    columns = set(CaseStudy.__table__.columns.keys())
    assert len(items) == 12
    for item in items:
        assert SEEDING_KEYS <= set(item)
        assert set(item) - SEEDING_KEYS <= columns
        assert set(item) == set(items[0])
        assert all(isinstance(item[k], str) for k in set(item) - {"forum", "consent_to_publish"})
        assert isinstance(item["consent_to_publish"], bool)


def test_demo_case_studies_use_known_codes():
    economies = {code for code, _, _ in ECONOMIES}
    cities = {city for _, _, city in FORA}
    for item in case_studies():
        assert item["organisation_type"] in {t.value for t in OrganisationType}
        assert item["sector"] in {s.value for s in Sector}
        assert item["economy"] in economies
        assert item["forum"] is None or item["forum"] in cities
        assert item["state"] in STATES
