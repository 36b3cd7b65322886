"""The shortlist (SPEC §5.3): the report queue in order, optionally the waitlist after it, with scores.

Rows come from one query each, streamed from the database a batch at a time: positions and scores
are computed there, so memory stays flat however long the shortlist is. The queries run on the
session's connection rather than through the ORM, which would hold a second batch of rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from ..auth.models import Economy, User
from ..case_studies.labels import (
    GROUP_SERVED_LABELS,
    ORGANISATION_TYPE_LABELS,
    SECTOR_LABELS,
    groups_served_names,
)
from ..case_studies.models import Call, CaseStudy, Forum
from ..case_studies.versions import has_english_version
from ..database import fold
from ..editorial.labels import OUTCOME_LABELS
from ..editorial.models import Decision, Outcome, ReportEntry, ReportSection
from ..extensions import db
from ..i18n import languages
from ..reviews.queries import criteria_of
from ..reviews.totals import review_totals_select
from ..editorial.scores.current import current_scores
from ..editorial.scores.stored import scores_subquery

BATCH = 1000
SUBMITTED = "submitted"


@dataclass(frozen=True)
class Column:
    key: str  # the JSON name
    label: str  # the CSV and XLSX header
    width: int  # XLSX column width, in characters


@dataclass
class Shortlist:
    """What one export lists: a call's queue (and waitlist), with its active criteria as (id, label).

    Plain values only, so that the streamed rows need nothing reloaded after the view commits.
    """

    call_id: int
    scores_version: int  # every number comes from this version of the call's maintained scores
    include_waitlist: bool = False
    include_contact: bool = False
    criteria: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def of(cls, call: Call, *, include_waitlist: bool = False, include_contact: bool = False) -> Shortlist:
        return cls(call.id, current_scores(call).version, include_waitlist, include_contact,
                   [(c.id, c.label) for c in criteria_of(call.id, active_only=True)])

    @property
    def criterion_ids(self) -> list[int]:
        return [criterion_id for criterion_id, _label in self.criteria]


def columns(shortlist: Shortlist) -> list[Column]:
    """The columns of SPEC §5.3, in its order; one mean per active criterion; contact when asked."""
    result = [
        Column("position", _("Position"), 9), Column("section", _("Section"), 28), Column("title", _("Title"), 48),
        Column("organisation", _("Organisation"), 32), Column("organisation_type", _("Organisation type"), 20),
        Column("economy", _("Economy"), 18), Column("locality", _("Locality"), 20), Column("forum", _("Forum"), 36),
        Column("sector", _("Sector"), 20), Column("mean_score", _("Mean score"), 11),
    ]
    result += [Column(f"criterion_{i}_mean", _("%(criterion)s (mean)", criterion=label), 16)
               for i, (_id, label) in enumerate(shortlist.criteria, start=1)]
    result += [Column("calibrated_score", _("Calibrated score"), 11), Column("spread", _("Spread"), 9),
               Column("reviews_submitted", _("Reviews submitted"), 10), Column("decision", _("Decision"), 12),
               Column("language", _("Language"), 12), Column("english_version", _("English version"), 10),
               Column("groups_served", _("Groups served"), 30)]
    if shortlist.include_contact:
        result.append(Column("contact", _("Contact"), 40))
    return result


def _queue_part():
    """The queue's case studies: (case_study_id, section, part 0, rank in report order)."""
    return (select(ReportEntry.case_study_id.label("case_study_id"), ReportSection.title.label("section"),
                   literal(0).label("part"),
                   func.row_number().over(order_by=(ReportSection.position, ReportSection.id,
                                                    ReportEntry.position, ReportEntry.id)).label("rank"))
            .join(ReportSection, ReportSection.id == ReportEntry.section_id)
            .join(CaseStudy, CaseStudy.id == ReportEntry.case_study_id))


def _waitlist_part(aggregates):
    """Waitlisted case studies after the queue, the best calibrated score first."""
    order = (aggregates.c.calibrated.is_(None), aggregates.c.calibrated.desc(), fold(CaseStudy.title),
             CaseStudy.id)
    return (select(CaseStudy.id.label("case_study_id"), literal(_("Waitlist")).label("section"),
                   literal(1).label("part"), func.row_number().over(order_by=order).label("rank"))
            .join(Decision, and_(Decision.case_study_id == CaseStudy.id,
                                 Decision.outcome == Outcome.WAITLISTED.value))
            .outerjoin(aggregates, aggregates.c.case_study_id == CaseStudy.id))


def _listed(shortlist: Shortlist, aggregates):
    """(case_study_id, section, position) of every listed case study: submitted ones only."""
    call_id = shortlist.call_id
    parts = [_queue_part().where(ReportSection.call_id == call_id, CaseStudy.status == SUBMITTED)]
    if shortlist.include_waitlist:
        parts.append(_waitlist_part(aggregates).where(CaseStudy.call_id == call_id, CaseStudy.status == SUBMITTED))
    both = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("parts")
    return select(both.c.case_study_id, both.c.section,
                  func.row_number().over(order_by=(both.c.part, both.c.rank)).label("position")).subquery("listed")


def _sizes(call_id: int):
    """Scalar subqueries: the queue's listed case studies, and the waitlist's."""
    queue = (select(func.count(ReportEntry.id)).join(ReportSection, ReportSection.id == ReportEntry.section_id)
             .join(CaseStudy, CaseStudy.id == ReportEntry.case_study_id)
             .where(ReportSection.call_id == call_id, CaseStudy.status == SUBMITTED).scalar_subquery())
    waitlist = (select(func.count(Decision.id)).join(CaseStudy, CaseStudy.id == Decision.case_study_id)
                .where(CaseStudy.call_id == call_id, CaseStudy.status == SUBMITTED,
                       Decision.outcome == Outcome.WAITLISTED.value).scalar_subquery())
    return queue, waitlist


def count(call_id: int, *, include_waitlist: bool, connection: Connection | None = None) -> int:
    """How many rows the call's shortlist has (one query), on `connection` if given."""
    queue, waitlist = _sizes(call_id)
    return (connection or db.session).execute(select(queue + waitlist if include_waitlist else queue)).scalar_one()


def sizes(call_id: int) -> tuple[int, int]:
    """(rows of the queue, rows of the waitlist) of the call's shortlist, in one query."""
    queue, waitlist = _sizes(call_id)
    listed, waiting = db.session.execute(select(queue, waitlist)).one()
    return listed, waiting


def _labels() -> tuple[dict, dict, dict, dict]:
    """The coded values' names, translated once per export rather than once per row."""
    return ({k: str(v) for k, v in ORGANISATION_TYPE_LABELS.items()}, {k: str(v) for k, v in SECTOR_LABELS.items()},
            {k: str(v) for k, v in OUTCOME_LABELS.items()}, {k: str(v) for k, v in GROUP_SERVED_LABELS.items()})


# The title and language of a case study, its English title among them (read from the JSON in the database).
TITLE_COLUMNS = (CaseStudy.title, CaseStudy.language, CaseStudy.english_version["title"].as_string())


def _title(title: str, language: str, english_title: str | None) -> tuple[str, bool]:
    """The title to list (the English one, when there is an English version) and whether there is one."""
    english = has_english_version(language, {"title": english_title})
    return (english_title if english else title), english


def _contact(name: str, email: str, phone: str) -> str:
    return ", ".join(part for part in (name, email, phone) if part)


def rows(shortlist: Shortlist, connection: Connection | None = None) -> Iterator[tuple]:
    """The shortlist's rows, in the order and with the values of `columns(shortlist)`, read on
    `connection` (by default the session's)."""
    ids = shortlist.criterion_ids
    aggregates = scores_subquery(shortlist.call_id, shortlist.scores_version, ids)
    listed = _listed(shortlist, aggregates)
    statement = (
        select(listed.c.position, listed.c.section, CaseStudy.title, CaseStudy.organisation_name,
               CaseStudy.organisation_type, Economy.name, CaseStudy.locality, Forum.name, CaseStudy.sector,
               aggregates.c.mean, *[aggregates.c[f"mean_{i}"] for i in ids], aggregates.c.calibrated,
               aggregates.c.spread, func.coalesce(aggregates.c.reviews, 0), Decision.outcome,
               *TITLE_COLUMNS[1:], CaseStudy.groups_served, CaseStudy.contact_name, CaseStudy.contact_email,
               CaseStudy.contact_phone)
        .select_from(listed)
        .join(CaseStudy, CaseStudy.id == listed.c.case_study_id)
        .outerjoin(Economy, Economy.id == CaseStudy.economy_id)
        .outerjoin(Forum, Forum.id == CaseStudy.forum_id)
        .outerjoin(aggregates, aggregates.c.case_study_id == CaseStudy.id)
        .outerjoin(Decision, Decision.case_study_id == CaseStudy.id)
        .order_by(listed.c.position)
        .execution_options(yield_per=BATCH)
    )
    types, sectors, outcomes, groups = _labels()
    names, yes_no = languages(), (_("No"), _("Yes"))
    for row in (connection or db.session.connection()).execute(statement):
        *values, language, english_title, served, name, email, phone = row
        values[4], values[8] = types.get(values[4], values[4]), sectors.get(values[8], values[8])
        values[-1] = outcomes.get(values[-1], values[-1])
        values[2], english = _title(values[2], language, english_title)
        values += [names.get(language, language), yes_no[english], groups_served_names(served, groups)]
        if shortlist.include_contact:
            values.append(_contact(name, email, phone))
        yield tuple(values)


def review_columns(shortlist: Shortlist) -> list[Column]:
    """The "Reviews" sheet: one row per submitted review of a listed case study, reviewers anonymised."""
    return ([Column("position", _("Position"), 9), Column("title", _("Title"), 48),
             Column("reviewer", _("Reviewer"), 10), Column("reviewer_economy", _("Reviewer economy"), 18)]
            + [Column(f"criterion_{i}", label, 16) for i, (_id, label) in enumerate(shortlist.criteria, start=1)]
            + [Column("total", _("Total"), 9)])


def _reviews_statement(shortlist: Shortlist):
    ids = shortlist.criterion_ids
    listed = _listed(shortlist, scores_subquery(shortlist.call_id, shortlist.scores_version, ids))
    reviews = (review_totals_select(shortlist.call_id, ids, among=listed)
               .add_columns(listed.c.position).group_by(listed.c.position).subquery("reviews"))
    reviewer = aliased(User)
    return (
        select(reviews.c.position, *TITLE_COLUMNS, reviews.c.reviewer_id, Economy.name,
               *[reviews.c[f"score_{i}"] for i in ids], reviews.c.total)
        .select_from(reviews)
        .join(CaseStudy, CaseStudy.id == reviews.c.case_study_id)
        .join(reviewer, reviewer.id == reviews.c.reviewer_id)
        .outerjoin(Economy, Economy.id == reviewer.economy_id)
        .order_by(reviews.c.position, reviews.c.assignment_id)
    )


def review_count(shortlist: Shortlist, connection: Connection | None = None) -> int:
    """How many rows the "Reviews" sheet has (one query)."""
    listed_reviews = _reviews_statement(shortlist).order_by(None).subquery("listed_reviews")
    statement = select(func.count()).select_from(listed_reviews)
    return (connection or db.session).execute(statement).scalar_one()


def review_rows(shortlist: Shortlist, connection: Connection | None = None) -> Iterator[tuple]:
    """Reviews in shortlist order; each reviewer is R1, R2… in order of first appearance in this export."""
    names: dict[int, str] = {}
    statement = _reviews_statement(shortlist).execution_options(yield_per=BATCH)
    for row in (connection or db.session.connection()).execute(statement):
        values = [row[0], _title(*row[1:4])[0], *row[4:]]
        values[2] = names.setdefault(values[2], f"R{len(names) + 1}")
        yield tuple(values)
