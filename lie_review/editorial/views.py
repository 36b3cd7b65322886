"""Editor pages: the blueprint, its guard, and the table of its URLs (views live in *_views.py)."""

from __future__ import annotations

from flask import Blueprint

from ..auth.models import Role
from ..permissions import roles_required
from . import assignment_views, call_views, case_study_views, dashboard_views, labels, queue_views, rubric_views

bp = Blueprint("editorial", __name__, url_prefix="/editor")


@bp.before_request
@roles_required(Role.EDITOR, Role.ADMIN)
def require_editor():
    """Every editor page and action is for editors and admins only."""


@bp.context_processor
def editorial_labels():
    """The names of statuses, outcomes, conflicts and the like, for every editor template."""
    return {"labels": {
        "status": labels.STATUS_LABELS, "outcome": labels.OUTCOME_LABELS, "coverage": labels.COVERAGE_LABELS,
        "sector": labels.SECTOR_LABELS, "organisation_type": labels.ORGANISATION_TYPE_LABELS,
        "conflict": labels.CONFLICT_LABELS, "recommendation": labels.RECOMMENDATION_LABELS,
    }}


GET, POST, BOTH = ["GET"], ["POST"], ["GET", "POST"]
# Ids beyond a 32-bit integer cannot exist: answer 404 before the database is asked.
ID = "int(max=2147483647)"

ROUTES = [
    ("/calls", "calls", call_views.calls, GET),
    ("/calls/new", "new_call", call_views.new_call, BOTH),
    (f"/calls/<{ID}:call_id>/edit", "edit_call", call_views.edit_call, BOTH),
    (f"/calls/<{ID}:call_id>/copy", "copy_call", call_views.copy_call, BOTH),
    (f"/calls/<{ID}:call_id>/rubric", "rubric", rubric_views.rubric, GET),
    (f"/calls/<{ID}:call_id>/rubric/new", "new_criterion", rubric_views.new_criterion, BOTH),
    (f"/criteria/<{ID}:criterion_id>/edit", "edit_criterion", rubric_views.edit_criterion, BOTH),
    (f"/criteria/<{ID}:criterion_id>/move", "move_criterion", rubric_views.move_criterion, POST),
    (f"/criteria/<{ID}:criterion_id>/deactivate", "deactivate_criterion", rubric_views.deactivate_criterion, POST),
    (f"/criteria/<{ID}:criterion_id>/activate", "activate_criterion", rubric_views.activate_criterion, POST),
    (f"/calls/<{ID}:call_id>", "dashboard", dashboard_views.dashboard, GET),
    (f"/calls/<{ID}:call_id>/assignments", "assignments", assignment_views.assignments, GET),
    (f"/calls/<{ID}:call_id>/assignments/auto", "apply_auto_assign", assignment_views.apply_auto_assign, POST),
    (f"/calls/<{ID}:call_id>/assignments/notify", "notify_reviewers", assignment_views.notify_reviewers, POST),
    (f"/calls/<{ID}:call_id>/assignments/remind", "remind_reviewers", assignment_views.remind_reviewers, POST),
    (f"/calls/<{ID}:call_id>/release", "release", case_study_views.release, BOTH),
    (f"/case-studies/<{ID}:case_study_id>", "case_study", case_study_views.case_study, GET),
    (f"/case-studies/<{ID}:case_study_id>/decision", "decide", case_study_views.decide, POST),
    (f"/case-studies/<{ID}:case_study_id>/assignments", "add_assignment", assignment_views.add_assignment, POST),
    (f"/assignments/<{ID}:assignment_id>/remove", "remove_assignment", assignment_views.remove_assignment, POST),
    (f"/calls/<{ID}:call_id>/report-queue", "report_queue", queue_views.report_queue, GET),
    (f"/calls/<{ID}:call_id>/report-queue/sections", "add_report_section", queue_views.add_section, POST),
    (f"/report-sections/<{ID}:section_id>/rename", "rename_report_section", queue_views.rename_section, POST),
    (f"/report-sections/<{ID}:section_id>/move", "move_report_section", queue_views.move_section, POST),
    (f"/report-sections/<{ID}:section_id>/delete", "delete_report_section", queue_views.delete_section, POST),
    (f"/report-entries/<{ID}:entry_id>/move", "move_report_entry", queue_views.move_entry, POST),
    (f"/report-entries/<{ID}:entry_id>/section", "move_report_entry_to_section", queue_views.move_entry_to_section,
     POST),
    (f"/report-entries/<{ID}:entry_id>/note", "report_entry_note", queue_views.set_note, POST),
    (f"/report-entries/<{ID}:entry_id>/consent", "record_consent", queue_views.record_consent, POST),
]

for rule, endpoint, view, methods in ROUTES:
    bp.add_url_rule(rule, endpoint, view, methods=methods)
