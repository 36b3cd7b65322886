"""Demo data: a call with the default rubric, an account per role, three reviewers per panel economy and
forty-odd case studies in every state, reviewed the way real panels differ (see demo_reviews)."""

from __future__ import annotations

import random
import secrets
import tomllib
from collections import Counter
from datetime import timedelta
from importlib import resources
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from .auth.models import Economy, Role, User
from .case_studies.models import Call, CaseStudy, Forum
from .clock import utcnow
from .demo_reviews import (
    DISPUTE_STEP, DISPUTED_SHARE, REVIEWERS, STRICT_COMMENT, STRICT_CRITERION, STRICT_PANEL, Scale,
    Sides, case_study_levels, centre, confidence, overall_comment, pick_reviewer, recommendation,
    review_levels,
)
from .editorial.assignments.plan import ReviewerInfo, conflict_reason
from .editorial.assignments.queries import case_study_info, settings_of
from .editorial.models import Decision, ReportEntry, ReportSection
from .extensions import db
from .i18n import languages
from .reference_data import COHOSTS, seed_reference_data
from .reviews.models import Assignment, Review, Score
from .reviews.rubric import default_criteria

DEMO_CALL_TITLE = "Local Innovation Ecosystem Best Practices 2027"

STAFF = [
    ("admin@example.org", "Ada Admin", [Role.ADMIN], None, "APEC SME Secretariat"),
    ("editor@example.org", "Elena Editor", [Role.EDITOR], "CT", "Report editorial team"),
]

CASE_STUDY_FILES = ("demo_case_studies.toml", "demo_case_studies_more.toml")
# The keys of a demo case study that say how to seed it rather than what it says.
SEEDING_KEYS = frozenset({"economy", "forum", "state", "applicant", "applicant_name"})


def case_studies() -> list[dict]:
    """The demo case studies of CASE_STUDY_FILES, file by file in order; `forum` is None where it is left out."""
    items = []
    for name in CASE_STUDY_FILES:
        text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
        items += [{**item, "forum": item.get("forum")} for item in tomllib.loads(text)["case_study"]]
    return items


def accounts_file() -> Path:
    return Path(current_app.config.get("DEMO_ACCOUNTS_FILE")
                or Path(current_app.instance_path) / "demo_accounts.txt")


def seed() -> tuple[bool, str]:
    """Create the demo data unless the demo call exists; return (created, the accounts text)."""
    seed_reference_data()
    if db.session.execute(select(Call.id).where(Call.title == DEMO_CALL_TITLE)).first() is not None:
        path = accounts_file()
        return False, path.read_text() if path.exists() else "Demo accounts exist; their passwords were " \
            "printed when they were created (reset one with 'Forgot your password?')."
    economies = {e.code: e for e in db.session.execute(select(Economy)).scalars()}
    fora = {f.city: f for f in db.session.execute(select(Forum)).scalars()}
    passwords: dict[str, str] = {}

    def account(email, name, roles, code, organisation):
        user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
        if user is None:
            passwords[email] = secrets.token_urlsafe(9)
            user = User(email=email, name=name, organisation=organisation,
                        economy_id=economies[code].id if code else None,
                        password_hash=generate_password_hash(passwords[email]), email_confirmed_at=utcnow())
            user.set_roles(roles)
            db.session.add(user)
        return user

    staff = {email: account(email, name, roles, code, org) for email, name, roles, code, org in STAFF}
    panels: dict[str, list[tuple[User, int]]] = {code: [] for code in COHOSTS}
    for email, name, code, organisation, leaning in REVIEWERS:
        panels[code].append((account(email, name, [Role.REVIEWER], code, organisation), leaning))
    # The first reviewer of each panel, the account the README names, has the unfinished assignments.
    reviewers = [panels[code][0][0] for code in COHOSTS]
    now = utcnow()
    call = Call(
        title=DEMO_CALL_TITLE,
        description="Case studies of local innovation ecosystems that revitalised a local economy, "
                    "joining the public and private sectors, universities, incubators and communities.",
        timezone="Asia/Taipei", opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=30),
        review_ends_at=now + timedelta(days=60),
        panel_economies=[economies[c] for c in COHOSTS], reviews_per_economy=1, exclude_same_economy=False,
        case_study_languages=list(languages()),  # every language of the interface, with English versions
    )
    criteria = default_criteria()
    for criterion in criteria:
        criterion.call = call
    db.session.add_all([call, *criteria])
    db.session.flush()

    rng = random.Random(2027)
    loads: Counter[int] = Counter()  # submitted reviews by reviewer, so that each panel shares the work
    sides = Sides()
    sections: dict[int, ReportSection] = {}
    waiting = 0  # submitted case studies given to reviewers who have not finished yet
    for item in case_studies():
        slug = item["applicant"]
        applicant = account(f"{slug}@example.org", item["applicant_name"], [Role.APPLICANT],
                            item["economy"], item["organisation_name"])
        db.session.flush()
        state = item["state"]
        fields = {k: v for k, v in item.items() if k not in SEEDING_KEYS}
        submitted_at = None if state == "draft" else now - timedelta(days=rng.randint(3, 25))
        case_study = CaseStudy(
            call_id=call.id, applicant_id=applicant.id, economy_id=economies[item["economy"]].id,
            forum_id=fora[item["forum"]].id if item["forum"] else None,
            status="draft" if state == "draft" else "withdrawn" if state == "withdrawn" else "submitted",
            submitted_at=submitted_at, withdrawn_at=now - timedelta(days=1) if state == "withdrawn" else None,
            **fields,
        )
        db.session.add(case_study)
        db.session.flush()
        if state == "submitted" and waiting < 2:
            _assign_waiting(case_study, reviewers, criteria, in_progress=waiting == 0)
            waiting += 1
        if state in {"draft", "submitted", "withdrawn"}:
            continue
        _review_by_every_panel(rng, call, case_study, state, criteria, panels, loads, sides)
        if state in {"accepted", "waitlisted", "rejected"}:
            db.session.add(Decision(case_study_id=case_study.id, outcome=state,
                                    rationale="Decided on the panel's scores and comments.",
                                    feedback="Thank you for sharing your ecosystem's story.",
                                    decided_by_id=staff["editor@example.org"].id))
        if state == "accepted":
            forum = case_study.forum
            key = forum.id if forum else 0
            if key not in sections:
                sections[key] = ReportSection(call_id=call.id, position=len(sections),
                                              title=forum.name if forum else "Other case studies",
                                              forum_id=forum.id if forum else None)
                db.session.add(sections[key])
                db.session.flush()
            db.session.add(ReportEntry(case_study_id=case_study.id, section_id=sections[key].id,
                                       position=len(sections[key].entries)))
    db.session.flush()
    text = _accounts_text(passwords)
    path = accounts_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o600)
    return True, text


def _review_by_every_panel(rng: random.Random, call: Call, case_study: CaseStudy, state: str, criteria,
                           panels: dict[str, list[tuple[User, int]]], loads: Counter[int], sides: Sides) -> None:
    """One submitted review from each panel economy, by its least-loaded reviewer not in conflict who
    is neutral or leans to the case study's side.

    On a disputed case study one panel's reviewer breaks away from the others by DISPUTE_STEP levels.
    """
    scales = [Scale(c.label, c.scale_min, c.scale_max) for c in criteria]
    deserved = centre(rng, state)
    base = case_study_levels(rng, deserved, scales)
    leaning_met = sides.next(state, deserved)
    disputed = state == "waitlisted" or (state == "reviewed" and rng.random() < DISPUTED_SHARE)
    breakaway = rng.choice(COHOSTS) if disputed else None
    info, settings = case_study_info(case_study), settings_of(call)
    for code in COHOSTS:
        eligible = {r.id: (r, leaning) for r, leaning in panels[code] if conflict_reason(
            info, ReviewerInfo(r.id, r.economy_id, r.organisation), settings) is None}
        chosen = pick_reviewer(rng, [(i, lean) for i, (_, lean) in eligible.items()], loads, leaning_met)
        if chosen is None:
            continue
        reviewer, leaning = eligible[chosen]
        loads[reviewer.id] += 1
        step = 0 if code != breakaway else -DISPUTE_STEP if sum(base) >= 3 * len(base) else DISPUTE_STEP
        levels = review_levels(rng, base=base, scales=scales, leaning=leaning, economy=code, breaks_away=step)
        assignment = Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id, notified_at=utcnow())
        db.session.add(assignment)
        db.session.flush()
        for criterion, scale, level, usual in zip(criteria, scales, levels, base, strict=True):
            strict = code == STRICT_PANEL and scale.label == STRICT_CRITERION and level < usual
            db.session.add(Score(assignment_id=assignment.id, criterion_id=criterion.id, value=level,
                                 comment=STRICT_COMMENT if strict else ""))
        recommended = recommendation(levels, scales)
        db.session.add(Review(assignment_id=assignment.id, overall_comment=overall_comment(rng, recommended),
                              recommendation=recommended, confidence=confidence(rng),
                              submitted_at=utcnow() - timedelta(hours=rng.randint(2, 60))))


def _assign_waiting(case_study: CaseStudy, reviewers: list[User], criteria, in_progress: bool) -> None:
    """Assign every reviewer from another economy; the first of them has started scoring when `in_progress`."""
    others = [r for r in reviewers if r.economy_id != case_study.economy_id]
    for reviewer in others:
        assignment = Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id, notified_at=utcnow())
        db.session.add(assignment)
        db.session.flush()
        if in_progress and reviewer is others[0]:
            db.session.add(Score(assignment_id=assignment.id, criterion_id=criteria[0].id, value=4,
                                 comment="The challenge is clear; I would like figures for the solution."))


def _accounts_text(passwords: dict[str, str]) -> str:
    lines = ["Demo accounts (email / password):"]
    lines += [f"  {email:<32} {password}" for email, password in passwords.items()]
    return "\n".join(lines) + "\n"
