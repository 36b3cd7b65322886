"""Reviewer pages: my reviews, the scoring page and its htmx saves, conflicts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import htmx
from ..auth.models import Role
from ..case_studies.versions import reading
from ..database import commit_keeping_loaded
from ..extensions import csrf, db
from ..permissions import acting_user, can_declare_conflict, can_score, can_see_other_reviews, roles_required
from ..templating import local_time
from . import keeping, operations, queries
from .audience import is_for_applicant
from .forms import (
    OVERALL_FIELDS,
    ConflictForm,
    build_review_form,
    criterion_field,
    foreign_or_off_scale,
    version_read,
)
from .labels import RECOMMENDATION_LABELS
from .operations import IncompleteReview
from .scoring import review_total

# A part's save that holds none of its fields (a body that could not be read, say) saves nothing.
NOTHING_SENT = _l("Nothing was saved: the request held none of this part's fields.")

bp = Blueprint("reviews", __name__, url_prefix="/reviews")
reviewers_only = roles_required(Role.REVIEWER)(lambda: None)


@bp.before_request
def require_reviewer():
    """Every page here is for reviewers only; a score save that comes after the session ended is kept first."""
    refused = keeping.check_save()
    return refused if refused is not None else reviewers_only()


@bp.route("/")
def mine():
    """My reviews: the reviewer's assignments by call and progress."""
    rows = queries.my_assignments(current_user)
    return render_template("reviews/mine.html", groups=queries.group_by_call(rows),
                           next_row=queries.next_unreviewed(rows))


@bp.route("/next")
def next_unreviewed():
    """Open the next assignment to work on."""
    row = queries.next_unreviewed(queries.my_assignments(current_user))
    if row is None:
        flash(_("Nothing is waiting for your review."), "success")
        return redirect(url_for("reviews.mine"), code=303)
    return redirect(url_for("reviews.review", assignment_id=row.assignment.id), code=303)


@bp.route("/<int:assignment_id>", methods=["GET", "POST"])
@csrf.exempt  # checked by keeping.check_save, so that a change posted with an expired token is kept
def review(assignment_id: int):
    """The scoring page; posted, the whole form saves (the no-JavaScript path) or submits."""
    assignment = queries.get_assignment_or_404(assignment_id, for_user=current_user, with_text=True,
                                               for_update=request.method == "POST" or keeping.has_kept_change())
    criteria, scores = queries.rubric_and_scores(assignment)
    form = build_review_form(criteria, assignment.review, scores, whole=True)
    if keeping.has_kept_change():
        scores, form = keeping.save_kept_change(assignment, criteria, scores)
        return keeping.forget_kept_change(_scoring_page(assignment, criteria, scores, form), assignment)
    if request.method == "GET":
        return _scoring_page(assignment, criteria, scores, form)
    if not can_score(current_user, assignment):
        return _scoring_page(assignment, criteria, scores, form, 409, closed=True)
    if message := foreign_or_off_scale(request.form, criteria):
        return _refuse(400, message)
    if not form.validate():
        return _scoring_page(assignment, criteria, scores, form, 422)
    submitting, version = request.form.get("action") == "submit", version_read(request.form, assignment.case_study)
    scores, missing = operations.save_whole_review(
        assignment=assignment, criteria=criteria, existing=scores, submit=submitting, actor=acting_user(),
        version_read=version,
        levels={c.id: form[criterion_field("criterion", c.id)].data for c in criteria},
        comments={c.id: form[criterion_field("comment", c.id)].data for c in criteria},
        audiences={c.id: is_for_applicant(form[criterion_field("audience", c.id)].data) for c in criteria},
        overall={name: form[name].data for name in OVERALL_FIELDS})
    db.session.commit()  # what was sent is kept even when the submission has to wait
    if missing:
        _mark_missing(form, missing)
        return _scoring_page(assignment, criteria, scores, form, 422)
    call = assignment.case_study.call
    flash(_("Your review is submitted. You can revise it until %(when)s.",
            when=local_time(call.review_ends_at, call.timezone)) if submitting else _("Your review is saved."),
          "success")
    return redirect(url_for("reviews.review", assignment_id=assignment.id, version=version), code=303)


@bp.route("/<int:assignment_id>/criteria/<int:criterion_id>", methods=["POST"])
@csrf.exempt  # checked by keeping.check_save
def save_criterion(assignment_id: int, criterion_id: int):
    """Save one criterion's level, comment and who may read it; htmx gets its status and the new total."""
    assignment = queries.get_assignment_or_404(assignment_id, for_user=current_user, for_update=True)
    criteria, scores = queries.rubric_and_scores(assignment)
    criterion = next((c for c in criteria if c.id == criterion_id), None)
    if criterion is None:
        return _refuse(400, _("This criterion is not part of the rubric of this case study's call."))
    level, comment = criterion_field("criterion", criterion.id), criterion_field("comment", criterion.id)
    audience = criterion_field("audience", criterion.id)
    if not any(name in request.form for name in (level, comment, audience)):
        return _refuse(400, NOTHING_SENT)
    if not can_score(current_user, assignment):
        return _criterion_status(assignment, criterion, None, 409, state="closed")
    if message := foreign_or_off_scale(request.form, [criterion], only_these=True):
        return _refuse(400, message)
    form = build_review_form([criterion])
    if not form.validate():
        return _criterion_status(assignment, criterion, None, 422, state="error", form=form)
    saved = operations.save_criterion(
        assignment=assignment, criteria=criteria, scores=scores, criterion=criterion,
        value=form[level].data, comment=form[comment].data if comment in request.form else None,
        for_applicant=is_for_applicant(form[audience].data) if audience in request.form else None,
        version_read=version_read(request.form, assignment.case_study), actor=acting_user())
    # Committed first, so the write lock is not held while the reply renders; from the rows already loaded.
    commit_keeping_loaded()
    if not htmx.is_partial():
        return redirect(url_for("reviews.review", assignment_id=assignment.id, _anchor=f"criterion-{criterion.id}"),
                        code=303)
    return _criterion_status(assignment, criterion, saved.score, 200, state="saved", total=saved.total)


@bp.route("/<int:assignment_id>/overall", methods=["POST"])
@csrf.exempt  # checked by keeping.check_save
def save_overall(assignment_id: int):
    """Save the overall comment, who may read it, the recommendation and confidence; htmx gets their status."""
    assignment = queries.get_assignment_or_404(assignment_id, for_user=current_user, for_update=True)
    if not any(name in request.form for name in OVERALL_FIELDS):
        return _refuse(400, NOTHING_SENT)
    if not can_score(current_user, assignment):
        return _overall_status(assignment, 409, state="closed")
    form = build_review_form([])
    if not form.validate():
        return _overall_status(assignment, 422, state="error", form=form)
    try:
        operations.save_review(assignment=assignment, actor=acting_user(),
                               version_read=version_read(request.form, assignment.case_study), **{
                                   name: form[name].data for name in OVERALL_FIELDS if name in request.form})
    except IncompleteReview:
        return _overall_status(assignment, 422, state="incomplete")
    response = (_overall_status(assignment, 200, state="saved") if htmx.is_partial() else
                redirect(url_for("reviews.review", assignment_id=assignment.id, _anchor="overall"), code=303))
    db.session.commit()
    return response


@bp.route("/<int:assignment_id>/conflict", methods=["GET", "POST"])
def conflict(assignment_id: int):
    """Declare a conflict of interest, which takes the assignment off the list and tells the editors."""
    assignment = queries.get_assignment_or_404(assignment_id, for_user=current_user,
                                               for_update=request.method == "POST")
    form = ConflictForm()
    if request.method == "POST" and not can_declare_conflict(current_user, assignment):
        return render_template("reviews/conflict.html", form=form, assignment=assignment, open=False), 409
    if form.validate_on_submit():
        operations.declare_conflict(assignment=assignment, reason=form.reason.data, actor=acting_user())
        db.session.commit()
        flash(_("You declared a conflict of interest with “%(title)s”. It has left your list and the editors "
                "have been told.", title=assignment.case_study.title), "success")
        return redirect(url_for("reviews.mine"), code=303)
    return render_template("reviews/conflict.html", form=form, assignment=assignment,
                           open=can_declare_conflict(current_user, assignment)), 422 if form.errors else 200


def _mark_missing(form, missing: IncompleteReview) -> None:
    for criterion_id in missing.unscored:
        form[criterion_field("criterion", criterion_id)].errors.append(_("Choose a level for this criterion."))
    if missing.overall_comment_missing:
        form.overall_comment.errors.append(_("Write an overall comment to submit your review."))


def _scoring_page(assignment, criteria, scores, form, status: int = 200, closed: bool = False):
    """The scoring page, in the version of the case study asked for (?version=, or as posted); htmx switching
    version gets just the case study, and the form's record of the version out of band."""
    review = assignment.review
    visible = can_see_other_reviews(current_user, assignment, review)
    others = queries.other_reviews(assignment, criteria) if visible else None
    context = dict(
        assignment=assignment, case_study=assignment.case_study,
        call=assignment.case_study.call, review=review, criteria=criteria, scores=scores, form=form,
        total=review_total({cid: s.value for cid, s in scores.items()}, criteria),
        editable=can_score(current_user, assignment), closed=closed, others=others,
        recommendation_labels=RECOMMENDATION_LABELS,
        reading=reading(assignment.case_study, request.values.get("version") or request.form.get("version_read")),
    )
    if request.method == "GET":
        return htmx.render("reviews/review.html", "reviews/_case_study.html", status, oob=True, **context)
    return render_template("reviews/review.html", **context), status


def _criterion_status(assignment, criterion, score, status: int, *, state: str, form=None, total=None):
    return htmx.render("reviews/saved.html", "reviews/_criterion_status.html", status,
                       assignment=assignment, criterion=criterion, score=score, state=state, form=form,
                       total=total, oob=True)


def _overall_status(assignment, status: int, *, state: str, form=None):
    return htmx.render("reviews/saved.html", "reviews/_overall_status.html", status,
                       assignment=assignment, review=assignment.review, state=state, form=form)


def _refuse(code: int, message: str):
    template = "errors/_error.html" if htmx.is_partial() else "errors/error.html"
    return render_template(template, code=code, message=message, title=None), code
