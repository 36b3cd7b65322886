"""Auto-assignment of a large call as a job: steps over its submitted case studies, then the reviewers' emails.

On a call of 10,000 submitted case studies, planning takes a second or two and adding the 40,000
assignments with their audit events and telling 40 reviewers took some 40 s in one request. Here each
step plans its STEP_CASE_STUDIES case studies anew against the assignments as they are
(operations.auto_assign_after) and commits what it adds with the job's cursor (the last case study id
done, in `result`), so a step run again after its worker died adds only what is still missing. The
last step queues one email per reviewer about every assignment not yet announced, marking them
announced in the same commit, so nobody is told twice.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ...auth.models import User
from ...case_studies.models import Call
from ...extensions import db
from ...jobs import work
from ...jobs.models import Job
from ...permissions import can_decide
from . import operations as ops

STEP_CASE_STUDIES = 250


def title(job: Job) -> str:
    call = db.session.get(Call, job.call_id) if job.call_id else None
    return _("Auto-assign on “%(call)s”", call=call.text("title") if call else "")


def summary(job: Job) -> list[str]:
    """What the job has added so far, and once done whom it emailed."""
    lines = [ngettext("%(num)d assignment added.", "%(num)d assignments added.", job.result.get("added", 0))]
    if "emailed" in job.result:
        lines.append(ngettext("%(num)d reviewer emailed.", "%(num)d reviewers emailed.", job.result["emailed"]))
    return lines


def links(job: Job) -> list[tuple[str, str]]:
    return [(_("Open the dashboard"), url_for("editorial.dashboard", call_id=job.call_id)),
            (_("See what could not be filled on the assignments page"),
             url_for("editorial.assignments", call_id=job.call_id))]


@work.kind(ops.AUTO_ASSIGN_JOB, title=title, may_read=lambda job, user: can_decide(user), links=links,
           summary=summary)
def run_auto_assign(job: Job, steps: work.Steps) -> None:
    """Add what each step's case studies miss, then email the reviewers once."""
    while True:
        with steps.step() as locked:
            call, actor = _call_and_actor(locked)
            after = locked.result.get("after", 0)
            plan, case_studies = ops.auto_assign_after(call=call, after_id=after, size=STEP_CASE_STUDIES,
                                                       actor=actor)
            if not case_studies:
                break
            locked.result = {**locked.result, "after": case_studies[-1],
                             "added": locked.result.get("added", 0) + len(plan.additions)}
            locked.done += len(case_studies)
            locked.total = max(locked.total, locked.done)  # case studies submitted since the job began
    with steps.step() as locked:
        if "emailed" not in locked.result:
            call, actor = _call_and_actor(locked)
            locked.result = {**locked.result, "emailed": ops.notify_new_assignments(call=call, actor=actor)}
        locked.total = locked.done


def _call_and_actor(job: Job) -> tuple[Call, User | None]:
    call = db.session.get(Call, job.call_id)
    if call is None:
        raise work.JobFailed(_("The call no longer exists."))
    return call, db.session.get(User, job.created_by_id) if job.created_by_id else None

