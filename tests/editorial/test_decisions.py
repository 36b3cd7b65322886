"""Deciding on a case study (with a snapshot of its scores), the report queue hook, and releasing."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import CaseStudy, Forum
from lie_review.extensions import db
from lie_review.editorial.models import Decision, ReportEntry, ReportSection

from ..factories import make_call, make_case_study, make_user
from ..helpers import outbox
from .builders import make_reviewer, review


@pytest.fixture
def world(app, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org", name="Elena Editor")
        call = make_call(title="2028")
        taipei = db.session.execute(select(Forum).where(Forum.city == "Taipei")).scalar_one()
        studies = [make_case_study(call, make_user(email=f"applicant{i}@example.org", name=f"Applicant {i}",
                                                   locale="en"),
                                   status="submitted", title=f"Study {i}", forum_id=taipei.id if i < 2 else None)
                   for i in range(3)]
        ct, rus = make_reviewer("CT", name="Chen"), make_reviewer("RUS", name="Irina")
        review(studies[0], ct, [5, 5, 5])
        review(studies[0], rus, [2, 2, 2])
        draft = make_case_study(call, make_user(), status="draft", title="A draft")
        db.session.commit()
        ids = SimpleNamespace(call=call.id, studies=[s.id for s in studies], draft=draft.id, forum=taipei.id)
    auth.login("ed@example.org")
    return ids


def stamp(client, case_study_id):
    page = client.get(f"/editor/case-studies/{case_study_id}").get_data(as_text=True)
    return re.search(r'name="stamp"[^>]*value="([^"]*)"', page).group(1)


def decide(client, case_study_id, outcome, rationale="Strong local evidence.", feedback="", **extra):
    data = {"outcome": outcome, "rationale": rationale, "feedback": feedback,
            "stamp": extra.pop("stamp", None) or stamp(client, case_study_id)}
    return client.post(f"/editor/case-studies/{case_study_id}/decision", data=data)


def entries(app):
    with app.app_context():
        return [(e.section.title, e.position, e.case_study.title) for e in db.session.execute(
            select(ReportEntry).join(ReportSection).order_by(ReportSection.position, ReportEntry.position)).scalars()]


def test_the_case_study_page_shows_reviews_reviewers_and_aggregates(app, client, world):
    page = client.get(f"/editor/case-studies/{world.studies[0]}").get_data(as_text=True)
    assert "Chen (CT) — total 100.0" in page and "Irina (RUS) — total 25.0" in page
    assert "reviewers disagree" in page  # spread 75 ≥ 30
    assert "62.5" in page  # raw mean
    assert "Comment on Sustainability" in page
    assert "Local challenge" in page and "A short summary." in page


def test_a_decision_needs_an_outcome_and_a_rationale(app, client, world):
    response = decide(client, world.studies[0], "", rationale="  ")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="outcome-error"' in page and 'id="rationale-error"' in page
    assert decide(client, world.studies[0], "maybe").status_code == 422
    with app.app_context():
        assert db.session.execute(select(Decision)).first() is None


def test_accepting_stores_a_snapshot_and_appends_to_the_forum_section(app, client, world):
    assert decide(client, world.studies[1], "accepted").status_code == 303
    response = decide(client, world.studies[0], "accepted", feedback="Please send photos.")
    assert response.status_code == 303
    with app.app_context():
        decision = db.session.execute(
            select(Decision).where(Decision.case_study_id == world.studies[0])).scalar_one()
        assert (decision.outcome, decision.rationale, decision.feedback) == (
            "accepted", "Strong local evidence.", "Please send photos.")
        assert decision.decided_by.name == "Elena Editor"
        snapshot = decision.scores_snapshot
        assert snapshot["mean"] == pytest.approx(62.5) and snapshot["spread"] == pytest.approx(75.0)
        assert snapshot["flagged"] is True and snapshot["reviews"] == 2
        assert sorted(t["total"] for t in snapshot["totals"]) == pytest.approx([25.0, 100.0])
        assert [c["label"] for c in snapshot["criteria"]] == ["Local challenge addressed", "Sustainability",
                                                              "Inclusiveness"]
        assert snapshot["criteria"][0]["mean"] == pytest.approx(3.5)
        assert decision.released_at is None
    assert entries(app) == [("Local Innovation Ecosystem Forum, Taipei", 0, "Study 1"),
                            ("Local Innovation Ecosystem Forum, Taipei", 1, "Study 0")]


def test_changing_a_decision_is_audited_and_moves_the_report_entry(app, client, world):
    decide(client, world.studies[0], "accepted")
    decide(client, world.studies[1], "accepted")
    decide(client, world.studies[2], "accepted")
    assert entries(app) == [("Local Innovation Ecosystem Forum, Taipei", 0, "Study 0"),
                            ("Local Innovation Ecosystem Forum, Taipei", 1, "Study 1"),
                            ("Other case studies", 0, "Study 2")]
    assert decide(client, world.studies[0], "rejected", rationale="Reconsidered.").status_code == 303
    assert [e[2] for e in entries(app)] == ["Study 1", "Study 2"]
    decide(client, world.studies[0], "accepted", rationale="Back in.")
    assert entries(app)[:2] == [("Local Innovation Ecosystem Forum, Taipei", 1, "Study 1"),
                                ("Local Innovation Ecosystem Forum, Taipei", 2, "Study 0")]
    with app.app_context():
        changed = db.session.execute(select(AuditEvent).where(AuditEvent.action == "decision.changed")
                                     .order_by(AuditEvent.id)).scalars().all()
        assert [(e.before["outcome"], e.after["outcome"]) for e in changed] == [("accepted", "rejected"),
                                                                               ("rejected", "accepted")]
        assert changed[0].before["rationale"] == "Strong local evidence."
        assert changed[0].after["rationale"] == "Reconsidered."


def test_a_stale_decision_is_refused_with_409(app, client, world):
    opened = stamp(client, world.studies[0])
    decide(client, world.studies[0], "waitlisted")
    response = decide(client, world.studies[0], "accepted", stamp=opened)
    assert response.status_code == 409
    assert "Someone else decided on this case study" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Decision.outcome)).scalar_one() == "waitlisted"
    assert entries(app) == []


def test_a_draft_cannot_be_decided(app, client, world):
    page = client.get(f"/editor/case-studies/{world.draft}").get_data(as_text=True)
    assert "Only a submitted case study can be decided." in page and 'name="rationale"' not in page
    response = decide(client, world.draft, "accepted", stamp="new")
    assert response.status_code == 409
    with app.app_context():
        assert db.session.execute(select(Decision)).first() is None


def test_release_previews_then_emails_each_applicant_once(app, client, world):
    decide(client, world.studies[0], "accepted", feedback="Please send photos.")
    decide(client, world.studies[1], "rejected")
    preview = client.get(f"/editor/calls/{world.call}/release").get_data(as_text=True)
    assert "2 decisions are waiting to be released" in preview
    assert "Decision on your case study “Study 0”" in preview and "Please send photos." in preview
    with app.app_context():
        assert outbox() == []

    assert client.post(f"/editor/calls/{world.call}/release").status_code == 303
    client.post(f"/editor/calls/{world.call}/release")
    with app.app_context():
        messages = outbox()
        assert sorted(m.recipient for m in messages) == ["applicant0@example.org", "applicant1@example.org"]
        accepted = next(m for m in messages if m.recipient == "applicant0@example.org")
        assert ": Accepted." in accepted.body and "Please send photos." in accepted.body
        assert "Chen" not in accepted.body and "100.0" not in accepted.body  # no reviewer or score leaks
        assert f"http://lie-review.test/case-studies/{world.studies[0]}\n" in accepted.body + "\n"
        assert all(d.released_outcome == d.outcome for d in db.session.execute(select(Decision)).scalars())

    decide(client, world.studies[1], "rejected", feedback="Only the feedback changed.")
    client.post(f"/editor/calls/{world.call}/release")
    with app.app_context():
        assert len(outbox()) == 2
    decide(client, world.studies[1], "waitlisted")
    client.post(f"/editor/calls/{world.call}/release")
    with app.app_context():
        assert len(outbox()) == 3
        assert ": Waitlisted." in outbox("applicant1@example.org")[-1].body


def test_withdrawn_case_studies_are_not_released(app, client, world):
    decide(client, world.studies[2], "waitlisted")
    with app.app_context():
        db.session.get(CaseStudy, world.studies[2]).status = "withdrawn"
        db.session.commit()
    assert "Every decision of this call has been released" in \
        client.get(f"/editor/calls/{world.call}/release").get_data(as_text=True)
    client.post(f"/editor/calls/{world.call}/release")
    with app.app_context():
        assert outbox() == []
