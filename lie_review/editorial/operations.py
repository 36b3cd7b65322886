"""State changes of the editorial workflow: assignments and their emails, decisions, releases."""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import selectinload

from .. import audit
from ..auth.models import Role, User
from ..auth.operations import external_url
from ..case_studies.models import Call, CaseStudy
from ..clock import utcnow
from ..extensions import db
from ..mail import send_mail
from ..reviews.models import Assignment, AssignmentStatus, Criterion, Review
from .assignment import Plan, ReviewerInfo, auto_assign, conflict_reason
from .call_operations import StaleEdit, lock_call, stamp_of
from .labels import CONFLICT_LABELS, OTHER_SECTION_TITLE, OUTCOME_LABELS
from .models import Decision, Outcome, ReportEntry, ReportSection
from .queries import assignment_pool, call_scores, case_study_info, settings_of

DECISION_FIELDS = ("outcome", "rationale", "feedback", "decided_at")


class Refused(ValueError):
    """An editorial action the rules do not allow, with the reason to show."""


def add_assignment(*, case_study: CaseStudy, reviewer_id: int) -> Assignment:
    """Assign one reviewer by hand, unless they are in conflict or already on the case study."""
    lock_call(case_study.call_id)
    reviewer = db.session.get(User, reviewer_id)
    if reviewer is None or not reviewer.active or not reviewer.has_role(Role.REVIEWER):
        raise Refused(_("Choose an active reviewer."))
    existing = db.session.execute(
        select(Assignment).where(Assignment.case_study_id == case_study.id, Assignment.reviewer_id == reviewer_id)
    ).scalar_one_or_none()
    declared = set()
    if existing is not None:
        if existing.status == AssignmentStatus.ACTIVE.value:
            raise Refused(_("%(name)s is already assigned to this case study.", name=reviewer.name))
        declared.add((case_study.id, reviewer_id))
    reason = conflict_reason(case_study_info(case_study),
                             ReviewerInfo(reviewer.id, reviewer.economy_id, reviewer.organisation),
                             settings_of(case_study.call), declared)
    if reason is not None:
        raise Refused(_("%(name)s cannot review this case study: %(reason)s.",
                        name=reviewer.name, reason=CONFLICT_LABELS[reason]))
    assignment = Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id,
                            assigned_by_id=_actor_id(), status=AssignmentStatus.ACTIVE.value)
    db.session.add(assignment)
    db.session.flush()
    audit.record("assignment.created", object_type="assignment", object_id=assignment.id,
                 call_id=case_study.call_id, after={"case_study_id": case_study.id, "reviewer_id": reviewer.id})
    return assignment


def remove_assignment(*, assignment: Assignment) -> None:
    """Take a reviewer off a case study, with any unsubmitted scores; a submitted review stays."""
    call_id = assignment.case_study.call_id
    lock_call(call_id)
    review = db.session.execute(select(Review).where(Review.assignment_id == assignment.id)).scalar_one_or_none()
    if review is not None and review.submitted_at is not None:
        raise Refused(_("This reviewer has submitted their review, so the assignment stays."))
    before = {"case_study_id": assignment.case_study_id, "reviewer_id": assignment.reviewer_id,
              "status": assignment.status}
    audit.record("assignment.removed", object_type="assignment", object_id=assignment.id, call_id=call_id,
                 before=before)
    # The database cascades to the review and its scores.
    db.session.execute(delete(Assignment).where(Assignment.id == assignment.id))


def _actor_id() -> int | None:
    from flask_login import current_user

    return current_user.id if current_user.is_authenticated else None


def plan_fingerprint(plan: Plan) -> str:
    """Identifies a previewed plan, so applying it can tell whether it is still the same plan."""
    return hashlib.sha256(repr(sorted(plan.additions)).encode()).hexdigest()[:20]


def preview_auto_assign(*, call: Call) -> Plan:
    pool = assignment_pool(call)
    return auto_assign(pool.case_studies, pool.reviewers, pool.existing, pool.declared, pool.settings)


def apply_auto_assign(*, call: Call, expected: str) -> Plan:
    """Add the previewed assignments; StaleEdit when the plan is no longer the one previewed."""
    lock_call(call.id)
    plan = preview_auto_assign(call=call)
    if plan_fingerprint(plan) != expected:
        raise StaleEdit
    actor_id = _actor_id()
    assignments = [Assignment(case_study_id=c, reviewer_id=r, assigned_by_id=actor_id,
                              status=AssignmentStatus.ACTIVE.value) for c, r in plan.additions]
    db.session.add_all(assignments)
    db.session.flush()
    for assignment in assignments:
        audit.record("assignment.auto_created", object_type="assignment", object_id=assignment.id, call_id=call.id,
                     after={"case_study_id": assignment.case_study_id, "reviewer_id": assignment.reviewer_id})
    return plan


def pending_notifications(call_id: int) -> tuple[int, int]:
    """(assignments, reviewers) not yet told about their new assignments."""
    assignments, reviewers = db.session.execute(
        select(func.count(Assignment.id), func.count(Assignment.reviewer_id.distinct()))
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
        .where(CaseStudy.call_id == call_id, Assignment.status == AssignmentStatus.ACTIVE.value,
               Assignment.notified_at.is_(None))
    ).one()
    return assignments, reviewers


def _by_reviewer(rows) -> dict[User, list[Assignment]]:
    grouped: dict[int, tuple[User, list]] = {}
    for assignment in rows:
        grouped.setdefault(assignment.reviewer_id, (assignment.reviewer, []))[1].append(assignment)
    return {user: items for user, items in grouped.values()}


def _call_assignments(call: Call):
    return (select(Assignment).join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
            .where(CaseStudy.call_id == call.id, Assignment.status == AssignmentStatus.ACTIVE.value)
            .options(selectinload(Assignment.reviewer), selectinload(Assignment.case_study))
            .order_by(Assignment.reviewer_id, CaseStudy.title, Assignment.id))


def notify_new_assignments(*, call: Call) -> int:
    """One email per reviewer listing all their assignments not yet announced; returns reviewers emailed."""
    rows = list(db.session.execute(
        _call_assignments(call).where(Assignment.notified_at.is_(None)).with_for_update(of=Assignment)
    ).scalars())
    now = utcnow()
    for reviewer, assignments in _by_reviewer(rows).items():
        send_mail(reviewer.email, "new_assignments", reviewer=reviewer, call=call,
                  case_studies=[a.case_study for a in assignments], url=external_url("home.home"))
    if rows:
        db.session.execute(update(Assignment).where(Assignment.id.in_([a.id for a in rows]))
                           .values(notified_at=now).execution_options(synchronize_session="fetch"))
        audit.record("call.assignments_notified", object_type="call", object_id=call.id, call_id=call.id,
                     after={"assignments": len(rows), "reviewers": len({a.reviewer_id for a in rows})})
    return len({a.reviewer_id for a in rows})


def send_reminders(*, call: Call) -> int:
    """Email every reviewer with unfinished active assignments in the call; returns reviewers emailed."""
    if not call.review_is_open():
        raise Refused(_("Review of this call has closed, so there is nothing to remind reviewers of."))
    rows = list(db.session.execute(
        _call_assignments(call).outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(or_(Review.id.is_(None), Review.submitted_at.is_(None)))
    ).scalars())
    for reviewer, assignments in _by_reviewer(rows).items():
        send_mail(reviewer.email, "review_reminder", reviewer=reviewer, call=call,
                  case_studies=[a.case_study for a in assignments], url=external_url("home.home"))
    reviewers = len({a.reviewer_id for a in rows})
    audit.record("call.reminders_sent", object_type="call", object_id=call.id, call_id=call.id,
                 after={"reviewers": reviewers, "assignments": len(rows)})
    return reviewers


def decision_stamp(decision: Decision | None) -> str:
    return "new" if decision is None else stamp_of(decision, DECISION_FIELDS)


def score_snapshot(case_study: CaseStudy) -> dict:
    """The case study's scores as they stand, kept with a decision so it can be justified later."""
    scores = call_scores(case_study.call, scores_of=case_study.id)
    result = scores.aggregates.get(case_study.id)
    criteria = db.session.execute(
        select(Criterion).where(Criterion.call_id == case_study.call_id, Criterion.active.is_(True))
        .order_by(Criterion.position, Criterion.id)
    ).scalars()
    reviewers = dict(db.session.execute(
        select(User.id, User.name).where(User.id.in_([row.reviewer_id for row in scores.totals
                                                      if row.case_study_id == case_study.id]))
    ).all())
    return {
        "taken_at": utcnow().isoformat(),
        "reviews": result.reviews if result else 0,
        "mean": result.mean if result else None,
        "calibrated": result.calibrated if result else None,
        "spread": result.spread if result else None,
        "flagged": result.flagged if result else False,
        "criteria": [{"id": c.id, "label": c.label, "weight": c.weight,
                      "mean": result.criterion_means.get(c.id) if result else None} for c in criteria],
        "totals": [{"reviewer_id": row.reviewer_id, "reviewer": reviewers.get(row.reviewer_id), "total": row.total}
                   for row in scores.totals if row.case_study_id == case_study.id],
    }


def decide_case_study(*, case_study: CaseStudy, outcome: str, rationale: str, feedback: str,
                      expected_stamp: str) -> Decision:
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
    decision.decided_by_id = _actor_id()
    db.session.flush()
    audit.record("decision.changed" if old else "decision.created", object_type="decision",
                 object_id=decision.id, call_id=case_study.call_id, before=before,
                 after={**after, "scores": decision.scores_snapshot})
    on_decision_changed(case_study, old, decision.outcome)
    return decision


def on_decision_changed(case_study: CaseStudy, old: str | None, new: str | None) -> None:
    """Keep the report queue in step: an accepted case study has an entry at the end of its section."""
    accepted = Outcome.ACCEPTED.value
    if new == accepted and old != accepted:
        _append_report_entry(case_study)
    elif old == accepted and new != accepted:
        entry = db.session.execute(
            select(ReportEntry).where(ReportEntry.case_study_id == case_study.id)).scalar_one_or_none()
        if entry is not None:
            audit.record("report_entry.removed", object_type="report_entry", object_id=entry.id,
                         call_id=case_study.call_id,
                         before={"case_study_id": case_study.id, "section_id": entry.section_id})
            db.session.execute(delete(ReportEntry).where(ReportEntry.id == entry.id))


def _append_report_entry(case_study: CaseStudy) -> None:
    if db.session.execute(select(ReportEntry.id).where(ReportEntry.case_study_id == case_study.id)).first():
        return
    forum = case_study.forum
    query = select(ReportSection).where(ReportSection.call_id == case_study.call_id)
    query = query.where(ReportSection.forum_id == forum.id) if forum else \
        query.where(ReportSection.forum_id.is_(None), ReportSection.title == OTHER_SECTION_TITLE)
    section = db.session.execute(query.order_by(ReportSection.position).limit(1)).scalar_one_or_none()
    if section is None:
        last = db.session.execute(select(func.max(ReportSection.position))
                                  .where(ReportSection.call_id == case_study.call_id)).scalar_one()
        section = ReportSection(call_id=case_study.call_id, title=forum.name if forum else OTHER_SECTION_TITLE,
                                forum_id=forum.id if forum else None, position=(last if last is not None else -1) + 1)
        db.session.add(section)
        db.session.flush()
    last = db.session.execute(select(func.max(ReportEntry.position))
                              .where(ReportEntry.section_id == section.id)).scalar_one()
    entry = ReportEntry(case_study_id=case_study.id, section_id=section.id,
                        position=(last if last is not None else -1) + 1)
    db.session.add(entry)
    db.session.flush()
    audit.record("report_entry.created", object_type="report_entry", object_id=entry.id, call_id=case_study.call_id,
                 after={"case_study_id": case_study.id, "section_id": section.id, "position": entry.position})


def unreleased_decisions(call_id: int, *, for_update: bool = False) -> list[Decision]:
    """Decisions of submitted case studies that the applicant has not been told (or told otherwise)."""
    query = (select(Decision).join(CaseStudy, CaseStudy.id == Decision.case_study_id)
             .where(CaseStudy.call_id == call_id, CaseStudy.status == "submitted",
                    or_(Decision.released_at.is_(None), Decision.released_outcome != Decision.outcome))
             .options(selectinload(Decision.case_study).selectinload(CaseStudy.applicant))
             .order_by(CaseStudy.title, Decision.id))
    if for_update:
        query = query.with_for_update(of=Decision)
    return list(db.session.execute(query).scalars())


def decision_email_context(decision: Decision, call: Call) -> dict:
    case_study = decision.case_study
    return {"applicant": case_study.applicant, "case_study": case_study, "call": call,
            "outcome": OUTCOME_LABELS[decision.outcome], "feedback": decision.feedback,
            "url": external_url("home.home")}


def release_decisions(*, call: Call) -> int:
    """Email each applicant whose decision is not yet released, once; returns how many were released."""
    decisions = unreleased_decisions(call.id, for_update=True)
    now = utcnow()
    for decision in decisions:
        send_mail(decision.case_study.applicant.email, "decision_released", **decision_email_context(decision, call))
        before = {"released_at": decision.released_at, "released_outcome": decision.released_outcome}
        decision.released_at, decision.released_outcome = now, decision.outcome
        audit.record("decision.released", object_type="decision", object_id=decision.id, call_id=call.id,
                     before=before, after={"released_at": now, "released_outcome": decision.outcome})
    db.session.flush()
    return len(decisions)
