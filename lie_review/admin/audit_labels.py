"""How the audit trail names what it records: each action and each field `audit.record` is given, in words.

Every action name and field name an operation records has a label here (tests/admin/test_audit_labels.py
reads the operations to check); a name without one is shown as it is stored.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..auth.labels import ROLE_LABELS
from ..case_studies.labels import APPLICANT_STATUS_LABELS, SECTIONS
from ..editorial.labels import OUTCOME_LABELS
from ..reviews.labels import RECOMMENDATION_LABELS

ACTION_LABELS = {
    "user.created": _l("Account created"),
    "user.registered": _l("Registered"),
    "user.email_confirmed": _l("Email address confirmed"),
    "user.login": _l("Signed in"),
    "user.login_failed": _l("Sign-in failed"),
    "user.reset_requested": _l("Password reset requested"),
    "user.password_changed": _l("Password changed"),
    "user.updated": _l("Account details changed"),
    "user.roles_changed": _l("Roles changed"),
    "user.deactivated": _l("Account deactivated"),
    "user.reactivated": _l("Account reactivated"),
    "invitation.created": _l("Invitation sent"),
    "invitation.resent": _l("Invitation sent again"),
    "invitation.revoked": _l("Invitation revoked"),
    "invitation.accepted": _l("Invitation accepted"),
    "invitation.batch_sent": _l("Invitations sent from a file"),
    "call.created": _l("Call created"),
    "call.copied": _l("Call created as a copy"),
    "call.updated": _l("Call changed"),
    "call.assignments_notified": _l("Reviewers told of their new assignments"),
    "call.reminders_sent": _l("Reviewers reminded"),
    "call.exported": _l("Exported"),
    "criterion.created": _l("Criterion added"),
    "criterion.updated": _l("Criterion changed"),
    "criterion.moved": _l("Criterion moved"),
    "criterion.activated": _l("Criterion put back in the rubric"),
    "criterion.deactivated": _l("Criterion taken out of the rubric"),
    "forum.updated": _l("Forum changed"),
    "case_study.started": _l("Case study started"),
    "case_study.draft_saved": _l("Draft saved"),
    "case_study.submitted": _l("Case study submitted"),
    "case_study.reopened": _l("Case study reopened as a draft"),
    "case_study.withdrawn": _l("Case study withdrawn"),
    "case_study.text_kept": _l("Text kept after the session ended"),
    "case_study.consent_recorded": _l("Consent to publish recorded"),
    "attachment.added": _l("Attachment added"),
    "attachment.removed": _l("Attachment removed"),
    "assignment.created": _l("Reviewer assigned"),
    "assignment.auto_created": _l("Reviewer assigned automatically"),
    "assignment.removed": _l("Reviewer unassigned"),
    "assignment.conflict_declared": _l("Conflict declared"),
    "score.saved": _l("Score saved"),
    "review.saved": _l("Review saved"),
    "review.submitted": _l("Review submitted"),
    "review.change_kept": _l("Review change kept after the session ended"),
    "review.kept_change_taken": _l("Kept review change taken back"),
    "decision.created": _l("Decision taken"),
    "decision.changed": _l("Decision changed"),
    "decision.released": _l("Decision released to the applicant"),
    "decision.case_study_withdrawn": _l("Decided case study withdrawn"),
    "feedback.saved": _l("Feedback for the applicant edited"),
    "feedback.reset": _l("Feedback for the applicant reset"),
    "report_section.created": _l("Report section added"),
    "report_section.renamed": _l("Report section renamed"),
    "report_section.moved": _l("Report section moved"),
    "report_section.deleted": _l("Report section deleted"),
    "report_entry.created": _l("Added to the report queue"),
    "report_entry.removed": _l("Taken out of the report queue"),
    "report_entry.moved": _l("Moved in the report queue"),
    "report_entry.note_changed": _l("Editor’s note changed"),
    "report_target.created": _l("Report target added"),
    "report_target.removed": _l("Report target removed"),
}

OBJECT_TYPE_LABELS = {
    "user": _l("Account"), "invitation": _l("Invitation"), "job": _l("Job"), "call": _l("Call"),
    "criterion": _l("Criterion"), "forum": _l("Forum"), "case_study": _l("Case study"),
    "assignment": _l("Assignment"), "decision": _l("Decision"), "report_entry": _l("Report queue entry"),
    "report_section": _l("Report section"), "report_target": _l("Report target"),
}

# The case study's own columns (a saved draft lists those that changed), named as its form names them.
_CASE_STUDY_FIELDS = {
    **dict(SECTIONS),
    "language": _l("Language"), "organisation_name": _l("Organisation"),
    "organisation_type": _l("Organisation type"), "economy_id": _l("Economy"), "locality": _l("Locality"),
    "forum_id": _l("Forum"), "sector": _l("Sector"), "groups_served": _l("Groups served"),
    "website": _l("Website"), "contact_name": _l("Contact person"), "contact_email": _l("Contact email"),
    "contact_phone": _l("Contact phone"), "english_version": _l("English version"),
}

FIELD_LABELS = {
    **_CASE_STUDY_FIELDS,
    "email": _l("Email address"), "roles": _l("Roles"), "role": _l("Role"), "economy": _l("Economy"),
    "organisation": _l("Organisation"), "active": _l("Active"), "name": _l("Name"), "timezone": _l("Time zone"),
    "locale": _l("Language"), "expires_at": _l("Expires"), "send_count": _l("Times sent"),
    "revoked_at": _l("Revoked"), "accepted_at": _l("Accepted"), "file": _l("File"),
    "to_invite": _l("To invite"), "members": _l("Already members"), "invited": _l("Already invited"),
    "errors": _l("Errors"),
    "title": _l("Title"), "description": _l("Description"), "opens_at": _l("Opens"), "closes_at": _l("Closes"),
    "review_ends_at": _l("Review ends"), "reviews_per_economy": _l("Reviews per economy"),
    "reviewers_see_others": _l("Reviewers see each other’s reviews"),
    "hide_applicant_identity": _l("Applicant’s identity hidden from reviewers"),
    "exclude_same_economy": _l("Reviewers of the applicant’s economy excluded"),
    "disagreement_threshold": _l("Disagreement threshold"), "case_study_languages": _l("Case study languages"),
    "translations": _l("Translations"), "panel": _l("Panel economies"), "copied_from_id": _l("Copied from call"),
    "label": _l("Label"), "guidance": _l("Guidance"), "weight": _l("Weight"), "scale_min": _l("Lowest level"),
    "scale_max": _l("Highest level"), "levels": _l("Level descriptors"),
    "level_translations": _l("Translations of the level descriptors"), "position": _l("Position"),
    "city": _l("City"),
    "case_study_id": _l("Case study"), "section_id": _l("Section"), "note": _l("Editor’s note"),
    "consent_to_publish": _l("Consent to publish"), "how": _l("How consent was given"),
    "kind": _l("Counted by"), "value": _l("Value"), "at_least": _l("At least"), "share": _l("Share (%)"),
    "outcome": _l("Outcome"), "rationale": _l("Rationale"), "feedback": _l("Feedback for the applicant"),
    "decided_at": _l("Decided"), "scores": _l("Scores at the decision"), "released_at": _l("Released"),
    "released_outcome": _l("Outcome released"), "feedback_items": _l("Feedback items sent"),
    "feedback_edited": _l("Feedback edited by an editor"), "items": _l("Feedback items"),
    "edited": _l("Edited by an editor"), "released": _l("Released"),
    "report_entry_removed": _l("Taken out of the report queue"), "editors_emailed": _l("Editors emailed"),
    "reviewer_id": _l("Reviewer"), "status": _l("Status"), "assignments": _l("Assignments"),
    "reviewers": _l("Reviewers"), "export": _l("Export"), "format": _l("Format"), "rows": _l("Rows"),
    "left_out": _l("Left out"), "include_waitlist": _l("Waitlist included"),
    "include_contact": _l("Contacts included"),
    "criterion_id": _l("Criterion"), "comment": _l("Comment"),
    "comment_for_applicant": _l("Comment shown to the applicant"), "overall_comment": _l("Overall comment"),
    "recommendation": _l("Recommendation"), "confidence": _l("Confidence"),
    "overall_comment_for_applicant": _l("Overall comment shown to the applicant"),
    "version_read": _l("Version read"), "submitted_at": _l("Submitted"), "withdrawn_at": _l("Withdrawn"),
    "fields": _l("Fields"), "saved": _l("Saved"), "not_saved": _l("Not saved"),
    "conflict_reason": _l("Reason for the conflict"), "call_id": _l("Call"), "version": _l("Version"),
    "attachment_id": _l("Attachment"), "filename": _l("File name"), "content_type": _l("File type"),
    "size": _l("Size (bytes)"),
}

# A field whose meaning depends on what it belongs to.
FIELD_LABELS_BY_OBJECT = {
    ("assignment", "value"): _l("Level"),
    ("report_target", "value"): _l("What is counted"),
}

# Coded values the app already names, by the field that holds them.
_STATUS_LABELS = {**APPLICANT_STATUS_LABELS, "active": _l("Active"), "conflict": _l("Conflict declared")}
VALUE_LABELS = {
    "outcome": OUTCOME_LABELS, "released_outcome": OUTCOME_LABELS,
    "roles": ROLE_LABELS, "role": ROLE_LABELS,
    "status": _STATUS_LABELS,
    "recommendation": RECOMMENDATION_LABELS,
    "export": {"shortlist": _l("Shortlist"), "report_draft": _l("Report draft")},
    "version_read": {"original": _l("Original"), "english": _l("English version")},
    "kind": {"forum": _l("Forum"), "economy": _l("Economy"), "organisation_type": _l("Organisation type"),
             "group": _l("Groups served")},
    # Lists of field names.
    "fields": _CASE_STUDY_FIELDS, "saved": _CASE_STUDY_FIELDS, "not_saved": _CASE_STUDY_FIELDS,
}

# Fields that hold economy codes, and those that hold locale codes.
ECONOMY_FIELDS = frozenset({"economy", "panel"})
LOCALE_FIELDS = frozenset({"locale", "language", "case_study_languages"})
