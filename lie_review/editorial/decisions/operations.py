"""State changes of decisions: decide (with a snapshot of the scores), release them to applicants, and
follow an accepted case study's withdrawal."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ... import audit
from ...auth.models import User
from ...case_studies.models import Call, CaseStudy
from ...clock import utcnow
from ...extensions import db
from ...i18n import mail_locale
from ...mail import external_url, send_mail
from ...reviews.models import Assignment
from ...reviews.queries import criteria_of, editors
from ...reviews.totals import review_totals_select
from ..guards import Refused, StaleEdit, stamp_of
from ..labels import OUTCOME_LABELS
from ..models import Decision, Outcome
from ..queue.operations import follow_decision, remove_entry
from ..scores.stored import case_study_score
from .queries import decision_of, unreleased_decisions

DECISION_FIELDS = ("outcome", "rationale", "feedback", "decided_at")


def decision_stamp(decision: Decision | None) -> str:
    """The fingerprint of the decision the form was opened on ("new" before the first one)."""
    return "new" if decision is None else stamp_of({name: getattr(decision, name) for name in DECISION_FIELDS})


def score_snapshot(case_study: CaseStudy) -> dict:
    """The case study's scores as they stand, kept with a decision so it can be justified later."""
    result = case_study_score(case_study.call, case_study.id)
    result = result if result is not None and result.reviews else None
    totals = db.session.execute(review_totals_select(case_study.call_id).add_columns(User.name.label("reviewer"))
                                .join(User, User.id == Assignment.reviewer_id)
                                .where(Assignment.case_study_id == case_study.id).order_by(Assignment.id)).all()
    return {
        "taken_at": utcnow().isoformat(),
        "reviews": result.reviews if result else 0,
        "mean": result.mean if result else None,
        "calibrated": result.calibrated if result else None,
        "spread": result.spread if result else None,
        "flagged": result.flagged if result else False,
        "criteria": [{"id": c.id, "label": c.label, "weight": c.weight,
                      "mean": result.means_by_criterion.get(c.id) if result else None}
                     for c in criteria_of(case_study.call_id, active_only=True)],
        "totals": [{"reviewer_id": row.reviewer_id, "reviewer": row.reviewer, "total": row.total}
                   for row in totals],
    }


def decide_case_study(*, case_study: CaseStudy, outcome: str, rationale: str, feedback: str,
                      expected_stamp: str, actor: User | None) -> Decision:
    """Record or change the decision, with a snapshot of the scores; StaleEdit on a concurrent change."""
    db.session.execute(select(CaseStudy.id).where(CaseStudy.id == case_study.id).with_for_update())
    decision = db.session.execute(
        select(Decision).where(Decision.case_study_id == case_study.id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if decision_stamp(decision) != expected_stamp:
        raise StaleEdit
    if case_study.status != "submitted":
        raise Refused(_("Only a submitted case study can be decided."))
    old = decision.outcome if decision else None
    values = {"outcome": Outcome(outcome).value, "rationale": rationale.strip(), "feedback": feedback.strip(),
              "decided_at": utcnow()}
    if decision is None:
        decision = Decision(case_study_id=case_study.id, **values)
        db.session.add(decision)
        before, after = {}, dict(values)
    else:
        before, after = audit.changes(decision, DECISION_FIELDS, **values)
    decision.scores_snapshot = score_snapshot(case_study)
    decision.decided_by_id = actor.id if actor else None
    db.session.flush()
    audit.record("decision.changed" if old else "decision.created", object_type="decision", actor=actor,
                 object_id=decision.id, call_id=case_study.call_id, before=before,
                 after={**after, "scores": decision.scores_snapshot})
    follow_decision(case_study=case_study, old=old, new=decision.outcome, actor=actor)
    return decision


def decision_email_context(decision: Decision, call: Call) -> dict:
    """What the decision email says, for sending it and for previewing it."""
    case_study = decision.case_study
    return {"applicant": case_study.applicant, "case_study": case_study, "call": call,
            "outcome": OUTCOME_LABELS[decision.outcome], "feedback": decision.feedback,
            "url": external_url("case_studies.view", case_study_id=case_study.id)}


def release_decisions(*, call: Call, actor: User | None) -> int:
    """Email each applicant whose decision is not yet released, once; returns how many were released."""
    decisions = unreleased_decisions(call.id, for_update=True)
    now = utcnow()
    for decision in decisions:
        applicant = decision.case_study.applicant
        send_mail(applicant.email, "decision_released", locale=mail_locale(applicant),
                  **decision_email_context(decision, call))
        before = {"released_at": decision.released_at, "released_outcome": decision.released_outcome}
        decision.released_at, decision.released_outcome = now, decision.outcome
        audit.record("decision.released", object_type="decision", object_id=decision.id, actor=actor,
                     call_id=call.id, before=before, after={"released_at": now, "released_outcome": decision.outcome})
    db.session.flush()
    return len(decisions)


def follow_withdrawal(*, case_study: CaseStudy, actor: User | None) -> None:
    """An accepted case study that its applicant withdrew leaves the report queue, and every editor is
    told by email in their language; the decision itself stays on record. Other outcomes need nothing."""
    decision = decision_of(case_study.id)
    if decision is None or decision.outcome != Outcome.ACCEPTED.value:
        return
    removed = remove_entry(case_study=case_study, actor=actor)
    told = editors()
    for editor in told:
        send_mail(editor.email, "accepted_case_study_withdrawn", locale=mail_locale(editor), editor=editor,
                  case_study=case_study, call=case_study.call, released=decision.is_released,
                  url=external_url("editorial.report_queue", call_id=case_study.call_id))
    audit.record("decision.case_study_withdrawn", object_type="decision", object_id=decision.id, actor=actor,
                 call_id=case_study.call_id, before={"outcome": decision.outcome, "released": decision.is_released},
                 after={"report_entry_removed": removed, "editors_emailed": [editor.id for editor in told]})
