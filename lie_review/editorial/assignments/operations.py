"""State changes of assignment: by hand, automatically for a whole call, and the reviewers' emails."""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from ... import audit
from ...auth.models import Role, User
from ...case_studies.models import Call, CaseStudy
from ...clock import utcnow
from ...extensions import db
from ...i18n import mail_locale
from ...jobs import work
from ...jobs.models import Job
from ...mail import external_url, send_mail
from ...reviews.models import Assignment, AssignmentStatus, Review
from ..guards import Refused, StaleEdit, lock_call
from ..labels import CONFLICT_LABELS
from ..scores.versions import scores_changed
from .plan import Plan, ReviewerInfo, auto_assign, conflict_reason
from .queries import active_assignments, assignment_pool, case_study_info, pool_after, settings_of


def add_assignment(*, case_study: CaseStudy, reviewer_id: int, actor: User | None) -> Assignment:
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
                            assigned_by_id=actor.id if actor else None, status=AssignmentStatus.ACTIVE.value)
    db.session.add(assignment)
    db.session.flush()
    audit.record("assignment.created", object_type="assignment", object_id=assignment.id, actor=actor,
                 call_id=case_study.call_id, after={"case_study_id": case_study.id, "reviewer_id": reviewer.id})
    return assignment


def remove_assignment(*, assignment: Assignment, actor: User | None) -> None:
    """Take a reviewer off a case study, with any unsubmitted scores; a submitted review stays."""
    call_id = assignment.case_study.call_id
    lock_call(call_id)
    review = db.session.execute(select(Review).where(Review.assignment_id == assignment.id)).scalar_one_or_none()
    if review is not None and review.submitted_at is not None:
        raise Refused(_("This reviewer has submitted their review, so the assignment stays."))
    before = {"case_study_id": assignment.case_study_id, "reviewer_id": assignment.reviewer_id,
              "status": assignment.status}
    audit.record("assignment.removed", object_type="assignment", object_id=assignment.id, actor=actor,
                 call_id=call_id, before=before)
    # The database cascades to the review and its scores.
    db.session.execute(delete(Assignment).where(Assignment.id == assignment.id))
    scores_changed(db.session, call_id=call_id)


def plan_fingerprint(plan: Plan) -> str:
    """Identifies a previewed plan, so applying it can tell whether it is still the same plan."""
    return hashlib.sha256(repr(sorted(plan.additions)).encode()).hexdigest()[:20]


def preview_auto_assign(*, call: Call) -> Plan:
    """What auto-assignment would add to the call now (SPEC §5.1), changing nothing."""
    pool = assignment_pool(call)
    return auto_assign(pool.case_studies, pool.reviewers, pool.existing, pool.declared, pool.settings)


def checked_plan(*, call: Call, expected: str) -> Plan:
    """The plan auto-assignment would apply now, with the call locked; StaleEdit when it is no longer the
    one previewed."""
    lock_call(call.id)
    plan = preview_auto_assign(call=call)
    if plan_fingerprint(plan) != expected:
        raise StaleEdit
    return plan


def add_planned(*, call: Call, additions: list[tuple[int, int]], actor: User | None) -> None:
    """Add a plan's (case study, reviewer) assignments, each audited."""
    actor_id = actor.id if actor else None
    assignments = [Assignment(case_study_id=c, reviewer_id=r, assigned_by_id=actor_id,
                              status=AssignmentStatus.ACTIVE.value) for c, r in additions]
    db.session.add_all(assignments)
    db.session.flush()
    for assignment in assignments:
        audit.record("assignment.auto_created", object_type="assignment", object_id=assignment.id, actor=actor,
                     call_id=call.id,
                     after={"case_study_id": assignment.case_study_id, "reviewer_id": assignment.reviewer_id})


def auto_assign_after(*, call: Call, after_id: int, size: int, actor: User | None) -> tuple[Plan, list[int]]:
    """One step of auto-assignment: plan the next `size` submitted case studies after id `after_id` against
    the assignments as they are now, and add what they miss. Returns the step's plan and case study ids.

    The call is locked for the step, and the plan is made anew from the database each time, so a step
    run again (its first run rolled back with its worker) adds only what is still missing. Planned in
    id order with every reviewer's current load, the steps add what one plan of the whole call would."""
    lock_call(call.id)
    pool, load = pool_after(call, after_id, size)
    plan = auto_assign(pool.case_studies, pool.reviewers, pool.existing, pool.declared, pool.settings, load=load)
    add_planned(call=call, additions=plan.additions, actor=actor)
    return plan, sorted(c.id for c in pool.case_studies)


AUTO_ASSIGN_JOB = "auto_assign"


def start_auto_assign(*, call: Call, actor: User | None, case_studies: int) -> Job:
    """Ask a worker to auto-assign the call (lie_review/editorial/assignments/jobs.py) once the caller commits."""
    return work.start(AUTO_ASSIGN_JOB, created_by=actor, call_id=call.id, total=case_studies)


def _by_reviewer(rows) -> dict[User, list[Assignment]]:
    grouped: dict[int, tuple[User, list]] = {}
    for assignment in rows:
        grouped.setdefault(assignment.reviewer_id, (assignment.reviewer, []))[1].append(assignment)
    return {user: items for user, items in grouped.values()}


def notify_new_assignments(*, call: Call, actor: User | None) -> int:
    """One email per reviewer listing all their assignments not yet announced; returns reviewers emailed."""
    rows = list(db.session.execute(active_assignments(call, unannounced=True).with_for_update(of=Assignment))
                .scalars())
    now = utcnow()
    for reviewer, assignments in _by_reviewer(rows).items():
        send_mail(reviewer.email, "new_assignments", locale=mail_locale(reviewer), reviewer=reviewer, call=call,
                  case_studies=[a.case_study for a in assignments], url=external_url("reviews.mine"))
    if rows:
        db.session.execute(update(Assignment).where(Assignment.id.in_([a.id for a in rows]))
                           .values(notified_at=now).execution_options(synchronize_session="fetch"))
        audit.record("call.assignments_notified", object_type="call", object_id=call.id, actor=actor,
                     call_id=call.id,
                     after={"assignments": len(rows), "reviewers": len({a.reviewer_id for a in rows})})
    return len({a.reviewer_id for a in rows})


def send_reminders(*, call: Call, actor: User | None) -> int:
    """Email every reviewer with unfinished active assignments in the call; returns reviewers emailed."""
    if not call.review_is_open():
        raise Refused(_("Review of this call has closed, so there is nothing to remind reviewers of."))
    rows = list(db.session.execute(active_assignments(call, unfinished=True)).scalars())
    for reviewer, assignments in _by_reviewer(rows).items():
        send_mail(reviewer.email, "review_reminder", locale=mail_locale(reviewer), reviewer=reviewer, call=call,
                  case_studies=[a.case_study for a in assignments], url=external_url("reviews.mine"))
    reviewers = len({a.reviewer_id for a in rows})
    audit.record("call.reminders_sent", object_type="call", object_id=call.id, actor=actor, call_id=call.id,
                 after={"reviewers": reviewers, "assignments": len(rows)})
    return reviewers
