"""What the applicant may still do once the editors decided: a released decision holds (no reopening);
withdrawing an accepted case study is confirmed in so many words, takes it out of the report queue,
tells the editors and is audited."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.clock import utcnow
from lie_review.editorial.models import Decision, ReportEntry
from lie_review.extensions import db

from ..factories import PASSWORD, make_call, make_case_study, make_user
from ..helpers import form_in, link_in, outbox, page_form

HELD = ("The editors&#39; decision on this case study is released, so it can no longer be reopened or changed: "
        "the decision stands for the text they read.")
LEAVES_REPORT = ("Your case study was accepted for the report. Withdrawing it takes it out of the report: "
                 "it will not be published, and the editors are told.")


@pytest.fixture
def world(app):
    """An applicant's submitted case study in an open call, two editors (Russian and English), and
    people who must not hear of a withdrawal: an admin, a reviewer, a deactivated editor, another applicant."""
    with app.app_context():
        call = make_call(title="Open call")
        amy = make_user("applicant", email="amy@example.org", name="Amy Lee", locale="en")
        case_study = make_case_study(call, amy, status="submitted", title="Hill tea goes online")
        make_user("editor", email="elena@example.org", name="Elena", locale="ru")
        make_user("editor", "admin", email="ed@example.org", name="Ed", locale="en")
        make_user("admin", email="ada@example.org", locale="en")
        make_user("reviewer", email="rita@example.org", locale="en")
        make_user("editor", email="gone@example.org", active=False, locale="en")
        make_user("applicant", email="bob@example.org", locale="en")
        db.session.commit()
        return SimpleNamespace(call=call.id, case_study=case_study.id)


def logged_in(app, email):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 303
    return client


def decide(app, world, outcome: str, *, release: bool):
    """The editor decides on the case study's page and, if asked, releases the call's decisions."""
    editor = logged_in(app, "ed@example.org")
    form = page_form(editor, f"/editor/case-studies/{world.case_study}", "/decision")
    form["outcome"], form["rationale"] = outcome, "Decided on the panel's scores."
    assert editor.post(f"/editor/case-studies/{world.case_study}/decision", data=form).status_code == 303
    if release:
        form = page_form(editor, f"/editor/calls/{world.call}/release")
        assert editor.post(f"/editor/calls/{world.call}/release", data=form).status_code == 303


def row(app, case_study_id) -> dict:
    """Every column of the case study's row."""
    with app.app_context():
        case_study = db.session.get(CaseStudy, case_study_id)
        return {column.key: getattr(case_study, column.key) for column in CaseStudy.__table__.columns}


def audit_trail(app) -> list[tuple]:
    with app.app_context():
        return [(e.id, e.action, e.object_type, e.object_id, e.actor_id, e.before, e.after)
                for e in db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]


def mail(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(m.recipient, m.subject) for m in outbox()]


def queue_entry(app, case_study_id) -> int | None:
    with app.app_context():
        return db.session.execute(
            select(ReportEntry.id).where(ReportEntry.case_study_id == case_study_id)).scalar_one_or_none()


@pytest.mark.parametrize("outcome", ["accepted", "waitlisted", "rejected"])
def test_a_released_decision_holds_the_case_study_as_decided(app, world, outcome):
    amy = logged_in(app, "amy@example.org")
    page = f"/case-studies/{world.case_study}"
    reopen = page_form(amy, page, "/reopen")  # the button as it was offered before the decision
    decide(app, world, outcome, release=True)
    assert "/reopen" not in amy.get(page).get_data(as_text=True)
    before, trail, messages = row(app, world.case_study), audit_trail(app), mail(app)
    response = amy.post(f"{page}/reopen", data=reopen)
    assert response.status_code == 403
    assert HELD in response.get_data(as_text=True)
    assert row(app, world.case_study) == before and before["status"] == "submitted"
    assert audit_trail(app) == trail and mail(app) == messages
    # Nor can the form be reached another way, and it says why.
    edit = amy.get(f"{page}/edit", follow_redirects=True)
    assert HELD in edit.get_data(as_text=True)


def test_an_unreleased_decision_does_not_hold_the_case_study_yet(app, world):
    decide(app, world, "rejected", release=False)
    amy = logged_in(app, "amy@example.org")
    page = f"/case-studies/{world.case_study}"
    response = amy.post(f"{page}/reopen", data=page_form(amy, page, "/reopen"))
    assert response.status_code == 303 and row(app, world.case_study)["status"] == "draft"


def test_withdrawing_a_released_acceptance_asks_in_so_many_words(app, world):
    decide(app, world, "accepted", release=True)
    assert queue_entry(app, world.case_study) is not None
    amy = logged_in(app, "amy@example.org")
    confirm = amy.get(f"/case-studies/{world.case_study}/withdraw")
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and LEAVES_REPORT in page
    assert "I understand: my case study leaves the report and will not be published." in page
    form = form_in(page, "/withdraw")
    assert "confirm" not in form  # not ticked until the applicant ticks it

    before, trail, messages = row(app, world.case_study), audit_trail(app), mail(app)
    refused = amy.post(f"/case-studies/{world.case_study}/withdraw", data=form)
    assert refused.status_code == 422
    assert ('id="confirm-error">Tick the box to confirm that your case study leaves the report.</p>'
            in refused.get_data(as_text=True))
    assert row(app, world.case_study) == before
    assert audit_trail(app) == trail and mail(app) == messages
    assert queue_entry(app, world.case_study) is not None


def test_a_confirmed_withdrawal_after_acceptance_leaves_the_report_and_tells_the_editors(app, world):
    decide(app, world, "accepted", release=True)
    entry_id = queue_entry(app, world.case_study)
    amy = logged_in(app, "amy@example.org")
    form = page_form(amy, f"/case-studies/{world.case_study}/withdraw")
    form["confirm"] = "y"  # ticked
    trail, messages = audit_trail(app), mail(app)
    response = amy.post(f"/case-studies/{world.case_study}/withdraw", data=form)
    assert response.status_code == 303
    assert ("Your case study is withdrawn and has left the report; the editors have been told."
            in amy.get(response.headers["Location"]).get_data(as_text=True))

    assert sorted(to for to, _subject in mail(app)[len(messages):]) == ["ed@example.org", "elena@example.org"]
    stored = row(app, world.case_study)
    assert stored["status"] == "withdrawn" and stored["withdrawn_at"] is not None
    assert queue_entry(app, world.case_study) is None
    with app.app_context():
        decision = db.session.execute(select(Decision).where(Decision.case_study_id == world.case_study)).scalar_one()
        assert decision.outcome == "accepted"  # kept on record
        russian, english = outbox("elena@example.org")[-1], outbox("ed@example.org")[-1]
        assert russian.subject == "Принятый кейс отозван: Hill tea goes online"
        assert english.subject == "An accepted case study was withdrawn: Hill tea goes online"
        assert ("Amy Lee withdrew “Hill tea goes online” from the call “Open call”. It was accepted for the "
                "report, so it has been taken out of the report queue and will not be published.") in english.body
        assert "The applicant had been told of the acceptance" in english.body
        assert link_in(english) == f"/editor/calls/{world.call}/report-queue"
        amy_id = db.session.execute(select(CaseStudy.applicant_id).where(CaseStudy.id == world.case_study)).scalar()
    new_events = audit_trail(app)[len(trail):]
    assert [(e[1], e[4]) for e in new_events] == [("case_study.withdrawn", amy_id), ("report_entry.removed", amy_id),
                                                  ("decision.case_study_withdrawn", amy_id)]
    assert new_events[1][3] == entry_id
    assert new_events[2][5] == {"outcome": "accepted", "released": True}
    assert new_events[2][6]["report_entry_removed"] is True and len(new_events[2][6]["editors_emailed"]) == 2


def test_withdrawing_an_unreleased_acceptance_tells_the_editors_but_not_the_applicant(app, world):
    decide(app, world, "accepted", release=False)
    amy = logged_in(app, "amy@example.org")
    page = amy.get(f"/case-studies/{world.case_study}/withdraw").get_data(as_text=True)
    assert "accepted" not in page.lower()  # the decision is not released: the page does not give it away
    messages = mail(app)
    response = amy.post(f"/case-studies/{world.case_study}/withdraw", data=form_in(page, "/withdraw"))
    assert response.status_code == 303
    flashed = amy.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your case study is withdrawn." in flashed and "left the report" not in flashed
    assert row(app, world.case_study)["status"] == "withdrawn"
    assert queue_entry(app, world.case_study) is None
    assert sorted(to for to, _subject in mail(app)[len(messages):]) == ["ed@example.org", "elena@example.org"]
    with app.app_context():
        assert "The acceptance had not been released to the applicant yet." in outbox("ed@example.org")[-1].body


def test_withdrawing_after_a_rejection_asks_as_usual_and_tells_no_editor(app, world):
    decide(app, world, "rejected", release=True)
    amy = logged_in(app, "amy@example.org")
    page = amy.get(f"/case-studies/{world.case_study}/withdraw").get_data(as_text=True)
    assert LEAVES_REPORT not in page and 'name="confirm"' not in page
    messages = mail(app)
    response = amy.post(f"/case-studies/{world.case_study}/withdraw", data=form_in(page, "/withdraw"))
    assert response.status_code == 303 and row(app, world.case_study)["status"] == "withdrawn"
    assert mail(app) == messages
    assert [e[1] for e in audit_trail(app)][-1] == "case_study.withdrawn"


def _close_the_call(app, world):
    with app.app_context():
        call = db.session.get(Call, world.call)
        call.opens_at, call.closes_at = utcnow() - timedelta(days=30), utcnow() - timedelta(days=1)
        db.session.commit()


def test_an_accepted_case_study_can_be_withdrawn_after_the_deadline(app, world):
    """Acceptance comes after the deadline: withdrawing must still be possible then, confirmed as before."""
    decide(app, world, "accepted", release=True)
    _close_the_call(app, world)
    amy = logged_in(app, "amy@example.org")
    assert 'href="/case-studies/%d/withdraw"' % world.case_study in amy.get(
        f"/case-studies/{world.case_study}").get_data(as_text=True)
    form = page_form(amy, f"/case-studies/{world.case_study}/withdraw")
    form["confirm"] = "y"
    assert amy.post(f"/case-studies/{world.case_study}/withdraw", data=form).status_code == 303
    assert row(app, world.case_study)["status"] == "withdrawn"
    assert queue_entry(app, world.case_study) is None


@pytest.mark.parametrize("outcome", ["waitlisted", "rejected"])
def test_after_the_deadline_only_an_accepted_case_study_can_be_withdrawn(app, world, outcome):
    decide(app, world, outcome, release=True)
    _close_the_call(app, world)
    amy = logged_in(app, "amy@example.org")
    assert "/withdraw" not in amy.get(f"/case-studies/{world.case_study}").get_data(as_text=True)
    before, trail = row(app, world.case_study), audit_trail(app)
    assert amy.post(f"/case-studies/{world.case_study}/withdraw", data={}).status_code == 403
    assert row(app, world.case_study) == before
    assert audit_trail(app) == trail
