"""The decision's evidence on the editor's case-study page: the scores it was taken on beside today's,
and the status of the case study said once."""

from __future__ import annotations

import re
from types import SimpleNamespace

from lie_review.case_studies.models import CaseStudy
from lie_review.editorial.decisions.evidence import decision_evidence
from lie_review.editorial.models import Decision
from lie_review.extensions import db

from .builders import make_reviewer, review
from .test_decisions import decide, world  # noqa: F401 (the fixture)


def _text(page: str) -> str:
    """The page's text, tags dropped and white space folded, as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def _evidence(page: str) -> str:
    found = re.search(r'<div class="decision-evidence" id="decision-evidence">.*?(?=<form|</section>)', page, re.S)
    assert found, "no evidence shown"
    return _text(found.group(0))


def test_the_evidence_shows_the_scores_then_and_now_and_their_difference(app, client, world):
    assert decide(client, world.studies[0], "accepted").status_code == 303
    with app.app_context():
        case_study = db.session.get(CaseStudy, world.studies[0])
        review(case_study, make_reviewer("THA", name="Somchai"), [5, 5, 5])  # a third review, total 100
        db.session.commit()
    evidence = _evidence(client.get(f"/editor/case-studies/{world.studies[0]}").get_data(as_text=True))
    assert "Reviews submitted 2 3 +1" in evidence
    assert "Raw mean 62.5 75.0 +12.5" in evidence
    assert "Mean: Local challenge addressed 3.50 4.00 +0.50" in evidence
    assert "Spread 75.0 75.0 no change" in evidence
    assert "The scores have moved since the decision was taken." in evidence


def test_the_evidence_says_so_when_nothing_moved(app, client, world):
    decide(client, world.studies[0], "waitlisted")
    evidence = _evidence(client.get(f"/editor/case-studies/{world.studies[0]}").get_data(as_text=True))
    assert "Raw mean 62.5 62.5 no change" in evidence
    assert "The scores are the same as when the decision was taken." in evidence


def test_an_old_decision_without_a_snapshot_says_none_was_kept(app, client, world):
    with app.app_context():
        db.session.add(Decision(case_study_id=world.studies[0], outcome="accepted", rationale="Before snapshots."))
        db.session.commit()
    page = client.get(f"/editor/case-studies/{world.studies[0]}").get_data(as_text=True)
    assert "No record of the scores was kept with this decision" in _evidence(page)


def test_no_evidence_is_shown_before_a_decision(app, client, world):
    page = client.get(f"/editor/case-studies/{world.studies[0]}").get_data(as_text=True)
    assert 'id="decision-evidence"' not in page


def _criterion(id_, label):
    return SimpleNamespace(id=id_, text=lambda name: label)


def test_a_criterion_taken_out_since_keeps_its_row_and_one_added_has_no_score_then():
    snapshot = {"reviews": 2, "mean": 60.0, "calibrated": None, "spread": 10.0,
                "criteria": [{"id": 1, "label": "Kept", "mean": 3.0}, {"id": 2, "label": "Gone", "mean": 4.0}]}
    now = SimpleNamespace(reviews=2, mean=60.0, calibrated=None, spread=10.0, means_by_criterion={1: 3.0, 3: 2.0})
    evidence = decision_evidence(snapshot, now, [_criterion(1, "Kept"), _criterion(3, "New")])
    rows = [(r.name, r.label, r.then, r.now, r.difference) for r in evidence.rows]
    assert rows == [("reviews", "", 2, 2, 0), ("mean", "", 60.0, 60.0, 0.0), ("calibrated", "", None, None, None),
                    ("spread", "", 10.0, 10.0, 0.0), ("criterion", "Kept", 3.0, 3.0, 0.0),
                    ("criterion", "New", None, 2.0, None), ("criterion", "Gone", 4.0, None, None)]
    assert evidence.changed
    assert decision_evidence({}, now, []) is None and decision_evidence(None, None, []) is None


def test_the_case_study_status_is_said_once(app, client, world):
    page = client.get(f"/editor/case-studies/{world.studies[0]}").get_data(as_text=True)
    lead = _text(re.search(r'<p class="lead">.*?</p>', page, re.S).group(0))
    assert lead.lower().count("submitted") == 1, lead
    assert re.search(r"Submitted \d{1,2} \w{3} \d{4}, \d\d:\d\d", lead), lead
    draft = _text(re.search(r'<p class="lead">.*?</p>', client.get(
        f"/editor/case-studies/{world.draft}").get_data(as_text=True), re.S).group(0))
    assert "Draft" in draft and "draft" not in draft.replace("Draft", "")
