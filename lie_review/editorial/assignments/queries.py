"""Reads for assigning reviewers: a case study's assignments and candidates, a call's reviewer pool."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from ...auth.economies import economies
from ...auth.models import Economy, Role, User, UserRole
from ...case_studies.models import Call, CaseStudy, call_economy
from ...extensions import db
from ...jobs.models import Job, JobState
from ...reviews.models import Assignment, AssignmentStatus, Review, Score
from ..labels import shortage_text
from .plan import CaseStudyInfo, Plan, ReviewerInfo, Settings, conflict_reason

ACTIVE = AssignmentStatus.ACTIVE.value
PREVIEW_ROWS = 200
PREVIEW_TITLES = 20


def get_assignment_or_404(assignment_id: int) -> Assignment:
    return db.get_or_404(Assignment, assignment_id, options=[selectinload(Assignment.review)])


def _assignments(case_study_id: int):
    # The reviewer's roles and economy row are the account's own eager loads, which these pages never
    # read (they show the economy's code from economies()): loading them would cost a query or a join.
    reviewer = contains_eager(Assignment.reviewer)
    return (select(Assignment).join(Assignment.reviewer).outerjoin(Assignment.review)
            .options(reviewer.lazyload(User.role_rows), reviewer.lazyload(User.economy),
                     contains_eager(Assignment.review))
            .where(Assignment.case_study_id == case_study_id)
            .order_by(Assignment.status, Assignment.id))


def assignments_of(case_study_id: int) -> list[Assignment]:
    """A case study's assignments (active and declared conflicts) with reviewer and review, in one query."""
    return list(db.session.execute(_assignments(case_study_id)).scalars())


def assignments_with_scores(case_study_id: int) -> tuple[list[Assignment], dict[tuple[int, int], Score]]:
    """assignments_of, and every score given to the case study by (assignment id, criterion id), in one query."""
    rows = db.session.execute(_assignments(case_study_id).add_columns(Score)
                              .outerjoin(Score, Score.assignment_id == Assignment.id)).all()
    assignments = list(dict.fromkeys(assignment for assignment, _score in rows))
    return assignments, {(score.assignment_id, score.criterion_id): score for _a, score in rows if score}


def _reviewers():
    """Active accounts holding the reviewer role."""
    return (select(User.id, User.name, User.organisation, User.economy_id)
            .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role == Role.REVIEWER.value))
            .where(User.active.is_(True)))


def _load_in_call(call_id: int):
    return (select(Assignment.reviewer_id, func.count(Assignment.id).label("load"))
            .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
            .where(CaseStudy.call_id == call_id, Assignment.status == ACTIVE)
            .group_by(Assignment.reviewer_id).subquery("load"))


def settings_of(call: Call) -> Settings:
    return Settings(panel_economy_ids=tuple(e.id for e in call.panel_economies),
                    reviews_per_economy=call.reviews_per_economy,
                    exclude_same_economy=call.exclude_same_economy)


def case_study_info(case_study: CaseStudy) -> CaseStudyInfo:
    return CaseStudyInfo(id=case_study.id, applicant_id=case_study.applicant_id, economy_id=case_study.economy_id,
                         organisations=(case_study.organisation_name, case_study.applicant.organisation))


@dataclass
class Candidate:
    id: int
    name: str
    economy_code: str | None
    in_panel: bool
    load: int
    conflict: str | None


def candidates_for(case_study: CaseStudy, assignments: list[Assignment],
                   loads: dict[int, int] | None = None) -> list[Candidate]:
    """Every reviewer not yet on the case study, with economy, load in the call and any conflict; with
    `loads` (active assignments by reviewer, as the call's maintained scores count them) not counted again."""
    call = case_study.call
    # The panel is asked in the same query, rather than loading call.panel_economies for it.
    panel = select(call_economy.c.economy_id).where(call_economy.c.call_id == call.id)
    query = _reviewers().add_columns(User.economy_id.in_(panel).label("in_panel"))
    if loads is None:
        load = _load_in_call(call.id)  # a count over the call's assignments: costly in a large call
        query = query.add_columns(func.coalesce(load.c.load, 0).label("load")).outerjoin(
            load, load.c.reviewer_id == User.id)
    rows = db.session.execute(query).all()
    taken = {a.reviewer_id for a in assignments if a.status == ACTIVE}
    declared = {(case_study.id, a.reviewer_id) for a in assignments
                if a.status == AssignmentStatus.CONFLICT.value}
    info, codes = case_study_info(case_study), {entry.id: entry.code for entry in economies()}
    # conflict_reason reads only the economy rule of the settings; each row says whether it is on the panel.
    settings = Settings(panel_economy_ids=(), reviews_per_economy=call.reviews_per_economy,
                        exclude_same_economy=call.exclude_same_economy)
    result = [
        Candidate(id=row.id, name=row.name, economy_code=codes.get(row.economy_id), in_panel=bool(row.in_panel),
                  load=row.load if loads is None else loads.get(row.id, 0),
                  conflict=conflict_reason(info, ReviewerInfo(row.id, row.economy_id, row.organisation),
                                           settings, declared))
        for row in rows if row.id not in taken
    ]
    return sorted(result, key=lambda c: (not c.in_panel, c.economy_code or "~", c.conflict is not None,
                                         c.load, c.name.casefold(), c.id))


@dataclass
class Pool:
    """Everything auto-assignment needs for one call (or one step of it), read in three queries."""

    case_studies: list[CaseStudyInfo]
    reviewers: list[ReviewerInfo]
    existing: list[tuple[int, int]]
    declared: set[tuple[int, int]]
    settings: Settings


def _submitted(call_id: int):
    """The call's submitted case studies with their applicant's organisation, by id."""
    applicant = User.__table__.alias("applicant")
    return (select(CaseStudy.id, CaseStudy.applicant_id, CaseStudy.economy_id, CaseStudy.organisation_name,
                   applicant.c.organisation.label("applicant_organisation"))
            .join(applicant, applicant.c.id == CaseStudy.applicant_id)
            .where(CaseStudy.call_id == call_id, CaseStudy.status == "submitted").order_by(CaseStudy.id))


def _pool(call: Call, case_studies, assignments) -> Pool:
    settings = settings_of(call)
    infos = [CaseStudyInfo(id=row.id, applicant_id=row.applicant_id, economy_id=row.economy_id,
                           organisations=(row.organisation_name, row.applicant_organisation))
             for row in db.session.execute(case_studies)]
    reviewers = [
        ReviewerInfo(id=row.id, economy_id=row.economy_id, organisation=row.organisation)
        for row in db.session.execute(_reviewers().where(User.economy_id.in_(settings.panel_economy_ids)))
    ]
    existing, declared = [], set()
    for case_study_id, reviewer_id, status in db.session.execute(assignments):
        if status == AssignmentStatus.ACTIVE.value:
            existing.append((case_study_id, reviewer_id))
        else:
            declared.add((case_study_id, reviewer_id))
    return Pool(infos, reviewers, existing, declared, settings)


def assignment_pool(call: Call) -> Pool:
    assignments = (select(Assignment.case_study_id, Assignment.reviewer_id, Assignment.status)
                   .join(CaseStudy, CaseStudy.id == Assignment.case_study_id).where(CaseStudy.call_id == call.id))
    return _pool(call, _submitted(call.id), assignments)


def pool_after(call: Call, after_id: int, size: int) -> tuple[Pool, dict[int, int]]:
    """The pool of the next `size` submitted case studies after id `after_id` (their assignments only), and
    every reviewer's active assignments in the whole call: one step of auto-assignment, in four queries."""
    case_studies = _submitted(call.id).where(CaseStudy.id > after_id).limit(size).subquery("chunk")
    assignments = (select(Assignment.case_study_id, Assignment.reviewer_id, Assignment.status)
                   .where(Assignment.case_study_id.in_(select(case_studies.c.id))))
    pool = _pool(call, select(case_studies), assignments)
    load = _load_in_call(call.id)
    return pool, dict(db.session.execute(select(load.c.reviewer_id, load.c.load)).all())


def running_job(call_id: int, kind: str) -> Job | None:
    """The call's job of `kind` that is queued or running, if any."""
    return db.session.execute(
        select(Job).where(Job.kind == kind, Job.call_id == call_id,
                          Job.state.in_([JobState.QUEUED.value, JobState.RUNNING.value]))
        .order_by(Job.id).limit(1)).scalar_one_or_none()


def submitted_count(call_id: int) -> int:
    return db.session.execute(select(func.count(CaseStudy.id)).where(
        CaseStudy.call_id == call_id, CaseStudy.status == "submitted")).scalar_one()


def pending_notifications(call_id: int) -> tuple[int, int]:
    """(assignments, reviewers) not yet told about their new assignments."""
    assignments, reviewers = db.session.execute(
        select(func.count(Assignment.id), func.count(Assignment.reviewer_id.distinct()))
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
        .where(CaseStudy.call_id == call_id, Assignment.status == ACTIVE, Assignment.notified_at.is_(None))
    ).one()
    return assignments, reviewers


def active_assignments(call: Call, *, unannounced: bool = False, unfinished: bool = False):
    """A select of the call's active assignments with reviewer and case study, by reviewer:
    only those not yet announced, or only those whose review is not submitted, when asked."""
    query = (select(Assignment).join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
             .where(CaseStudy.call_id == call.id, Assignment.status == ACTIVE)
             .options(selectinload(Assignment.reviewer), selectinload(Assignment.case_study))
             .order_by(Assignment.reviewer_id, CaseStudy.title, Assignment.id))
    if unannounced:
        query = query.where(Assignment.notified_at.is_(None))
    if unfinished:
        query = (query.outerjoin(Review, Review.assignment_id == Assignment.id)
                 .where(or_(Review.id.is_(None), Review.submitted_at.is_(None))))
    return query


def plan_preview(plan: Plan) -> dict:
    """What a plan adds (reviewers by load, the first rows in full) and what it cannot fill, with names."""
    shown = plan.additions[:PREVIEW_ROWS]
    case_ids = {c for c, _ in shown} | {c for s in plan.shortages.values() for c in s.case_study_ids[:PREVIEW_TITLES]}
    titles = dict(db.session.execute(select(CaseStudy.id, CaseStudy.title).where(CaseStudy.id.in_(case_ids))).all())
    added = Counter(r for _, r in plan.additions)
    people = {row.id: row for row in db.session.execute(
        select(User.id, User.name, Economy.code).outerjoin(Economy, Economy.id == User.economy_id)
        .where(User.id.in_(list(added))))}
    codes = dict(db.session.execute(select(Economy.id, Economy.code)).all())
    return {
        "rows": [(titles[c], people[r].name, people[r].code) for c, r in shown],
        "more": len(plan.additions) - len(shown),
        "reviewers": sorted(((people[r].name, people[r].code, n) for r, n in added.items()),
                            key=lambda item: (item[1] or "", item[0])),
        "shortages": [(shortage_text(s.reason, codes.get(s.economy_id, "?"), len(s.case_study_ids)),
                       [titles[c] for c in s.case_study_ids[:PREVIEW_TITLES]],
                       len(s.case_study_ids) - PREVIEW_TITLES)
                      for s in sorted(plan.shortages.values(), key=lambda s: codes.get(s.economy_id, ""))],
    }
