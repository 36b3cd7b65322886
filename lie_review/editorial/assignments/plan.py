"""Auto-assignment (SPEC §5.1) as a pure function over plain values."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field


def same_organisation(a: str | None, b: str | None) -> bool:
    """Organisations match ignoring case and spaces; an empty name matches nothing."""
    left, right = _org_key(a), _org_key(b)
    return bool(left) and left == right


def _org_key(name: str | None) -> str:
    return "".join((name or "").casefold().split())


@dataclass(frozen=True)
class CaseStudyInfo:
    id: int
    applicant_id: int
    economy_id: int | None
    organisations: tuple[str, ...] = ()  # the case study's organisation and the applicant's own


@dataclass(frozen=True)
class ReviewerInfo:
    id: int
    economy_id: int | None
    organisation: str = ""


@dataclass(frozen=True)
class Settings:
    panel_economy_ids: tuple[int, ...]
    reviews_per_economy: int = 1
    exclude_same_economy: bool = False


@dataclass
class Shortage:
    """Case studies left short of reviewers from one economy, and why."""

    economy_id: int
    case_study_ids: list[int] = field(default_factory=list)
    missing: int = 0
    reason: str = "no_eligible_reviewer"  # or "no_reviewer_in_economy"


@dataclass
class Plan:
    additions: list[tuple[int, int]] = field(default_factory=list)  # (case_study_id, reviewer_id)
    shortages: dict[int, Shortage] = field(default_factory=dict)  # by economy id


def conflict_reason(case_study: CaseStudyInfo, reviewer: ReviewerInfo, settings: Settings,
                    declared: set[tuple[int, int]] | frozenset = frozenset()) -> str | None:
    """Why `reviewer` may not review `case_study`, or None when they may."""
    if reviewer.id == case_study.applicant_id:
        return "applicant"
    if (case_study.id, reviewer.id) in declared:
        return "declared"
    if any(same_organisation(reviewer.organisation, org) for org in case_study.organisations):
        return "same_organisation"
    if settings.exclude_same_economy and reviewer.economy_id is not None \
            and reviewer.economy_id == case_study.economy_id:
        return "same_economy"
    return None


def auto_assign(case_studies: list[CaseStudyInfo], reviewers: list[ReviewerInfo],
                existing: list[tuple[int, int]], declared: set[tuple[int, int]],
                settings: Settings, load: dict[int, int] | None = None) -> Plan:
    """Fill each case study up to `reviews_per_economy` active reviewers from every panel economy.

    `existing` are the active assignments (kept, and counted towards what is needed); `declared`
    are declared conflicts, never assigned again; `load` is each reviewer's current number of
    active assignments (defaults to their count in `existing`). The least-loaded eligible
    reviewer is chosen, ties broken by reviewer id, so the same input always gives the same plan.
    """
    load = Counter(load if load is not None else Counter(r for _, r in existing))
    by_economy: dict[int | None, list[ReviewerInfo]] = defaultdict(list)
    economy_of = {}
    for reviewer in sorted(reviewers, key=lambda r: r.id):
        by_economy[reviewer.economy_id].append(reviewer)
        economy_of[reviewer.id] = reviewer.economy_id
    assigned: dict[int, set[int]] = defaultdict(set)
    for case_study_id, reviewer_id in existing:
        assigned[case_study_id].add(reviewer_id)

    plan = Plan()
    for case_study in sorted(case_studies, key=lambda c: c.id):
        for economy_id in sorted(settings.panel_economy_ids):
            have = sum(1 for r in assigned[case_study.id] if economy_of.get(r) == economy_id)
            need = settings.reviews_per_economy - have
            if need <= 0:
                continue
            candidates = [
                r for r in by_economy.get(economy_id, [])
                if r.id not in assigned[case_study.id]
                and conflict_reason(case_study, r, settings, declared) is None
            ]
            for _ in range(need):
                if not candidates:
                    break
                chosen = min(candidates, key=lambda r: (load[r.id], r.id))
                candidates.remove(chosen)
                load[chosen.id] += 1
                assigned[case_study.id].add(chosen.id)
                plan.additions.append((case_study.id, chosen.id))
                need -= 1
            if need > 0:
                shortage = plan.shortages.setdefault(economy_id, Shortage(
                    economy_id=economy_id,
                    reason="no_eligible_reviewer" if by_economy.get(economy_id) else "no_reviewer_in_economy",
                ))
                shortage.case_study_ids.append(case_study.id)
                shortage.missing += need
    return plan
