"""The editor's case study page (text, reviews, aggregate, assignments, decision) and releasing decisions."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..case_studies.models import CaseStudy
from ..extensions import db
from ..mail import render_mail
from ..reviews.models import Assignment, Score
from .call_operations import StaleEdit
from .forms import ActionForm, AssignForm, DecisionForm
from .labels import OUTCOME_LABELS
from .operations import (
    Refused,
    decide_case_study,
    decision_email_context,
    decision_stamp,
    release_decisions,
    unreleased_decisions,
)
from .queries import (
    assignments_of,
    call_scores,
    candidates_for,
    criteria_of,
    decision_of,
    get_call_or_404,
    get_case_study_or_404,
)

EMAIL_PREVIEWS = 10


def case_study_page(case_study: CaseStudy, *, form: DecisionForm | None = None, status: int = 200,
                    message: str | None = None, assign_message: str | None = None, assign_error: bool = False):
    call = case_study.call
    decision = decision_of(case_study.id)
    if form is None:
        form = DecisionForm(data={"outcome": decision.outcome, "rationale": decision.rationale,
                                  "feedback": decision.feedback} if decision else {})
        form.stamp.data = decision_stamp(decision)
    scores = call_scores(call, scores_of=case_study.id)
    assignments = assignments_of(case_study.id)
    given = {}
    for score in db.session.execute(
        select(Score).join(Assignment, Assignment.id == Score.assignment_id)
        .where(Assignment.case_study_id == case_study.id)
    ).scalars():
        given[(score.assignment_id, score.criterion_id)] = score
    return render_template(
        "editorial/case_study.html", case_study=case_study, call=call, decision=decision, form=form,
        message=message, aggregate=scores.aggregates.get(case_study.id), totals=scores.by_assignment,
        criteria=criteria_of(call.id, active_only=True), assignments=assignments, given=given,
        candidates=candidates_for(case_study, assignments), assign_form=AssignForm(), action_form=ActionForm(),
        assign_message=assign_message, assign_error=assign_error,
    ), status


def case_study(case_study_id: int):
    return case_study_page(get_case_study_or_404(case_study_id))


def decide(case_study_id: int):
    case_study = get_case_study_or_404(case_study_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return case_study_page(case_study, form=form, status=422)
    try:
        decision = decide_case_study(case_study=case_study, outcome=form.outcome.data,
                                     rationale=form.rationale.data, feedback=form.feedback.data or "",
                                     expected_stamp=form.stamp.data)
    except StaleEdit:
        db.session.rollback()
        form.stamp.data = decision_stamp(decision_of(case_study.id))
        return case_study_page(case_study, form=form, status=409, message=_(
            "Someone else decided on this case study after you opened it; their decision is shown "
            "above. Your decision below is not saved yet: save it again to replace theirs."))
    except Refused as error:
        db.session.rollback()
        return case_study_page(case_study, form=form, status=409, message=str(error))
    db.session.commit()
    flash(_("Decision saved: %(outcome)s. The applicant is told when you release decisions.",
            outcome=OUTCOME_LABELS[decision.outcome]), "success")
    return redirect(url_for("editorial.case_study", case_study_id=case_study.id), code=303)


def release(call_id: int):
    call = get_call_or_404(call_id)
    form = ActionForm()
    if form.validate_on_submit():
        released = release_decisions(call=call)
        db.session.commit()
        flash(_("%(n)d decisions released; each applicant was emailed once.", n=released) if released
              else _("There were no decisions waiting to be released."), "success")
        return redirect(url_for("editorial.dashboard", call_id=call.id), code=303)
    decisions = unreleased_decisions(call.id)
    previews = [(decision, *render_mail("decision_released", **decision_email_context(decision, call)))
                for decision in decisions[:EMAIL_PREVIEWS]]
    return render_template("editorial/release.html", call=call, decisions=decisions, previews=previews,
                           form=form)
