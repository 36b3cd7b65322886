"""Reads for editor pages: loading objects, review totals (SPEC §5.2, in SQL) and reviewer pools."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Float, and_, case, cast, func, select
from sqlalchemy.orm import selectinload

from ..auth.models import Economy, Role, User, UserRole
from ..case_studies.models import Call, CaseStudy
from ..extensions import db
from ..reviews.models import Assignment, AssignmentStatus, Criterion, Review, Score
from .assignment import CaseStudyInfo, ReviewerInfo, Settings, conflict_reason
from .models import Decision
from .ranking import Aggregate, ReviewTotal, aggregate


def get_call_or_404(call_id: int) -> Call:
    return db.get_or_404(Call, call_id)


def get_case_study_or_404(case_study_id: int) -> CaseStudy:
    """Any case study: only editors and admins reach the editor's pages."""
    return db.get_or_404(CaseStudy, case_study_id)


def get_criterion_or_404(criterion_id: int) -> Criterion:
    return db.get_or_404(Criterion, criterion_id)


def get_assignment_or_404(assignment_id: int) -> Assignment:
    return db.get_or_404(Assignment, assignment_id, options=[selectinload(Assignment.review)])


def criteria_of(call_id: int, *, active_only: bool = False) -> list[Criterion]:
    query = select(Criterion).where(Criterion.call_id == call_id).order_by(Criterion.position, Criterion.id)
    if active_only:
        query = query.where(Criterion.active.is_(True))
    return list(db.session.execute(query).scalars())


def scored_criterion_ids(call_id: int) -> set[int]:
    """Criteria of the call that already carry at least one score."""
    return set(db.session.execute(
        select(Score.criterion_id).join(Criterion, Criterion.id == Score.criterion_id)
        .where(Criterion.call_id == call_id, Score.value.is_not(None)).distinct()
    ).scalars())


def review_total_column():
    """Σ w·(s − min)/(max − min) / Σ w × 100 over the active criteria an assignment's scores cover."""
    share = cast(Score.value - Criterion.scale_min, Float) / cast(Criterion.scale_max - Criterion.scale_min, Float)
    return (100.0 * func.sum(Criterion.weight * share) / func.sum(Criterion.weight)).label("total")


def review_totals_select(call_id: int, criterion_ids=()):
    """(assignment_id, case_study_id, reviewer_id, total) of every submitted review of an active
    assignment in the call; with `criterion_ids`, each of those criteria's score as score_<id> too."""
    scores = [func.max(case((Score.criterion_id == criterion_id, Score.value))).label(f"score_{criterion_id}")
              for criterion_id in criterion_ids]
    return (
        select(Assignment.id.label("assignment_id"), Assignment.case_study_id, Assignment.reviewer_id,
               review_total_column(), *scores)
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
        .join(Review, and_(Review.assignment_id == Assignment.id, Review.submitted_at.is_not(None)))
        .join(Score, and_(Score.assignment_id == Assignment.id, Score.value.is_not(None)))
        .join(Criterion, and_(Criterion.id == Score.criterion_id, Criterion.active.is_(True)))
        .where(CaseStudy.call_id == call_id, Assignment.status == AssignmentStatus.ACTIVE.value)
        .group_by(Assignment.id, Assignment.case_study_id, Assignment.reviewer_id)
    )


def review_totals(call_id: int):
    """The rows of review_totals_select, in one query."""
    return db.session.execute(review_totals_select(call_id)).all()


@dataclass
class CallScores:
    """Every submitted review total of a call and the aggregates computed from them."""

    totals: list[ReviewTotal]
    by_assignment: dict[int, float]
    aggregates: dict[int, Aggregate]


def call_scores(call: Call, *, scores_of: int | None = None) -> CallScores:
    """Aggregates of the whole call (calibration needs every total); with `scores_of`, that case
    study's per-criterion means too (one more query)."""
    per_assignment: dict[int, dict[int, int]] = {}
    if scores_of is not None:
        for assignment_id, criterion_id, value in db.session.execute(
            select(Score.assignment_id, Score.criterion_id, Score.value)
            .join(Assignment, Assignment.id == Score.assignment_id)
            .join(Criterion, Criterion.id == Score.criterion_id)
            .where(Assignment.case_study_id == scores_of, Criterion.active.is_(True), Score.value.is_not(None))
        ):
            per_assignment.setdefault(assignment_id, {})[criterion_id] = value
    # Plain loops over unpacked rows: a large call has tens of thousands of them per request.
    totals, by_assignment, no_scores = [], {}, ReviewTotal(0, 0, 0.0).scores
    for assignment_id, case_study_id, reviewer_id, total in review_totals(call.id):
        by_assignment[assignment_id] = total
        totals.append(ReviewTotal(case_study_id, reviewer_id, total, per_assignment.get(assignment_id, no_scores)))
    return CallScores(totals, by_assignment, aggregate(totals, call.disagreement_threshold))


def assignments_of(case_study_id: int) -> list[Assignment]:
    """A case study's assignments (active and declared conflicts) with reviewer and review."""
    return list(db.session.execute(
        select(Assignment).where(Assignment.case_study_id == case_study_id)
        .options(selectinload(Assignment.reviewer), selectinload(Assignment.review))
        .order_by(Assignment.status, Assignment.id)
    ).scalars())


def decision_of(case_study_id: int) -> Decision | None:
    return db.session.execute(select(Decision).where(Decision.case_study_id == case_study_id)).scalar_one_or_none()


def _reviewers():
    """Active accounts holding the reviewer role."""
    return (select(User.id, User.name, User.organisation, User.economy_id, Economy.code.label("economy_code"))
            .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role == Role.REVIEWER.value))
            .outerjoin(Economy, Economy.id == User.economy_id)
            .where(User.active.is_(True)))


def _load_in_call(call_id: int):
    return (select(Assignment.reviewer_id, func.count(Assignment.id).label("load"))
            .join(CaseStudy, CaseStudy.id == Assignment.case_study_id)
            .where(CaseStudy.call_id == call_id, Assignment.status == AssignmentStatus.ACTIVE.value)
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


def candidates_for(case_study: CaseStudy, assignments: list[Assignment]) -> list[Candidate]:
    """Every reviewer not yet on the case study, with economy, load in the call and any conflict."""
    call = case_study.call
    load = _load_in_call(call.id)
    rows = db.session.execute(
        _reviewers().add_columns(func.coalesce(load.c.load, 0).label("load"))
        .outerjoin(load, load.c.reviewer_id == User.id)
    ).all()
    taken = {a.reviewer_id for a in assignments if a.status == AssignmentStatus.ACTIVE.value}
    declared = {(case_study.id, a.reviewer_id) for a in assignments
                if a.status == AssignmentStatus.CONFLICT.value}
    info, settings = case_study_info(case_study), settings_of(call)
    panel = set(settings.panel_economy_ids)
    result = [
        Candidate(id=row.id, name=row.name, economy_code=row.economy_code, in_panel=row.economy_id in panel,
                  load=row.load,
                  conflict=conflict_reason(info, ReviewerInfo(row.id, row.economy_id, row.organisation),
                                           settings, declared))
        for row in rows if row.id not in taken
    ]
    return sorted(result, key=lambda c: (not c.in_panel, c.economy_code or "~", c.conflict is not None,
                                         c.load, c.name.casefold(), c.id))


@dataclass
class Pool:
    """Everything auto-assignment needs for one call, read in four queries."""

    case_studies: list[CaseStudyInfo]
    reviewers: list[ReviewerInfo]
    existing: list[tuple[int, int]]
    declared: set[tuple[int, int]]
    settings: Settings


def assignment_pool(call: Call) -> Pool:
    settings = settings_of(call)
    applicant = User.__table__.alias("applicant")
    case_studies = [
        CaseStudyInfo(id=row.id, applicant_id=row.applicant_id, economy_id=row.economy_id,
                      organisations=(row.organisation_name, row.applicant_organisation))
        for row in db.session.execute(
            select(CaseStudy.id, CaseStudy.applicant_id, CaseStudy.economy_id, CaseStudy.organisation_name,
                   applicant.c.organisation.label("applicant_organisation"))
            .join(applicant, applicant.c.id == CaseStudy.applicant_id)
            .where(CaseStudy.call_id == call.id, CaseStudy.status == "submitted")
        )
    ]
    reviewers = [
        ReviewerInfo(id=row.id, economy_id=row.economy_id, organisation=row.organisation)
        for row in db.session.execute(_reviewers().where(User.economy_id.in_(settings.panel_economy_ids)))
    ]
    existing, declared = [], set()
    for case_study_id, reviewer_id, status in db.session.execute(
        select(Assignment.case_study_id, Assignment.reviewer_id, Assignment.status)
        .join(CaseStudy, CaseStudy.id == Assignment.case_study_id).where(CaseStudy.call_id == call.id)
    ):
        if status == AssignmentStatus.ACTIVE.value:
            existing.append((case_study_id, reviewer_id))
        else:
            declared.add((case_study_id, reviewer_id))
    return Pool(case_studies, reviewers, existing, declared, settings)
