"""The audit trail: every event for admins, the events of calls for editors (?call_id= for one call)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

from flask import Blueprint, request
from flask_login import current_user

from .. import htmx
from ..audit import AuditEvent
from ..auth.models import Role
from ..clock import zone
from ..paging import page_arg
from ..permissions import roles_required, sees_every_audit_event
from ..templating import viewer_zone
from . import queries
from .audit_values import Change, action_label, changed_values, object_type_label, value_names
from .forms import AuditFilterForm, filter_args

bp = Blueprint("audit", __name__, url_prefix="/audit")


class Row(NamedTuple):
    """An event and what the trail shows of it in words."""

    event: AuditEvent
    action: str
    object_type: str
    changes: list[Change]


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
    names = value_names()
    rows = [Row(event, action_label(event.action), object_type_label(event.object_type), changed_values(event, names))
            for event in results.items]
    return htmx.render("admin/audit.html", "admin/_audit_events.html", status=200 if valid else 422,
                       form=form, results=results, rows=rows, args=args, zone_name=viewer_zone())
