"""Reads for the editor's case-study page: the case study with all it shows above its reviews in one query."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload, load_only

from ...auth.models import User
from ...case_studies.models import CaseStudy, Forum
from ...case_studies.queries import viewable_row_or_404
from ..decisions.queries import decision_of
from ..models import Decision
from ..scores.models import CallScores, CaseStudyScore
from ..scores.stored import case_study_score, score_row_join


@dataclass(frozen=True)
class Shown:
    """The case study, its decision and its row of the call's current scores (and those scores' state,
    when the page's query read it)."""

    case_study: CaseStudy
    decision: Decision | None
    scores: CaseStudyScore | None
    state: CallScores | None = None


def _person(path):
    # Only names and organisations are shown of these accounts: their roles and economy would cost a
    # query or a join each (they are the account's own eager loads).
    return [path.lazyload(User.role_rows), path.lazyload(User.economy)]


def shown_case_study_or_404(case_study_id: int, *, for_user) -> Shown:
    """The case study as get_case_study_or_404 authorises it, with its call, economy, forum, applicant and
    attachments, its decision (and who took it) and its scores row, in one query while the scores are current."""
    query = (
        select(CaseStudy, Decision, CallScores, CaseStudyScore)
        .join(CaseStudy.call)
        .outerjoin(Decision, Decision.case_study_id == CaseStudy.id)
        .outerjoin(CallScores, CallScores.call_id == CaseStudy.call_id)
        .outerjoin(CaseStudyScore, score_row_join(CaseStudy.id))
        .options(contains_eager(CaseStudy.call), joinedload(CaseStudy.economy),
                 joinedload(CaseStudy.forum).lazyload(Forum.host_economy),
                 # A row per attachment: a case study has a handful, and a query of their own would
                 # cost more than repeating the case study's columns on each.
                 *_person(joinedload(CaseStudy.applicant)), joinedload(CaseStudy.attachments),
                 *_person(joinedload(Decision.decided_by)),
                 # The dashboard's summary (panels, statuses) is not shown here; the version is what counts.
                 load_only(CallScores.version, CallScores.building_until, CallScores.panels))
        .where(CaseStudy.id == case_study_id)
    )
    case_study, decision, state, row = viewable_row_or_404(query, for_user=for_user)
    return Shown(case_study, decision, case_study_score(case_study.call, case_study.id, read=(state, row)), state)


def shown(case_study: CaseStudy) -> Shown:
    """The same for a case study already loaded (a post that is refused shows the page again)."""
    return Shown(case_study, decision_of(case_study.id), case_study_score(case_study.call, case_study.id))
