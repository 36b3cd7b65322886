"""Fora, calls for case studies, case studies and their attachments."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import gettext
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..auth.models import Economy, User
from ..clock import UTCDateTime, utcnow
from ..extensions import db, one_of
from ..i18n import current_locale
from ..translatable import Translatable, translation


class Forum(Translatable, db.Model):
    """One Local Innovation Ecosystem Forum where case studies are presented; its name and city are
    given in English and, by the editors, in the other languages."""

    __tablename__ = "forum"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    host_economy_id: Mapped[int] = mapped_column(ForeignKey("economy.id"))
    city: Mapped[str] = mapped_column(String(120))
    held_on: Mapped[date | None] = mapped_column(Date)
    host_economy: Mapped[Economy] = relationship(lazy="joined")

    @property
    def label(self) -> str:
        """The forum's name in the reader's language (see forum_text)."""
        return forum_text(self, "name")

    @property
    def city_label(self) -> str:
        """The forum's city in the reader's language, found the same way as its name."""
        return forum_text(self, "city")


def forum_text(forum, field: str) -> str:
    """A forum's name or city in the reader's language: the editors' translation, else the catalog's (which
    holds the seeded fora's names), else the English; for a Forum and for a kept fora.ForumEntry alike."""
    return translation(forum, field, current_locale()) or gettext(getattr(forum, field))


call_economy = Table(
    "call_economy",
    db.metadata,
    Column("call_id", ForeignKey("call.id", ondelete="CASCADE"), primary_key=True),
    Column("economy_id", ForeignKey("economy.id"), primary_key=True),
)


class Call(Translatable, db.Model):
    """A call for case studies: its dates, panel economies, rubric and review settings; its title and
    description in English and in the languages the editors translated them into."""

    __tablename__ = "call"
    __table_args__ = (
        CheckConstraint("opens_at < closes_at", name="opens_before_closes"),
        CheckConstraint("closes_at <= review_ends_at", name="closes_before_review_ends"),
        CheckConstraint("reviews_per_economy BETWEEN 1 AND 10", name="reviews_per_economy"),
        CheckConstraint(
            "disagreement_threshold >= 0 AND disagreement_threshold <= 100",
            name="disagreement_threshold",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Taipei")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    review_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviews_per_economy: Mapped[int] = mapped_column(Integer, default=1)
    reviewers_see_others: Mapped[bool] = mapped_column(Boolean, default=True)
    hide_applicant_identity: Mapped[bool] = mapped_column(Boolean, default=False)
    exclude_same_economy: Mapped[bool] = mapped_column(Boolean, default=False)
    disagreement_threshold: Mapped[float] = mapped_column(Float, default=30.0)
    # The LANGUAGES codes a case study may be written in; English is always one of them.
    case_study_languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["en"])
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("call.id", ondelete="SET NULL"))
    # The version of everything the call's maintained scores are built from (editorial.scores.versions):
    # one more each time a flush changes a score of a submitted review, a submission, an assignment, a
    # decision, a case study's listed fields, the rubric or the call's panel. Only that hook writes it.
    scores_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Read when first used: most pages that load a call (scoring, saves, the calls list) never show its panel.
    panel_economies: Mapped[list[Economy]] = relationship(secondary=call_economy, order_by=Economy.code)

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.opens_at <= now < self.closes_at

    def review_is_open(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) < self.review_ends_at


class OrganisationType(str, enum.Enum):
    STARTUP = "startup"
    MSME = "msme"
    INCUBATOR = "incubator"
    UNIVERSITY = "university"
    LOCAL_GOVERNMENT = "local_government"
    LARGE_COMPANY = "large_company"
    NGO = "ngo"
    OTHER = "other"


class Sector(str, enum.Enum):
    AGRICULTURE = "agriculture"
    MANUFACTURING = "manufacturing"
    TOURISM = "tourism"
    HEALTH = "health"
    EDUCATION = "education"
    DIGITAL = "digital"
    ENERGY = "energy"
    FINANCE = "finance"
    MOBILITY = "mobility"
    RETAIL = "retail"
    CREATIVE = "creative"
    OTHER = "other"


class GroupServed(str, enum.Enum):
    """Who a case study's work serves, among the groups inclusive growth is about (SPEC §4.1 Inclusiveness)."""

    WOMEN = "women"
    YOUTH = "youth"
    OLDER_PEOPLE = "older_people"
    PERSONS_WITH_DISABILITIES = "persons_with_disabilities"
    INDIGENOUS_PEOPLES = "indigenous_peoples"
    RURAL_REMOTE = "rural_remote"


class CaseStudyStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class CaseStudy(db.Model):
    """An applicant's submission to a call. `version` is the optimistic lock travelling in forms."""

    __tablename__ = "case_study"
    __table_args__ = (
        CheckConstraint(one_of("status", [s.value for s in CaseStudyStatus]), name="status"),
        CheckConstraint(
            "organisation_type IS NULL OR " + one_of("organisation_type", [t.value for t in OrganisationType]),
            name="organisation_type",
        ),
        CheckConstraint("sector IS NULL OR " + one_of("sector", [s.value for s in Sector]), name="sector"),
        Index("ix_case_study_call_status", "call_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=CaseStudyStatus.DRAFT.value)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The LANGUAGES code of the language it is written in, one the call accepts.
    language: Mapped[str] = mapped_column(String(16), default="en")

    title: Mapped[str] = mapped_column(String(200), default="")
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    organisation_type: Mapped[str | None] = mapped_column(String(32))
    economy_id: Mapped[int | None] = mapped_column(ForeignKey("economy.id"), index=True)
    locality: Mapped[str] = mapped_column(String(200), default="")
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forum.id"), index=True)
    sector: Mapped[str | None] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text, default="")
    local_challenge: Mapped[str] = mapped_column(Text, default="")
    solution: Mapped[str] = mapped_column(Text, default="")
    ecosystem_partners: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    sustainability: Mapped[str] = mapped_column(Text, default="")
    inclusiveness: Mapped[str] = mapped_column(Text, default="")
    # The GroupServed codes it serves, in the order of GroupServed: a list in one column, so the editors'
    # aggregates count each group in the same statement as the economies and fora.
    groups_served: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    lessons: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    consent_to_publish: Mapped[bool] = mapped_column(Boolean, default=False)
    # Written in another language: its English version, text field (versions.TRANSLATED_FIELDS) to text.
    english_version: Mapped[dict] = mapped_column(JSON, default=dict)
    # The one-time token of the Start form that made it: a second post of that form (a double click,
    # on any app server) finds this draft instead of making another. Unique, so a race makes one.
    start_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    call: Mapped[Call] = relationship()
    applicant: Mapped[User] = relationship()
    economy: Mapped[Economy | None] = relationship()
    forum: Mapped[Forum | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="case_study", cascade="all, delete-orphan", order_by="Attachment.id"
    )

    __mapper_args__ = {"version_id_col": version}


class Attachment(db.Model):
    """A PDF, PNG or JPEG kept in the database, so every app server can serve it."""

    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint(one_of("content_type", ["application/pdf", "image/png", "image/jpeg"]), name="content_type"),
        CheckConstraint("size > 0 AND size <= 10485760", name="size"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_study_id: Mapped[int] = mapped_column(ForeignKey("case_study.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case_study: Mapped[CaseStudy] = relationship(back_populates="attachments")


class KeptDraft(db.Model):
    """Text posted to a case study form after its session or form token expired, kept for its owner.

    The signed session cookie cannot hold a case study (browsers cap cookies at 4 KB) and is
    cleared at login, so the text waits here, found again through a cookie of its own.
    """

    __tablename__ = "kept_draft"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    case_study_id: Mapped[int] = mapped_column(ForeignKey("case_study.id", ondelete="CASCADE"), index=True)
    fields: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
