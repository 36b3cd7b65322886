"""Demo data: a call with the default rubric, one account per role, a dozen case studies in every state."""

from __future__ import annotations

import random
import secrets
import tomllib
from datetime import timedelta
from importlib import resources
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from .auth.models import Economy, Role, User
from .case_studies.models import Call, CaseStudy, Forum
from .clock import utcnow
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
    ("reviewer.ct@example.org", "Chen Wei-Lin", [Role.REVIEWER], "CT", "Small and Medium Enterprise Administration"),
    ("reviewer.rus@example.org", "Irina Sokolova", [Role.REVIEWER], "RUS", "Regional Innovation Agency"),
    ("reviewer.tha@example.org", "Somchai Prasert", [Role.REVIEWER], "THA", "Office of SME Promotion"),
    ("reviewer.phl@example.org", "Maria Santos", [Role.REVIEWER], "PHL", "Department of Trade and Industry"),
]


def case_studies() -> list[dict]:
    """The demo case studies from demo_case_studies.toml, in order; `forum` is None where it is left out."""
    text = resources.files(__package__).joinpath("demo_case_studies.toml").read_text(encoding="utf-8")
    return [{**item, "forum": item.get("forum")} for item in tomllib.loads(text)["case_study"]]


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
    reviewers = [staff[f"reviewer.{code.lower()}@example.org"] for code in COHOSTS]
    now = utcnow()
    call = Call(
        title=DEMO_CALL_TITLE,
        description="Case studies of local innovation ecosystems that revitalised a local economy, "
                    "joining the public and private sectors, universities, incubators and communities.",
        timezone="Asia/Taipei", opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=30),
        review_ends_at=now + timedelta(days=60),
        panel_economies=[economies[c] for c in COHOSTS],
        case_study_languages=list(languages()),  # every language of the interface, with English versions
    )
    criteria = default_criteria()
    for criterion in criteria:
        criterion.call = call
    db.session.add_all([call, *criteria])
    db.session.flush()

    rng = random.Random(2027)
    sections: dict[int, ReportSection] = {}
    waiting = 0  # submitted case studies given to reviewers who have not finished yet
    for item in case_studies():
        slug = item["applicant"]
        applicant = account(f"{slug}@example.org", item["applicant_name"], [Role.APPLICANT],
                            item["economy"], item["organisation_name"])
        db.session.flush()
        state = item["state"]
        fields = {k: v for k, v in item.items()
                  if k not in {"economy", "forum", "state", "applicant", "applicant_name"}}
        case_study = CaseStudy(
            call_id=call.id, applicant_id=applicant.id, economy_id=economies[item["economy"]].id,
            forum_id=fora[item["forum"]].id if item["forum"] else None,
            status="draft" if state == "draft" else "withdrawn" if state == "withdrawn" else "submitted",
            submitted_at=None if state == "draft" else now - timedelta(days=rng.randint(3, 25)),
            **fields,
        )
        db.session.add(case_study)
        db.session.flush()
        if state == "submitted" and waiting < 2:
            _assign_waiting(case_study, reviewers, criteria, in_progress=waiting == 0)
            waiting += 1
        if state in {"draft", "submitted", "withdrawn"}:
            continue
        for reviewer in reviewers:
            if reviewer.economy_id == case_study.economy_id and rng.random() < 0.5:
                continue
            assignment = Assignment(case_study_id=case_study.id, reviewer_id=reviewer.id, notified_at=now)
            db.session.add(assignment)
            db.session.flush()
            leaning = {"accepted": 4, "waitlisted": 3, "rejected": 2}.get(state, rng.randint(2, 4))
            for criterion in criteria:
                value = max(1, min(5, leaning + rng.choice([-1, 0, 0, 1])))
                db.session.add(Score(assignment_id=assignment.id, criterion_id=criterion.id, value=value,
                                     comment=""))
            db.session.add(Review(assignment_id=assignment.id, submitted_at=now - timedelta(days=1),
                                  overall_comment="A clear case with useful figures; see the scores.",
                                  recommendation="recommend" if leaning >= 3 else "neutral",
                                  confidence=rng.randint(3, 5)))
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
