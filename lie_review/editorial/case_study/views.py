"""The editor's case-study page (text, reviews, aggregate, assignments, decision) and its actions:
deciding, and assigning or removing a reviewer by hand."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...case_studies.models import CaseStudy
from ...case_studies.queries import get_case_study_or_404
from ...case_studies.versions import reading
from ...auth.economies import economies
from ...extensions import db
from ...forms import ActionForm
from ...htmx import is_partial
from ...permissions import acting_user
from ...reviews.queries import criteria_of
from ..assignments import operations as assigning
from ..assignments.forms import AssignForm
from ..assignments.queries import assignments_of, assignments_with_scores, candidates_for, get_assignment_or_404
from ..decisions.evidence import decision_evidence
from ..decisions.forms import DecisionForm
from ..decisions.operations import decide_case_study, decision_stamp
from ..decisions.queries import decision_of
from ..guards import Refused, StaleEdit
from ..labels import OUTCOME_LABELS
from ..scores.models import CallScores
from .charts import reviews_chart
from .queries import Shown, shown, shown_case_study_or_404


def _decision_form(decision) -> DecisionForm:
    form = DecisionForm(data={"outcome": decision.outcome, "rationale": decision.rationale,
                              "feedback": decision.feedback} if decision else {})
    form.stamp.data = decision_stamp(decision)
    return form


def _loads(case_study: CaseStudy, state: CallScores | None) -> dict[int, int] | None:
    """Each reviewer's active assignments in the call, from its maintained scores when the page read them
    current; None sends candidates_for to count them itself."""
    if state is None or state.version < case_study.call.scores_version:
        return None
    return {reviewer["id"]: reviewer["assigned"] for panel in state.panels for reviewer in panel["reviewers"]}


def _assignment_context(case_study: CaseStudy, assignments, message: str | None = None, error: bool = False,
                        state: CallScores | None = None) -> dict:
    return {"assignments": assignments,
            "candidates": candidates_for(case_study, assignments, _loads(case_study, state)),
            "economy_codes": {entry.id: entry.code for entry in economies()},
            "assign_form": AssignForm(), "action_form": ActionForm(), "assign_message": message,
            "assign_error": error}


def case_study_page(page: Shown, *, form: DecisionForm | None = None, status: int = 200,
                    message: str | None = None, assign_message: str | None = None, assign_error: bool = False):
    """Render the editor's case-study page, with the decision form and the assignment panel as given."""
    case_study, decision, scores = page.case_study, page.decision, page.scores
    call = case_study.call
    assignments, given = assignments_with_scores(case_study.id)
    criteria = criteria_of(call.id, active_only=True, with_levels=False)
    aggregate = scores if scores is not None and scores.reviews else None
    submitted = [a for a in assignments if a.review and a.review.submitted_at and a.status == "active"]
    chart = reviews_chart(criteria, submitted, given, {entry.id: entry.code for entry in economies()},
                          aggregate.means_by_criterion if aggregate else {})
    return render_template(
        "editorial/case_study.html", case_study=case_study, call=call, decision=decision,
        form=form or _decision_form(decision), message=message, aggregate=aggregate, chart=chart,
        evidence=decision_evidence(decision.scores_snapshot, aggregate, criteria) if decision else None,
        criteria=criteria, given=given, submitted=submitted,
        **_assignment_context(case_study, assignments, assign_message, assign_error, page.state),
        reading=reading(case_study, request.args.get("version")),
    ), status


def case_study(case_study_id: int):
    """The editor's page of one case study: its text, every review, the aggregate and the decision form."""
    return case_study_page(shown_case_study_or_404(case_study_id, for_user=current_user))


def decide(case_study_id: int):
    """Record or change the decision on a case study."""
    case_study = get_case_study_or_404(case_study_id, for_user=current_user)
    form = DecisionForm()
    if not form.validate_on_submit():
        return case_study_page(shown(case_study), form=form, status=422)
    try:
        decision = decide_case_study(case_study=case_study, outcome=form.outcome.data,
                                     rationale=form.rationale.data, feedback=form.feedback.data or "",
                                     expected_stamp=form.stamp.data, actor=acting_user())
    except StaleEdit:
        db.session.rollback()
        form.stamp.data = decision_stamp(decision_of(case_study.id))
        return case_study_page(shown(case_study), form=form, status=409, message=_(
            "Someone else decided on this case study after you opened it; their decision is shown "
            "above. Your decision below is not saved yet: save it again to replace theirs."))
    except Refused as error:
        db.session.rollback()
        return case_study_page(shown(case_study), form=form, status=409, message=str(error))
    db.session.commit()
    flash(_("Decision saved: %(outcome)s. The applicant is told when you release decisions.",
            outcome=OUTCOME_LABELS[decision.outcome]), "success")
    return redirect(url_for("editorial.case_study", case_study_id=case_study.id), code=303)


def _assignment_panel(case_study: CaseStudy, *, message: str | None = None, error: bool = False):
    """After adding or removing: the panel for htmx, the page (on a refusal) or a redirect otherwise."""
    status = 422 if error else 200
    if is_partial():
        return render_template("editorial/_assignments.html", case_study=case_study,
                               **_assignment_context(case_study, assignments_of(case_study.id), message, error)), status
    if error:
        return case_study_page(shown(case_study), status=status, assign_message=message, assign_error=True)
    flash(message, "success")
    return redirect(url_for("editorial.case_study", case_study_id=case_study.id, _anchor="assignments"), code=303)


def add_assignment(case_study_id: int):
    """Assign a reviewer to the case study by hand."""
    case_study = get_case_study_or_404(case_study_id, for_user=current_user)
    form = AssignForm()
    if not form.validate_on_submit():
        return _assignment_panel(case_study, message=_("Choose a reviewer to assign."), error=True)
    try:
        assignment = assigning.add_assignment(case_study=case_study, reviewer_id=form.reviewer_id.data,
                                              actor=acting_user())
    except Refused as error:
        db.session.rollback()
        return _assignment_panel(case_study, message=str(error), error=True)
    db.session.commit()
    return _assignment_panel(case_study, message=_(
        "%(name)s is assigned. Reviewers are emailed when you send new assignments from the call's "
        "assignment page.", name=assignment.reviewer.name))


def remove_assignment(assignment_id: int):
    """Take a reviewer off a case study (not once their review is submitted)."""
    assignment = get_assignment_or_404(assignment_id)
    case_study, name = assignment.case_study, assignment.reviewer.name
    try:
        assigning.remove_assignment(assignment=assignment, actor=acting_user())
    except Refused as error:
        db.session.rollback()
        return _assignment_panel(case_study, message=str(error), error=True)
    db.session.commit()
    return _assignment_panel(case_study, message=_("%(name)s is no longer assigned.", name=name))
