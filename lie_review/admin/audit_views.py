"""The audit trail: every event for admins, the events of calls for editors (?call_id= for one call)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import htmx
from ..audit import AuditEvent
from ..auth.models import Role
from ..clock import zone
from ..paging import page_arg
from ..permissions import roles_required, sees_every_audit_event
from ..templating import viewer_zone
from . import queries
from .forms import AuditFilterForm, filter_args

bp = Blueprint("audit", __name__, url_prefix="/audit")

FILTERS = ("actor", "action", "object_type", "object_id", "call_id", "since", "until")


@bp.before_request
@roles_required(Role.EDITOR, Role.ADMIN)
def require_staff():
    """Editors and admins only; what each sees is narrowed by `sees_every_audit_event`."""


def _utc_midnight(day: date | None, *, days_after: int = 0) -> datetime | None:
    """The start of `day` (plus some days) in the viewer's time zone, as a UTC instant."""
    if day is None:
        return None
    local = datetime.combine(day + timedelta(days=days_after), time.min, tzinfo=zone(viewer_zone()))
    return local.astimezone(timezone.utc)


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def changed_values(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field the event mentions, as text."""
    before, after = event.before or {}, event.after or {}
    fields = list(before) + [name for name in after if name not in before]
    return [(name, _shown(before.get(name)) if name in before else "",
             _shown(after.get(name)) if name in after else "") for name in fields]


@bp.route("")
def events():
    """The audit trail, filtered from the URL (editors see the events of calls only)."""
    form = AuditFilterForm(request.args)
    valid = form.validate()
    args = filter_args(form, FILTERS)
    results = queries.audit_events(
        actor=args.get("actor", ""), action=args.get("action", ""), object_type=args.get("object_type", ""),
        object_id=args.get("object_id"), call_id=args.get("call_id"),
        since=_utc_midnight(args.get("since")), until=_utc_midnight(args.get("until"), days_after=1),
        only_calls=not sees_every_audit_event(current_user), page=page_arg())
    rows = [(event, changed_values(event)) for event in results.items]
    return htmx.render("admin/audit.html", "admin/_audit_events.html", status=200 if valid else 422,
                       form=form, results=results, rows=rows, args=args, zone_name=viewer_zone())
