"""A call's accepted set counted by economy, forum, organisation type and group served, and its report
targets: what the queue's Balance section reads live and a build keeps for the dashboard's summary."""

from __future__ import annotations

from sqlalchemy import Text, case, cast, func, select

from ...auth.models import Economy
from ...case_studies.labels import GROUP_SERVED_LABELS
from ...case_studies.models import CaseStudy
from ...extensions import db
from ..models import Decision, Outcome, ReportTarget, TargetKind


def count_accepted(call_id: int) -> tuple[int, dict[str, dict[str, int]]]:
    """The call's accepted set (accepted and still submitted): how many, and by kind how many have each
    value, in one statement grouped by economy, forum and type; each group is summed in the same rows,
    found in the stored list by its quoted code (codes are plain snake_case words)."""
    groups = {code: func.sum(case((cast(CaseStudy.groups_served, Text).like(f'%"{code}"%'), 1), else_=0))
              for code in GROUP_SERVED_LABELS}
    rows = db.session.execute(
        select(Economy.code, CaseStudy.forum_id, CaseStudy.organisation_type, func.count(), *groups.values())
        .join(Decision, Decision.case_study_id == CaseStudy.id)
        .outerjoin(Economy, Economy.id == CaseStudy.economy_id)
        .where(CaseStudy.call_id == call_id, CaseStudy.status == "submitted",
               Decision.outcome == Outcome.ACCEPTED.value)
        .group_by(Economy.code, CaseStudy.forum_id, CaseStudy.organisation_type)).all()
    counts: dict[str, dict[str, int]] = {kind.value: {} for kind in TargetKind}
    total = 0
    for economy_code, forum_id, organisation_type, count, *by_group in rows:
        total += count
        for kind, value in ((TargetKind.ECONOMY, economy_code), (TargetKind.FORUM, forum_id),
                            (TargetKind.ORGANISATION_TYPE, organisation_type)):
            if value is not None:
                counts[kind.value][str(value)] = counts[kind.value].get(str(value), 0) + count
        for code, served in zip(groups, by_group):
            if served:
                counts[TargetKind.GROUP.value][code] = counts[TargetKind.GROUP.value].get(code, 0) + int(served)
    return total, counts


def kept_balance(call_id: int) -> dict:
    """The accepted set and the targets as a build keeps them (call_scores.balance). A decision, a case
    study's listed fields and a target each bump the scores version, so what is kept is never behind."""
    total, counts = count_accepted(call_id)
    targets = [{"id": t.id, "kind": t.kind, "value": t.value, "at_least": t.at_least, "share": t.share}
               for t in db.session.execute(select(ReportTarget).where(ReportTarget.call_id == call_id)
                                           .order_by(ReportTarget.id)).scalars()]
    return {"total": total, "counts": counts, "targets": targets}
