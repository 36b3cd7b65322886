"""Builders shared by the case study tests: an applicant with a draft, the form as the page sends it."""

from __future__ import annotations

from lie_review.case_studies.models import CaseStudy
from lie_review.extensions import db

from ..factories import make_call, make_case_study, make_user
from ..helpers import count_queries, page_form

COMPLETE = {
    "title": "Hill tea goes online",
    "summary": "A cooperative of small tea farms sells directly to customers.",
    "organisation_name": "Cloudridge Tea Cooperative",
    "organisation_type": "msme",
    "locality": "Lugu Township",
    "forum_id": "",
    "sector": "agriculture",
    "local_challenge": "Prices set by middlemen were too low.",
    "solution": "A shared brand and an online shop.",
    "ecosystem_partners": "The county, a university design school and an incubator.",
    "results": "Farm-gate prices rose by 80 percent.",
    "sustainability": "Organic conversion and a self-funding shop.",
    "inclusiveness": "Eleven young people returned; elderly growers lead tours.",
    "lessons": "Start with a shared brand.",
    "website": "https://cloudridge.example.org",
    "contact_name": "Lin Mei",
    "contact_email": "lin@example.org",
    "contact_phone": "+886 49 123 4567",
    "consent_to_publish": "y",
}

PDF = b"%PDF-1.7\n" + b"0" * 100


def setup_applicant(app, **call_settings):
    with app.app_context():
        applicant = make_user("applicant", email="amy@example.org", locale="en")  # mail in English
        call = make_call(**call_settings)
        case_study = make_case_study(call, applicant, title="Draft one", summary="Old summary.")
        economy_id = case_study.economy_id
        db.session.commit()
        return case_study.id, call.id, economy_id


def form_data(client, case_study_id, **changes):
    """The form's fields as the edit page renders them (version included), with `changes` applied."""
    fields = page_form(client, f"/case-studies/{case_study_id}/edit")
    assert fields.get("version"), "the form carries its version"
    for name, value in changes.items():
        fields.setlist(name, value if isinstance(value, list) else [value])
    return fields


def stored(app, case_study_id) -> CaseStudy:
    with app.app_context():
        case_study = db.session.get(CaseStudy, case_study_id)
        db.session.expunge(case_study)
        return case_study


def page_queries(app, client, path) -> int:
    with app.app_context():
        engine = db.engine
    client.get(path)  # warm up: the first request of a client loads its session and user
    with count_queries(engine) as queries:
        assert client.get(path).status_code == 200
    return len(queries)
