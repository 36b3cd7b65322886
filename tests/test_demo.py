"""The demo case studies load from their TOML files with the fields and codes that seeding uses."""

from __future__ import annotations

from collections import Counter

from lie_review.case_studies.models import CaseStudy, GroupServed, OrganisationType, Sector
from lie_review.demo import case_studies
from lie_review.editorial.models import Outcome
from lie_review.reference_data import COHOSTS, ECONOMIES, FORA

SEEDING_KEYS = {"economy", "forum", "state", "applicant", "applicant_name", "organisation_name"}
STATES = {"draft", "submitted", "withdrawn", "reviewed", *(o.value for o in Outcome)}
# The demo applicant of the README signs in as this slug and owns several case studies.
SHARED_APPLICANT = "applicant"


def test_demo_case_studies_have_the_fields_seeding_uses():
    items = case_studies()
    columns = set(CaseStudy.__table__.columns.keys())
    assert len(items) >= 40
    for item in items:
        assert SEEDING_KEYS <= set(item)
        assert set(item) - SEEDING_KEYS <= columns
        assert set(item) == set(items[0])
        assert all(isinstance(item[k], str)
                   for k in set(item) - {"forum", "consent_to_publish", "groups_served"})
        assert isinstance(item["consent_to_publish"], bool)
        assert isinstance(item["groups_served"], list)


def test_demo_case_studies_use_known_codes():
    economies = {code for code, _, _ in ECONOMIES}
    cities = {city for _, _, city in FORA}
    for item in case_studies():
        assert item["organisation_type"] in {t.value for t in OrganisationType}
        assert item["sector"] in {s.value for s in Sector}
        assert item["economy"] in economies
        assert item["forum"] is None or item["forum"] in cities
        assert item["state"] in STATES
        assert set(item["groups_served"]) <= {g.value for g in GroupServed}, item["title"]
        assert len(set(item["groups_served"])) == len(item["groups_served"]), item["title"]


def test_demo_case_studies_come_from_every_economy_most_from_the_cohosts():
    items = case_studies()
    by_economy = Counter(item["economy"] for item in items)
    assert set(by_economy) == {code for code, _, _ in ECONOMIES}
    assert all(by_economy[code] >= 5 for code in COHOSTS), by_economy
    assert {item["forum"] for item in items} == {city for _, _, city in FORA} | {None}


def test_demo_case_studies_are_mostly_submitted_or_reviewed_with_a_few_drafts_and_withdrawals():
    states = Counter(item["state"] for item in case_studies())
    assert set(states) == STATES
    assert states["submitted"] + states["reviewed"] > len(case_studies()) / 2
    assert 1 <= states["withdrawn"] <= 2
    assert 1 <= states["draft"] <= 4


def test_demo_applicants_are_each_their_own_and_write_from_example_org():
    items = case_studies()
    slugs = Counter(item["applicant"] for item in items)
    assert all(n == 1 for slug, n in slugs.items() if slug != SHARED_APPLICANT), slugs
    names = Counter(item["applicant_name"] for item in items if item["applicant"] != SHARED_APPLICANT)
    assert all(n == 1 for n in names.values()), names
    for item in items:
        assert item["contact_email"].endswith("@example.org")
        assert item["website"] == "" or item["website"].endswith(".example.org")
