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
from ..models import Decision, Feedback, Outcome
from ..queue.operations import follow_decision, remove_entry
from ..scores.stored import case_study_score
from .feedback import feedback_items, feedback_rows
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


def decision_email_context(decision: Decision, call: Call, items: list[dict]) -> dict:
    """What the decision email says, with the feedback `items` from the reviews, for sending and previewing."""
    case_study = decision.case_study
    return {"applicant": case_study.applicant, "case_study": case_study, "call": call,
            "outcome": OUTCOME_LABELS[decision.outcome], "feedback": decision.feedback, "items": items,
            "url": external_url("case_studies.view", case_study_id=case_study.id)}


def release_decisions(*, call: Call, actor: User | None) -> int:
    """Email each applicant whose decision is not yet released, once, with their feedback (the editor's
    saved version, else the summary of the reviews), which their page shows from then on; returns how
    many were released."""
    decisions = unreleased_decisions(call.id, for_update=True)
    stored = feedback_rows([d.case_study_id for d in decisions], for_update=True)
    items = feedback_items([d.case_study for d in decisions], call.id, stored)
    now = utcnow()
    for decision in decisions:
        applicant = decision.case_study.applicant
        sent = items[decision.case_study_id]
        send_mail(applicant.email, "decision_released", locale=mail_locale(applicant),
                  **decision_email_context(decision, call, sent))
        feedback = stored.get(decision.case_study_id)
        if feedback is None:
            feedback = Feedback(case_study_id=decision.case_study_id, items=[], edited=False)
            db.session.add(feedback)
        if not feedback.edited:
            feedback.locale = mail_locale(applicant)
        feedback.released_items, feedback.released_at = sent, now
        before = {"released_at": decision.released_at, "released_outcome": decision.released_outcome}
        decision.released_at, decision.released_outcome = now, decision.outcome
        audit.record("decision.released", object_type="decision", object_id=decision.id, actor=actor,
                     call_id=call.id, before=before, after={"released_at": now, "released_outcome": decision.outcome,
                                                            "feedback_items": sent, "feedback_edited": feedback.edited})
    db.session.flush()
    return len(decisions)


def save_feedback(*, case_study: CaseStudy, items: list[dict], locale: str, actor: User | None) -> Feedback:
    """Store the editor's version of the case study's feedback, written in `locale`, to be sent when its
    decision is released."""
    feedback = feedback_rows([case_study.id], for_update=True).get(case_study.id)
    if feedback is None:
        feedback = Feedback(case_study_id=case_study.id, items=[], edited=False)
        db.session.add(feedback)
    before = {"items": list(feedback.items), "edited": feedback.edited}
    feedback.items, feedback.edited, feedback.saved_by_id = items, True, actor.id if actor else None
    feedback.locale = locale
    db.session.flush()
    audit.record("feedback.saved", object_type="case_study", object_id=case_study.id, actor=actor,
                 call_id=case_study.call_id, before=before, after={"items": items, "edited": True})
    return feedback


def reset_feedback(*, case_study: CaseStudy, actor: User | None) -> None:
    """Forget the editor's version: the feedback is the summary of the reviews again, built at release."""
    feedback = feedback_rows([case_study.id], for_update=True).get(case_study.id)
    if feedback is None or not feedback.edited:
        return
    before = {"items": list(feedback.items), "edited": True}
    feedback.items, feedback.edited, feedback.saved_by_id = [], False, actor.id if actor else None
    db.session.flush()
    audit.record("feedback.reset", object_type="case_study", object_id=case_study.id, actor=actor,
                 call_id=case_study.call_id, before=before, after={"items": [], "edited": False})


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
