"""Score saves that arrive after the reviewer's session or form token expired: kept, and once the reviewer
is back on the scoring page, saved — or handed back in the form when a newer save came in between."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict

from ..auth.tokens import new_token
from ..bodies import IncompleteBody
from ..extensions import db, login_manager, protect_from_forgery
from ..forms import FORM_END
from ..htmx import is_partial, redirect_for
from ..origins import same_origin
from ..permissions import acting_user, can_score
from ..templating import listing
from . import operations, queries
from .forms import OVERALL_FIELDS, build_review_form, criterion_field, foreign_or_off_scale, part_of, version_read
from .audience import audience_of, is_for_applicant
from .kept import KeptOutcome, kept_fields, settle, stored_fields
from .models import Assignment

KEPT_COOKIE = "lie_review_kept_review"
SAVES = ("reviews.review", "reviews.save_criterion", "reviews.save_overall")


def check_save():
    """The checks a score save passes first (its views are exempt from the global CSRF check so that
    this one can keep the change): None when it may go on, else the answer to give."""
    if request.method != "POST" or request.endpoint not in SAVES:
        return None
    try:
        protect_from_forgery()
    except CSRFError:
        return keep_change_and_return(request.view_args["assignment_id"])
    if not current_user.is_authenticated:
        return keep_change_and_return(request.view_args["assignment_id"])
    return None


def keep_change_and_return(assignment_id: int):
    """Keep what was posted, then send the reviewer to log in (or, still logged in, straight back to the
    scoring page), where the change is saved."""
    if not same_origin():
        if current_user.is_authenticated:
            abort(400)
        return login_manager.unauthorized()
    if request.endpoint == "reviews.review" and request.form.get(FORM_END) != "1":
        raise IncompleteBody()  # a whole form cut short is not kept to be saved as if it were whole
    target = url_for("reviews.review", assignment_id=assignment_id)
    token, fields = request.cookies.get(KEPT_COOKIE), kept_fields(request.form)
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is not None and fields:
        token = operations.keep_review_change(assignment=assignment, fields=fields, token=token,
                                              based_on=_stored(assignment, queries.scores_of(assignment.id)))
        db.session.commit()
    else:
        token = token or new_token()[0]  # the same answer either way, so existence does not leak
    if current_user.is_authenticated:
        response = redirect_for(target)
    else:
        flash(_("Your session had ended, so your change is not saved yet. Log in again and it will be saved."),
              "info")
        response = redirect_for(url_for("auth.login", next=target))
    response.set_cookie(KEPT_COOKIE, token, path=target, httponly=True, samesite="Lax",
                        max_age=int(timedelta(days=operations.KEPT_CHANGE_DAYS).total_seconds()),
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def has_kept_change() -> bool:
    """Whether this browser kept a change for the page asked for (handed over on the whole page only)."""
    return request.method == "GET" and KEPT_COOKIE in request.cookies and not is_partial()


def save_kept_change(assignment, criteria, scores):
    """Save the change kept for this assignment where it still applies, and say what happened; return the
    scores and the form to show, holding whatever was handed back instead of saved."""
    kept = operations.take_kept_review_change(token=request.cookies[KEPT_COOKIE], assignment=assignment)
    outcome, errors = None, {}
    if kept is not None and not can_score(current_user, assignment):
        _save(assignment, criteria, scores, KeptOutcome(not_saved=dict(kept.fields)))
        flash(_("Reviewing has closed, so the change you made as your session ended could not be saved."),
              "warning")
    elif kept is not None:
        outcome = settle(kept.fields, kept.based_on, _stored(assignment, scores))
        errors = _save(assignment, criteria, scores, outcome)
    db.session.commit()
    scores = queries.scores_of(assignment.id)
    form = build_review_form(criteria, assignment.review, scores)
    if outcome is not None and outcome.hand_back:
        _hand_back(form, criteria, outcome, errors)
    return scores, form


def forget_kept_change(response, assignment):
    """The kept change is handed over once: the browser forgets its cookie."""
    response.delete_cookie(KEPT_COOKIE, path=url_for("reviews.review", assignment_id=assignment.id))
    return response


def _save(assignment, criteria, scores, outcome) -> dict[str, list[str]]:
    """Save the parts that still apply, checked as a save of them now would be; what cannot be saved is
    handed back instead. Return the errors of what was handed back, by field."""
    formdata = MultiDict(outcome.save)
    form = build_review_form(criteria, formdata=formdata, meta={"csrf": False})
    errors = {}
    if message := foreign_or_off_scale(formdata, criteria, only_these=True):
        errors = _refused(outcome, dict(outcome.save), {name: [message] for name in outcome.save})
    elif not form.validate():
        errors = _refused(outcome, dict(outcome.save), form.errors)
    formdata = MultiDict(outcome.save)
    overall = {name: form[name].data for name in OVERALL_FIELDS if name in formdata}
    missing = operations.save_kept_review_change(
        assignment=assignment, criteria=criteria, existing=scores, actor=acting_user(), overall=overall,
        levels={c.id: form[criterion_field("criterion", c.id)].data for c in criteria
                if criterion_field("criterion", c.id) in formdata},
        comments={c.id: form[criterion_field("comment", c.id)].data for c in criteria
                  if criterion_field("comment", c.id) in formdata},
        audiences={c.id: is_for_applicant(form[criterion_field("audience", c.id)].data) for c in criteria
                   if criterion_field("audience", c.id) in formdata},
        not_saved=sorted({*outcome.hand_back, *outcome.not_saved}),
        version_read=version_read(formdata, assignment.case_study))
    if missing is not None:
        errors = _refused(outcome, overall,
                          {"overall_comment": [_("Write an overall comment to submit your review.")]})
    if any(part_of(name) for name in outcome.save):
        flash(_("Your change could not be saved when you made it, because your session or the page had "
                "expired. It is saved now."), "success")
    return errors


def _refused(outcome, fields: dict, errors: dict) -> dict[str, list[str]]:
    outcome.hand_back.update({name: outcome.save.pop(name) for name in list(fields) if name in outcome.save})
    return {name: list(messages) for name, messages in errors.items() if name in fields}


def _hand_back(form, criteria, outcome, errors: dict[str, list[str]]) -> None:
    """Put the handed-back parts in the form as the reviewer had them, each marked as not saved."""
    for name, value in outcome.hand_back.items():
        if name in form:
            form[name].process(MultiDict([(name, value)]))
    newer = _("Not saved: this was saved again after your change was kept. What you had entered is here: "
              "check it and save again.")
    for part in outcome.parts_handed_back:
        name = "overall_comment" if part == "overall" else criterion_field("criterion", int(part))
        if name in form:
            form[name].errors = [newer]
    for name, messages in errors.items():
        if name in form:
            form[name].errors = messages
    labels = {str(c.id): c.text("label") for c in criteria}
    parts = [p for p in dict.fromkeys(map(part_of, outcome.hand_back)) if p is not None]
    flash(_("Your change to %(parts)s is not saved. What you had entered is back in the form: check it and "
            "save again.", parts=listing(labels.get(p, _("Overall")) for p in parts)), "warning")


def _stored(assignment, scores) -> dict[str, str]:
    review = assignment.review
    overall = {name: getattr(review, name) for name in OVERALL_FIELDS if name != "overall_audience"} if review else {}
    if review is not None:
        overall["overall_audience"] = audience_of(review.overall_comment_for_applicant)
    return stored_fields({cid: s.value for cid, s in scores.items()}, {cid: s.comment for cid, s in scores.items()},
                         overall, {cid: s.comment_for_applicant for cid, s in scores.items()})
