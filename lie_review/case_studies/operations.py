"""State changes of case studies: start, save, attach, submit, reopen, withdraw, keep text for later."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..auth.models import User
from ..auth.tokens import hash_token, new_token
from ..clock import utcnow
from ..extensions import db
from ..i18n import mail_locale
from ..mail import external_url, send_mail
from .models import Attachment, Call, CaseStudy, CaseStudyStatus, KeptDraft
from .stages import later_stages

KEPT_DRAFT_DAYS = 2
KEPT_FIELD_MAX_CHARS = 40_000  # twice the form's cap, so what is kept can still be shown and trimmed

DRAFT_COLUMNS = (
    "language", "title", "summary", "organisation_name", "organisation_type", "economy_id", "locality", "forum_id",
    "sector", "local_challenge", "solution", "ecosystem_partners", "results", "sustainability",
    "inclusiveness", "groups_served", "lessons", "website", "contact_name", "contact_email", "contact_phone",
    "consent_to_publish", "english_version",
)


class StaleVersion(Exception):
    """The form was filled in on an older version of the case study than the one saved now."""

    def __init__(self, case_study: CaseStudy):
        super().__init__(f"case study {case_study.id} is at version {case_study.version}")
        self.case_study = case_study


def _record(action: str, case_study: CaseStudy, *, actor: User | None, **values) -> None:
    audit.record(action, object_type="case_study", object_id=case_study.id, call_id=case_study.call_id,
                 actor=actor, **values)


class StartTokenTaken(Exception):
    """The Start form's token already started a case study for someone else, or for another call."""


def start_case_study(*, call: Call, applicant: User, start_token: str) -> CaseStudy:
    """A new draft for `call`, with what the account already says about the applicant filled in.

    `start_token` is the one-time token of the Start form that was pressed, kept on the draft
    (unique): a second post of the same form (a double click, on whichever app server) hands back
    the draft the first one made; any other press of Start makes a new one.
    """
    started = _started_with(start_token, call=call, applicant=applicant)
    if started is not None:
        return started
    case_study = CaseStudy(
        call_id=call.id, applicant_id=applicant.id, status=CaseStudyStatus.DRAFT.value,
        organisation_name=applicant.organisation or "", economy_id=applicant.economy_id,
        contact_name=applicant.name, contact_email=applicant.email, start_token=start_token,
    )
    try:
        with db.session.begin_nested():
            db.session.add(case_study)
    except IntegrityError:
        # The other click of the pair committed its draft between our look and our insert
        # (PostgreSQL; SQLite's writers queue up, so the look above already saw it).
        started = _started_with(start_token, call=call, applicant=applicant)
        if started is None:
            raise StartTokenTaken from None
        return started
    _record("case_study.started", case_study, actor=applicant, after={"call_id": call.id})
    return case_study


def _started_with(start_token: str, *, call: Call, applicant: User) -> CaseStudy | None:
    """The draft an earlier post of this Start form made; StartTokenTaken if it made someone else's."""
    started = db.session.execute(select(CaseStudy).where(CaseStudy.start_token == start_token)).scalar_one_or_none()
    if started is not None and (started.applicant_id, started.call_id) != (applicant.id, call.id):
        raise StartTokenTaken
    return started


def check_version(case_study: CaseStudy, version: int) -> None:
    """Refuse a change made on an older version than the one stored (optimistic locking)."""
    if version != case_study.version:
        raise StaleVersion(case_study)


def save_draft(*, case_study: CaseStudy, values: dict, version: int, actor: User | None) -> list[str]:
    """Store the draft's values as given (no completeness checks); return the names that changed."""
    check_version(case_study, version)
    _before, after = audit.changes(case_study, DRAFT_COLUMNS, **values)
    if after:
        db.session.flush()
        # The text itself stays out of the audit trail; which fields changed is enough to follow it.
        _record("case_study.draft_saved", case_study, actor=actor,
                after={"fields": sorted(after), "version": case_study.version})
    return sorted(after)


def add_attachment(*, case_study: CaseStudy, filename: str, content_type: str, data: bytes,
                   uploaded_by: User) -> Attachment:
    """Store a checked file in the database, beside the case study."""
    attachment = Attachment(filename=filename, content_type=content_type, size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), data=data, uploaded_by_id=uploaded_by.id)
    case_study.attachments.append(attachment)
    db.session.flush()
    _record("attachment.added", case_study, actor=uploaded_by,
            after={"attachment_id": attachment.id, "filename": filename, "content_type": content_type,
                   "size": len(data)})
    return attachment


def remove_attachment(*, case_study: CaseStudy, attachment: Attachment, actor: User | None) -> None:
    """Delete an attachment of a draft, with its bytes."""
    _record("attachment.removed", case_study, actor=actor, before={"attachment_id": attachment.id,
                                                      "filename": attachment.filename})
    case_study.attachments.remove(attachment)  # delete-orphan: the row and its bytes go
    db.session.flush()


def submit_case_study(*, case_study: CaseStudy, actor: User | None) -> bool:
    """Lock the draft as submitted and confirm by email; False (and nothing sent) when already submitted."""
    if case_study.status != CaseStudyStatus.DRAFT.value:
        return False
    case_study.status = CaseStudyStatus.SUBMITTED.value
    case_study.submitted_at = utcnow()
    db.session.flush()
    _record("case_study.submitted", case_study, actor=actor, before={"status": "draft"},
            after={"status": "submitted", "submitted_at": case_study.submitted_at})
    send_mail(case_study.applicant.email, "case_study_submitted", locale=mail_locale(case_study.applicant),
              case_study=case_study,
              url=external_url("case_studies.view", case_study_id=case_study.id))
    return True


def reopen_case_study(*, case_study: CaseStudy, actor: User | None) -> bool:
    """Back to a draft the applicant can edit; False when it was not submitted."""
    if case_study.status != CaseStudyStatus.SUBMITTED.value:
        return False
    before = {"status": case_study.status, "submitted_at": case_study.submitted_at}
    case_study.status = CaseStudyStatus.DRAFT.value
    case_study.submitted_at = None
    db.session.flush()
    _record("case_study.reopened", case_study, actor=actor, before=before, after={"status": "draft"})
    return True


def withdraw_case_study(*, case_study: CaseStudy, actor: User | None) -> bool:
    """Take the case study out of the call for good, and out of what review and decision hold for it
    (an accepted one leaves the report queue, and the editors are told); False when it already was."""
    if case_study.status == CaseStudyStatus.WITHDRAWN.value:
        return False
    before = {"status": case_study.status}
    case_study.status = CaseStudyStatus.WITHDRAWN.value
    case_study.withdrawn_at = utcnow()
    db.session.flush()
    _record("case_study.withdrawn", case_study, actor=actor, before=before,
            after={"status": "withdrawn", "withdrawn_at": case_study.withdrawn_at})
    later_stages().case_study_withdrawn(case_study, actor=actor)
    return True


def keep_draft(*, case_study_id: int, fields: dict[str, str | list[str]]) -> str:
    """Keep text posted when the session had ended (a text, or the values of a field of several choices);
    return the secret that finds it again."""
    now = utcnow()
    db.session.execute(delete(KeptDraft).where(KeptDraft.created_at < now - timedelta(days=KEPT_DRAFT_DAYS)))
    token, digest = new_token()
    kept = {name: _kept_value(value) for name, value in fields.items() if isinstance(value, (str, list))}
    db.session.add(KeptDraft(token_hash=digest, case_study_id=case_study_id, fields=kept, created_at=now))
    db.session.flush()
    # Kept because the session had ended: there is no signed-in actor.
    audit.record("case_study.text_kept", object_type="case_study", object_id=case_study_id, actor=None,
                 after={"fields": sorted(kept)})
    return token


def _kept_value(value: str | list[str]) -> str | list[str]:
    if isinstance(value, list):
        return [item[:KEPT_FIELD_MAX_CHARS] for item in value[:20] if isinstance(item, str)]
    return value[:KEPT_FIELD_MAX_CHARS]


def take_kept_draft(*, token: str, case_study: CaseStudy) -> dict[str, str] | None:
    """The text kept for this case study under `token`, once: it is deleted as it is handed back."""
    kept = db.session.execute(
        select(KeptDraft).where(
            KeptDraft.token_hash == hash_token(token),
            KeptDraft.case_study_id == case_study.id,
            KeptDraft.created_at >= utcnow() - timedelta(days=KEPT_DRAFT_DAYS),
        )
    ).scalar_one_or_none()
    if kept is None:
        return None
    fields = dict(kept.fields)
    db.session.delete(kept)
    db.session.flush()
    return fields
