"""The report queue: accepted case studies in report order, grouped into sections.

Every change is a plain form post (redirecting back to the entry) that htmx upgrades to a swap of
the whole queue, so moved entries show in their new place and focus stays on the button pressed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from ... import htmx
from ...case_studies.models import Call
from ...case_studies.queries import get_call_or_404
from ...extensions import db
from ...forms import MoveForm
from ...permissions import acting_user
from ..guards import Refused
from ..models import ReportTarget
from . import operations as ops
from .forms import (
    ConsentForm,
    EntrySectionForm,
    NoteForm,
    SectionForm,
    TargetForm,
    counted_choices,
    entry_prefix,
    section_prefix,
)
from .charts import balance_charts
from .queries import build_queue, get_entry_or_404, get_section_or_404, sections_of
from .targets import balance_of, status_text, target_text, targets_of


def _queue_context(call: Call, forms: dict, message: str | None, error: bool) -> dict:
    """The queue, its balance, and one form per control, each filled from the database unless it is the
    one in error."""
    queue = build_queue(call)
    sections = [s.section for s in queue.sections]

    def form(key, make):
        return forms.get(key) or make()

    entries = [e for s in queue.sections for e in s.entries]
    return {
        "call": call, "queue": queue, "message": message, "error": error,
        **balance_context(call, forms.get("target")),
        "new_section": form("new", lambda: SectionForm(formdata=None, prefix="new-section")),
        "rename": {s.id: form(("rename", s.id), lambda s=s: SectionForm(
            formdata=None, prefix=section_prefix(s.id), data={"title": s.title})) for s in sections},
        "notes": {e.entry.id: form(("note", e.entry.id), lambda e=e: NoteForm(
            formdata=None, prefix=entry_prefix(e.entry.id), data={"note": e.entry.note})) for e in entries},
        "moves": {e.entry.id: form(("move", e.entry.id), lambda e=e: EntrySectionForm(
            formdata=None, prefix=entry_prefix(e.entry.id),
            sections=[s for s in sections if s.id != e.entry.section_id])) for e in entries},
        "consents": {e.entry.id: form(("consent", e.entry.id), lambda e=e: ConsentForm(
            formdata=None, prefix=entry_prefix(e.entry.id))) for e in entries},
    }


@dataclass
class TargetRow:
    """A target as the Balance section lists it: what it asks for, and each status in words."""

    target: ReportTarget
    text: str
    lines: list[tuple[bool, str]]


def balance_context(call: Call, form: TargetForm | None = None) -> dict:
    """The Balance section: each target with its statuses in words, and the form adding one."""
    targets = targets_of(call.id)
    balance = balance_of(call.id, targets)
    rows = [TargetRow(t, target_text(t), [(s.met, status_text(s)) for s in balance.statuses if s.target.id == t.id])
            for t in targets]
    return {"balance": balance, "target_rows": rows, "balance_charts": balance_charts(balance.kinds),
            "new_target": form or TargetForm(formdata=None, prefix="target", counted=counted_choices())}


def render_queue(call: Call, *, forms: dict | None = None, message: str | None = None, error: bool = False,
                 status: int = 200, fragment: str = "editorial/_queue.html"):
    """The queue page, or for htmx its `fragment` (the queue, or its balance)."""
    return htmx.render("editorial/report_queue.html", fragment, status=status,
                       **_queue_context(call, forms or {}, message, error))



def _done(call: Call, message: str, *, error: bool = False, anchor: str | None = None):
    """After a change: the queue for htmx (409 on a refusal), otherwise a redirect back to the place."""
    if htmx.is_partial():
        return render_queue(call, message=message, error=error, status=409 if error else 200)
    flash(message, "error" if error else "success")
    return redirect(url_for("editorial.report_queue", call_id=call.id, _anchor=anchor), code=303)


def _titled(call: Call, key, form: SectionForm, change, message: str, anchor: str | None = None):
    """Add or rename a section: the form's errors (and a refused title) shown at its field, 422."""
    if not form.validate_on_submit():
        return render_queue(call, forms={key: form}, status=422)
    try:
        section = change(form.title.data.strip())
    except Refused as error:
        db.session.rollback()
        form.title.errors.append(str(error))
        return render_queue(call, forms={key: form}, status=422)
    db.session.commit()
    return _done(call, message % {"title": section.title}, anchor=anchor or f"section-{section.id}")


def report_queue(call_id: int):
    """The report queue page of a call."""
    return render_queue(get_call_or_404(call_id))


def add_section(call_id: int):
    """Add a thematic section at the end of the queue."""
    call = get_call_or_404(call_id)
    return _titled(call, "new", SectionForm(prefix="new-section"),
                   lambda title: ops.add_section(call=call, title=title, actor=acting_user()),
                   _("Section “%(title)s” added at the end."))


def rename_section(section_id: int):
    """Rename a section of the queue."""
    section = get_section_or_404(section_id)

    def rename(title):
        ops.rename_section(section=section, title=title, actor=acting_user())
        return section

    return _titled(section.call, ("rename", section.id), SectionForm(prefix=section_prefix(section.id)), rename,
                   _("Section renamed “%(title)s”."))


def move_section(section_id: int):
    """Move a section one place up or down, with its entries."""
    section = get_section_or_404(section_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _done(section.call, _("Choose to move the section up or down."), error=True)
    moved = ops.move_section(section=section, offset=form.offset, actor=acting_user())
    db.session.commit()
    return _done(section.call, _("“%(title)s” moved.", title=section.title) if moved
                 else _("“%(title)s” is already at that end.", title=section.title), anchor=f"section-{section.id}")


def delete_section(section_id: int):
    """Delete an empty section."""
    section = get_section_or_404(section_id)
    call, title = section.call, section.title
    try:
        ops.delete_section(section=section, actor=acting_user())
    except Refused as error:
        db.session.rollback()
        return _done(call, str(error), error=True, anchor=f"section-{section_id}")
    db.session.commit()
    return _done(call, _("Section “%(title)s” deleted.", title=title))


def move_entry(entry_id: int):
    """Move an entry one place up or down within its section."""
    entry = get_entry_or_404(entry_id)
    call, title = entry.section.call, entry.case_study.title
    form = MoveForm()
    if not form.validate_on_submit():
        return _done(call, _("Choose to move the case study up or down."), error=True)
    moved = ops.move_entry(entry=entry, offset=form.offset, actor=acting_user())
    db.session.commit()
    return _done(call, _("“%(title)s” moved.", title=title) if moved
                 else _("“%(title)s” is already at that end of its section.", title=title), anchor=f"entry-{entry_id}")


def move_entry_to_section(entry_id: int):
    """Move an entry to the end of another section."""
    entry = get_entry_or_404(entry_id)
    call = entry.section.call
    sections = [s for s in sections_of(call.id) if s.id != entry.section_id]
    form = EntrySectionForm(prefix=entry_prefix(entry.id), sections=sections)
    if not form.validate_on_submit():
        return render_queue(call, forms={("move", entry.id): form}, status=422)
    section = get_section_or_404(form.section_id.data)
    ops.move_entry_to_section(entry=entry, section=section, actor=acting_user())
    db.session.commit()
    return _done(call, _("“%(title)s” moved to the end of “%(section)s”.", title=entry.case_study.title,
                         section=section.title), anchor=f"entry-{entry_id}")


def set_note(entry_id: int):
    """Save the editor's note on an entry."""
    entry = get_entry_or_404(entry_id)
    call = entry.section.call
    form = NoteForm(prefix=entry_prefix(entry.id))
    if not form.validate_on_submit():
        return render_queue(call, forms={("note", entry.id): form}, status=422)
    changed = ops.set_entry_note(entry=entry, note=form.note.data or "", actor=acting_user())
    db.session.commit()
    return _done(call, _("Note saved for “%(title)s”.", title=entry.case_study.title) if changed
                 else _("The note was already saved."), anchor=f"entry-{entry_id}")


def record_consent(entry_id: int):
    """Record that the applicant consented to publication outside the form, and how."""
    entry = get_entry_or_404(entry_id)
    call = entry.section.call
    form = ConsentForm(prefix=entry_prefix(entry.id))
    if not form.validate_on_submit():
        return render_queue(call, forms={("consent", entry.id): form}, status=422)
    try:
        ops.record_consent(entry=entry, how=form.how.data, actor=acting_user())
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return _done(call, _("The applicant changed this case study just now: check it and try again."),
                     error=True, anchor=f"entry-{entry_id}")
    return _done(call, _("Consent recorded: “%(title)s” is in the report draft.", title=entry.case_study.title),
                 anchor=f"entry-{entry_id}")
