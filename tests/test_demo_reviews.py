"""The seeded demo call shows what the editors' tools are for: several reviewers per panel, each
leaning their own way, disagreements the dashboard flags, and a criterion one panel reads strictly."""

from __future__ import annotations

import html
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from lie_review import create_app
from lie_review.auth.models import User
from lie_review.case_studies.models import Call, CaseStudy
from lie_review.demo import DEMO_CALL_TITLE, seed
from lie_review.demo_reviews import HARSH, LENIENT, REVIEWERS, STRICT_CRITERION, STRICT_PANEL
from lie_review.editorial.assignments.plan import ReviewerInfo, conflict_reason
from lie_review.editorial.assignments.queries import case_study_info, settings_of
from lie_review.editorial.models import Decision, ReportEntry
from lie_review.extensions import db
from lie_review.reference_data import COHOSTS
from lie_review.reviews.models import Assignment, Criterion, Review, Score

from .conftest import _empty_all_tables, _test_config
from .factories import PASSWORD

REVIEWED = {"reviewed", "accepted", "waitlisted", "rejected"}
ALL_TABLES = (User, CaseStudy, Assignment, Review, Score, Decision, ReportEntry)


@dataclass
class Seeded:
    """What seeding made, as plain values read once (seeding hashes some sixty passwords)."""

    threshold: float
    case_studies: dict[int, tuple[str, str, str | None]] = field(default_factory=dict)  # status, economy, decision
    reviewers: dict[int, tuple[str, str]] = field(default_factory=dict)  # email, economy
    reviews: list[dict] = field(default_factory=list)  # one per assignment
    criteria: dict[int, tuple[str, int, int]] = field(default_factory=dict)  # label, min, max
    conflicts: list[tuple[int, int, str]] = field(default_factory=list)
    queued: set[int] = field(default_factory=set)
    groups: dict[str, list[str]] = field(default_factory=dict)  # groups served, by title
    counts: tuple[int, ...] = ()
    counts_after_second_seeding: tuple[int, ...] = ()
    second_created: bool = True


def counts() -> tuple[int, ...]:
    return tuple(db.session.execute(select(func.count()).select_from(m)).scalar_one() for m in ALL_TABLES)


@pytest.fixture(scope="module")
def seeded(_schema, tmp_path_factory) -> Seeded:
    app = create_app(_test_config(_schema, tmp_path_factory.mktemp("demo")))
    with app.app_context():
        _empty_all_tables()
        seed()
        db.session.commit()
        call = db.session.execute(select(Call).where(Call.title == DEMO_CALL_TITLE)).scalar_one()
        found = Seeded(threshold=call.disagreement_threshold, counts=counts())
        settings = settings_of(call)
        decisions = dict(db.session.execute(select(Decision.case_study_id, Decision.outcome)).all())
        for cs in db.session.execute(select(CaseStudy).where(CaseStudy.call_id == call.id)).scalars():
            found.case_studies[cs.id] = (cs.status, cs.economy.code, decisions.get(cs.id))
            found.groups[cs.title] = list(cs.groups_served)
        for c in db.session.execute(select(Criterion).where(Criterion.call_id == call.id)).scalars():
            found.criteria[c.id] = (c.label, c.scale_min, c.scale_max)
        for a in db.session.execute(select(Assignment)).scalars():
            reviewer, review = a.reviewer, db.session.execute(
                select(Review).where(Review.assignment_id == a.id)).scalar_one_or_none()
            found.reviewers[reviewer.id] = (reviewer.email, reviewer.economy.code)
            reason = conflict_reason(case_study_info(a.case_study),
                                     ReviewerInfo(reviewer.id, reviewer.economy_id, reviewer.organisation), settings)
            if reason is not None:
                found.conflicts.append((a.case_study_id, reviewer.id, reason))
            found.reviews.append({
                "case_study": a.case_study_id, "reviewer": reviewer.id, "economy": reviewer.economy.code,
                "submitted": review is not None and review.submitted_at is not None,
                "total": review.total if review else None,
                "recommendation": review.recommendation if review else None,
                "confidence": review.confidence if review else None,
                "scores": dict(db.session.execute(select(Score.criterion_id, Score.value)
                                                  .where(Score.assignment_id == a.id)).all()),
            })
        found.queued = set(db.session.execute(select(ReportEntry.case_study_id)).scalars())
        again, _ = seed()
        db.session.commit()
        found.second_created, found.counts_after_second_seeding = again, counts()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()
    return found


def submitted(seeded: Seeded) -> list[dict]:
    return [r for r in seeded.reviews if r["submitted"]]


def test_the_demo_call_has_at_least_forty_case_studies(seeded):
    assert len(seeded.case_studies) >= 40


def test_every_case_study_serves_the_groups_its_demo_text_names(seeded):
    from lie_review.demo import case_studies

    assert seeded.groups == {item["title"]: item["groups_served"] for item in case_studies()}
    assert sum(bool(groups) for groups in seeded.groups.values()) >= len(seeded.groups) // 2


def test_every_panel_has_several_reviewers_each_with_enough_reviews_to_be_calibrated(seeded):
    per_reviewer = defaultdict(int)
    for review in submitted(seeded):
        per_reviewer[review["reviewer"]] += 1
    for code in COHOSTS:
        panel = [r for r, (_, economy) in seeded.reviewers.items() if economy == code]
        assert len(panel) >= 2, code
        assert all(per_reviewer[r] >= 3 for r in panel), (code, [per_reviewer[r] for r in panel])


def test_every_reviewed_case_study_has_one_submitted_review_from_each_panel(seeded):
    by_case_study = defaultdict(list)
    for review in submitted(seeded):
        by_case_study[review["case_study"]].append(review["economy"])
    assert len(by_case_study) >= 25
    assert all(sorted(economies) == sorted(COHOSTS) for economies in by_case_study.values())
    assert all(seeded.case_studies[cs][0] == "submitted" for cs in by_case_study)


def test_no_demo_assignment_breaks_the_assignment_rules(seeded):
    assert seeded.conflicts == []


def test_each_panel_has_a_harsh_and_a_lenient_reviewer_five_points_from_its_mean(seeded):
    totals = defaultdict(list)
    for review in submitted(seeded):
        totals[review["reviewer"]].append(review["total"])
    leaning = {email: lean for email, _, _, _, lean in REVIEWERS}
    for code in COHOSTS:
        panel = {r: statistics.mean(totals[r]) for r, (_, economy) in seeded.reviewers.items() if economy == code}
        panel_mean = statistics.mean(t for r in panel for t in totals[r])
        harsh = [r for r in panel if leaning[seeded.reviewers[r][0]] == HARSH]
        lenient = [r for r in panel if leaning[seeded.reviewers[r][0]] == LENIENT]
        assert harsh and all(panel[r] <= panel_mean - 5 for r in harsh), (code, panel, panel_mean)
        assert lenient and all(panel[r] >= panel_mean + 5 for r in lenient), (code, panel, panel_mean)


def spreads(seeded: Seeded) -> dict[int, float]:
    totals = defaultdict(list)
    for review in submitted(seeded):
        totals[review["case_study"]].append(review["total"])
    return {cs: max(t) - min(t) for cs, t in totals.items()}


def test_several_case_studies_split_the_panel_but_most_do_not(seeded):
    flagged = [cs for cs, spread in spreads(seeded).items() if spread >= seeded.threshold]
    assert 3 <= len(flagged) <= len(spreads(seeded)) / 2


def test_one_panel_reads_inclusiveness_lower_than_the_others_and_only_inclusiveness(seeded):
    levels = defaultdict(list)  # (label, panel is the strict one) -> levels
    for review in submitted(seeded):
        for criterion_id, value in review["scores"].items():
            levels[(seeded.criteria[criterion_id][0], review["economy"] == STRICT_PANEL)].append(value)
    for label, _, _ in seeded.criteria.values():
        gap = statistics.mean(levels[(label, False)]) - statistics.mean(levels[(label, True)])
        if label == STRICT_CRITERION:
            assert gap >= 0.8, gap
        else:
            assert abs(gap) < 0.5, (label, gap)


def test_every_score_is_on_its_criterions_scale_and_every_submitted_review_is_complete(seeded):
    for review in seeded.reviews:
        for criterion_id, value in review["scores"].items():
            _, low, high = seeded.criteria[criterion_id]
            assert low <= value <= high
    for review in submitted(seeded):
        assert set(review["scores"]) == set(seeded.criteria)
        assert 1 <= review["confidence"] <= 5
    assert {r["confidence"] for r in submitted(seeded)} >= {2, 3, 4, 5}


def test_recommendations_follow_the_levels(seeded):
    for review in submitted(seeded):
        if review["total"] >= 70:
            assert review["recommendation"] in {"recommend", "strongly_recommend"}, review
        if review["total"] <= 30:
            assert review["recommendation"] == "do_not_recommend", review


def test_two_submitted_case_studies_wait_for_reviewers_one_of_them_in_progress(seeded):
    unfinished = defaultdict(list)
    for review in seeded.reviews:
        if not review["submitted"]:
            unfinished[review["case_study"]].append(review)
    assert len(unfinished) == 2
    assert all(seeded.case_studies[cs][2] is None for cs in unfinished)
    started = [r for rows in unfinished.values() for r in rows if r["scores"]]
    assert len(started) == 1


def test_accepted_case_studies_are_in_the_report_queue(seeded):
    accepted = {cs for cs, (_, _, decision) in seeded.case_studies.items() if decision == "accepted"}
    assert accepted and seeded.queued == accepted


def test_seeding_twice_creates_nothing_the_second_time(seeded):
    assert seeded.second_created is False
    assert seeded.counts_after_second_seeding == seeded.counts


def test_the_dashboard_flags_the_case_studies_the_panel_split_on(app, client, auth):
    with app.app_context():
        seed()
        editor = db.session.execute(select(User).where(User.email == "editor@example.org")).scalar_one()
        editor.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        call = db.session.execute(select(Call).where(Call.title == DEMO_CALL_TITLE)).scalar_one()
        call_id, threshold = call.id, call.disagreement_threshold
        totals = defaultdict(list)
        for title, total in db.session.execute(
                select(CaseStudy.title, Review.total).join(Assignment, Assignment.case_study_id == CaseStudy.id)
                .join(Review, Review.assignment_id == Assignment.id)
                .where(CaseStudy.call_id == call_id, Review.submitted_at.is_not(None))):
            totals[title].append(total)
        db.session.commit()
    split = {title for title, t in totals.items() if max(t) - min(t) >= threshold}
    auth.login("editor@example.org")
    page = client.get(f"/editor/calls/{call_id}", query_string={"flagged": "y", "per_page": 50}).get_data(
        as_text=True)
    shown = set(re.findall(r'<th scope="row"><a href="/editor/case-studies/\d+">([^<]+)</a></th>', page))
    assert len(split) >= 3
    assert {html.unescape(title) for title in shown} == split
