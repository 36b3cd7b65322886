"""Bulk invitations: a checked file kept for its preview, then sent by a job, a step of rows at a time.

The upload keeps the checked rows (`store_batch`); the preview reads the batch's counts and pages of its
rows; Send (`send_batch`) turns the batch into a queued `bulk_invite` job, once: the batch's row is locked
and then names its job, so a second Send finds the first one's job. The job invites STEP_ROWS rows a step,
each step checking its rows again (someone may have joined or been invited since the preview) and
committing the invitations, their queued mail and the job's cursor together: a worker killed in a step
loses that step only, and the job, run again, starts after the last committed one and invites nobody twice.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select

from .. import audit
from ..auth.models import Role, User
from ..clock import utcnow
from ..extensions import db
from ..forms import strip_control
from ..i18n import mail_locale
from ..jobs import work
from ..jobs.models import Job
from ..paging import Page, known_page
from ..permissions import is_admin
from ..templating import number
from . import operations
from .models import NOT_INVITED, TO_INVITE, InvitationBatch, InvitationBatchPage
from .roster import ERROR, INVITED, MEMBER, NEW, RosterRow

KIND = "bulk_invite"
STEP_ROWS = 200  # a step's transaction: big enough to be quick per row, small enough to hold locks briefly
FIRST_NEW_ROWS = 20
PROBLEM_ROWS_PER_PAGE = 100
SENT_BATCHES_KEPT = timedelta(days=7)
FILENAME_MAX = 200


EXPIRED = _l("This preview has expired: upload the file again, so that it is checked against who has joined since.")


class BatchRefused(Exception):
    """A Send that cannot start a job: `code` is the HTTP status, the message says why to the admin."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def store_batch(*, rows: list[RosterRow], counts: dict[str, int], filename: str, actor: User) -> InvitationBatch:
    """Keep classified rows for their preview and the job: the new ones in pages of a step, the others in
    pages of the preview's list."""
    purge_batches()
    batch = InvitationBatch(created_by_id=actor.id, filename=filename, counts=counts)
    db.session.add(batch)
    db.session.flush()
    pages = []
    for kind, size in ((TO_INVITE, STEP_ROWS), (NOT_INVITED, PROBLEM_ROWS_PER_PAGE)):
        kept = [vars(row) for row in rows if (row.status == NEW) == (kind == TO_INVITE)]  # asdict: 10× slower
        pages += [{"batch_id": batch.id, "kind": kind, "number": start // size, "rows": kept[start:start + size]}
                  for start in range(0, len(kept), size)]
    if pages:
        db.session.execute(insert(InvitationBatchPage), pages)
    return batch


def file_label(filename: str | None) -> str:
    """The uploaded file's own name, without the folders some browsers send, as its job's title names it."""
    name = " ".join(strip_control(filename or "").replace("\\", "/").rsplit("/", 1)[-1].split())
    return name[:FILENAME_MAX] or "people.csv"


def purge_batches() -> None:
    """Forget previews that were never sent and are past their time, and the batches sent a week ago."""
    now = utcnow()
    preview_ended = now - timedelta(seconds=current_app.config["BULK_INVITE_PREVIEW_SECONDS"])
    unsent = InvitationBatch.job_id.is_(None) & (InvitationBatch.created_at < preview_ended)
    old = InvitationBatch.created_at < now - SENT_BATCHES_KEPT
    stale = select(InvitationBatch.id).where(unsent | old).scalar_subquery()
    db.session.execute(delete(InvitationBatchPage).where(InvitationBatchPage.batch_id.in_(stale))
                       .execution_options(synchronize_session=False))
    db.session.execute(delete(InvitationBatch).where(unsent | old).execution_options(synchronize_session=False))


def get_batch_or_404(batch_id: int, *, for_user: User) -> InvitationBatch:
    """The batch, for the admin who uploaded it only: 404 for anyone else, as for one that does not exist."""
    batch = db.session.get(InvitationBatch, batch_id)
    if batch is None or batch.created_by_id != for_user.id:
        abort(404)
    return batch


def expired(batch: InvitationBatch) -> bool:
    """A preview is good for BULK_INVITE_PREVIEW_SECONDS: after that, people may have joined in numbers."""
    age = utcnow() - batch.created_at
    return age > timedelta(seconds=current_app.config["BULK_INVITE_PREVIEW_SECONDS"])


def _page_rows(batch_id: int, kind: str, number: int) -> list[RosterRow] | None:
    page = db.session.get(InvitationBatchPage, (batch_id, kind, number))
    return None if page is None else [RosterRow(**row) for row in page.rows]


def problem_rows(batch: InvitationBatch, *, page: int) -> Page:
    """A page of the rows that will not be invited (errors with their reasons, members, people invited), in
    file order; 404 past the last."""
    total = sum(batch.counts.get(status, 0) for status in (MEMBER, INVITED, ERROR))
    items = _page_rows(batch.id, NOT_INVITED, page - 1)
    if items is None and page != 1:
        abort(404)
    return known_page(items or [], total=total, page=page, per_page=PROBLEM_ROWS_PER_PAGE)


def first_new_rows(batch: InvitationBatch) -> list[RosterRow]:
    """The first FIRST_NEW_ROWS people the job will invite."""
    return (_page_rows(batch.id, TO_INVITE, 0) or [])[:FIRST_NEW_ROWS]


def send_batch(*, batch_id: int, actor: User) -> tuple[Job, bool]:
    """Start the job that invites the batch's new rows; (job, True), or (the job an earlier Send started,
    False). The batch's row is locked first, so of two Sends at once the second waits and finds the job."""
    batch = db.session.execute(
        select(InvitationBatch).where(InvitationBatch.id == batch_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one_or_none()
    if batch is None or batch.created_by_id != actor.id:
        abort(404)
    if batch.job_id is not None:
        return db.session.get(Job, batch.job_id), False
    if expired(batch):
        raise BatchRefused(str(EXPIRED), 410)
    total = batch.counts.get(NEW, 0)
    if not total:
        raise BatchRefused(_("Nobody in this file is new to invite."), 409)
    job = work.start(KIND, created_by=actor, total=total,
                     payload={"batch_id": batch.id, "filename": batch.filename})
    batch.job_id = job.id
    db.session.flush()
    audit.record("invitation.batch_sent", object_type="job", object_id=job.id, actor=actor, after={
        "file": batch.filename, "to_invite": total, "members": batch.counts.get(MEMBER, 0),
        "invited": batch.counts.get(INVITED, 0), "errors": batch.counts.get(ERROR, 0)})
    return job, True


def _title(job: Job) -> str:
    return _("Invitations from %(file)s", file=job.payload.get("filename", ""))


def _summary(job: Job) -> list[str]:
    sent, skipped = job.result.get("sent", 0), job.result.get("skipped", 0)
    lines = [ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", sent, count=number(sent))]
    if skipped:
        lines.append(ngettext(
            "%(count)s person skipped: they joined or were invited since the preview.",
            "%(count)s people skipped: they joined or were invited since the preview.", skipped,
            count=number(skipped)))
    return lines


def _links(job: Job) -> list[tuple[str, str]]:
    return [(_("People with an invitation pending"), url_for("admin.people", status="invited"))]


def _inviter_or_fail(job: Job) -> User:
    inviter = db.session.get(User, job.created_by_id) if job.created_by_id else None
    if inviter is None or not inviter.active or not inviter.has_role(Role.ADMIN):
        with force_locale(mail_locale(inviter)):
            raise work.JobFailed(_("Whoever sent these invitations is no longer an admin: the rest are not sent."))
    return inviter


@work.kind(KIND, title=_title, may_read=lambda job, user: is_admin(user), links=_links, summary=_summary)
def run_bulk_invite(job: Job, steps: work.Steps) -> None:
    """Invite the batch's new rows a page (STEP_ROWS) at a time, each step with its mail and the job's cursor."""
    batch_id = job.payload["batch_id"]
    while True:
        with steps.step() as locked:
            if locked.done < locked.total:
                inviter = _inviter_or_fail(locked)
                rows = _page_rows(batch_id, TO_INVITE, locked.done // STEP_ROWS)
                if not rows:
                    with force_locale(mail_locale(inviter)):
                        raise work.JobFailed(_("The rows of this file are no longer kept: upload it again."))
                sent, skipped = operations.invite_rows(rows=rows, invited_by=inviter)
                locked.result = {"sent": locked.result.get("sent", 0) + sent,
                                 "skipped": locked.result.get("skipped", 0) + skipped}
                locked.done += len(rows)
            if locked.done >= locked.total:
                # Their invitations are made: the preview's copy of the file is no longer needed.
                db.session.execute(delete(InvitationBatchPage).where(InvitationBatchPage.batch_id == batch_id)
                                   .execution_options(synchronize_session=False))
                return
