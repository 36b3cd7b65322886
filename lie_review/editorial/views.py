"""Editor pages: the blueprint, its guard, and the table of its URLs (each workflow folder holds its views)."""

from __future__ import annotations

from flask import Blueprint

from ..auth.models import Role
from ..case_studies.labels import ORGANISATION_TYPE_LABELS, SECTOR_LABELS
from ..i18n import translated_once
from ..permissions import roles_required
from ..reviews.labels import RECOMMENDATION_LABELS
from . import labels
from .assignments import views as assignment_views
from .calls import views as call_views
from .case_study import views as case_study_views
from .dashboard import status as scores_status
from .dashboard import views as dashboard_views
from .decisions import feedback_views
from .decisions import views as decision_views
from .queue import target_views
from .queue import views as queue_views

bp = Blueprint("editorial", __name__, url_prefix="/editor")


@bp.before_request
@roles_required(Role.EDITOR, Role.ADMIN)
def require_editor():
    """Every editor page and action is for editors and admins only."""


@bp.context_processor
def editorial_labels():
    """The names of statuses, outcomes, conflicts and the like, for every editor template, each table
    translated once per request rather than once per row that shows it."""
    return {"labels": {name: translated_once(table) for name, table in {
        "status": labels.STATUS_LABELS, "outcome": labels.OUTCOME_LABELS, "coverage": labels.COVERAGE_LABELS,
        "sector": SECTOR_LABELS, "organisation_type": ORGANISATION_TYPE_LABELS,
        "conflict": labels.CONFLICT_LABELS, "recommendation": RECOMMENDATION_LABELS,
    }.items()}}


GET, POST, BOTH = ["GET"], ["POST"], ["GET", "POST"]

ROUTES = [
    ("/calls", "calls", call_views.calls, GET),
    ("/calls/new", "new_call", call_views.new_call, BOTH),
    ("/calls/<int:call_id>/edit", "edit_call", call_views.edit_call, BOTH),
    ("/calls/<int:call_id>/copy", "copy_call", call_views.copy_call, BOTH),
    ("/calls/<int:call_id>/rubric", "rubric", call_views.rubric, GET),
    ("/calls/<int:call_id>/rubric/new", "new_criterion", call_views.new_criterion, BOTH),
    ("/criteria/<int:criterion_id>/edit", "edit_criterion", call_views.edit_criterion, BOTH),
    ("/criteria/<int:criterion_id>/move", "move_criterion", call_views.move_criterion, POST),
    ("/criteria/<int:criterion_id>/deactivate", "deactivate_criterion", call_views.deactivate_criterion, POST),
    ("/criteria/<int:criterion_id>/activate", "activate_criterion", call_views.activate_criterion, POST),
    ("/fora", "fora", call_views.fora, GET),
    ("/fora/<int:forum_id>", "edit_forum", call_views.edit_forum, POST),
    ("/calls/<int:call_id>", "dashboard", dashboard_views.dashboard, GET),
    ("/calls/<int:call_id>/scores-status", "scores_status", scores_status.scores_status, GET),
    ("/calls/<int:call_id>/assignments", "assignments", assignment_views.assignments, GET),
    ("/calls/<int:call_id>/assignments/auto", "apply_auto_assign", assignment_views.apply_auto_assign, POST),
    ("/calls/<int:call_id>/assignments/notify", "notify_reviewers", assignment_views.notify_reviewers, POST),
    ("/calls/<int:call_id>/assignments/remind", "remind_reviewers", assignment_views.remind_reviewers, POST),
    ("/calls/<int:call_id>/release", "release", decision_views.release, BOTH),
    ("/calls/<int:call_id>/release/<int:case_study_id>/feedback", "feedback", feedback_views.feedback, BOTH),
    ("/case-studies/<int:case_study_id>", "case_study", case_study_views.case_study, GET),
    ("/case-studies/<int:case_study_id>/decision", "decide", case_study_views.decide, POST),
    ("/case-studies/<int:case_study_id>/assignments", "add_assignment", case_study_views.add_assignment, POST),
    ("/assignments/<int:assignment_id>/remove", "remove_assignment", case_study_views.remove_assignment, POST),
    ("/calls/<int:call_id>/report-queue", "report_queue", queue_views.report_queue, GET),
    ("/calls/<int:call_id>/report-queue/sections", "add_report_section", queue_views.add_section, POST),
    ("/report-sections/<int:section_id>/rename", "rename_report_section", queue_views.rename_section, POST),
    ("/report-sections/<int:section_id>/move", "move_report_section", queue_views.move_section, POST),
    ("/report-sections/<int:section_id>/delete", "delete_report_section", queue_views.delete_section, POST),
    ("/report-entries/<int:entry_id>/move", "move_report_entry", queue_views.move_entry, POST),
    ("/report-entries/<int:entry_id>/section", "move_report_entry_to_section", queue_views.move_entry_to_section,
     POST),
    ("/report-entries/<int:entry_id>/note", "report_entry_note", queue_views.set_note, POST),
    ("/report-entries/<int:entry_id>/consent", "record_consent", queue_views.record_consent, POST),
    ("/calls/<int:call_id>/report-targets", "add_report_target", target_views.add_target, POST),
    ("/report-targets/<int:target_id>/remove", "remove_report_target", target_views.remove_target, POST),
]

for rule, endpoint, view, methods in ROUTES:
    bp.add_url_rule(rule, endpoint, view, methods=methods)
