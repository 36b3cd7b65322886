"""Reads for the balance of a call's accepted set: its report targets, the accepted set counted in one
aggregate statement, and the two put together with the names a page shows."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ...auth.economies import economies
from ...case_studies.fora import fora
from ...case_studies.labels import GROUP_SERVED_LABELS, ORGANISATION_TYPE_LABELS
from ...case_studies.models import call_economy
from ...extensions import db
from ..models import EVERY_PANEL_ECONOMY, ReportTarget, TargetKind
from ..scores.accepted import count_accepted
from .balance import Accepted, KindBalance, Target, TargetStatus, balance, by_kind


def targets_of(call_id: int) -> list[ReportTarget]:
    """The call's targets in the order they were set."""
    return list(db.session.execute(select(ReportTarget).where(ReportTarget.call_id == call_id)
                                   .order_by(ReportTarget.id)).scalars())


def get_target_or_404(target_id: int) -> ReportTarget:
    return db.get_or_404(ReportTarget, target_id)


def accepted_of(call_id: int) -> Accepted:
    """The call's accepted set (accepted and still submitted) counted by economy, forum, organisation type
    and group served, in one statement (scores.accepted)."""
    return Accepted(*count_accepted(call_id))


def panel_codes(call_id: int) -> list[str]:
    """The codes of the call's panel economies, by code."""
    codes = {entry.id: entry.code for entry in economies()}
    ids = db.session.execute(select(call_economy.c.economy_id).where(call_economy.c.call_id == call_id)).scalars()
    return sorted(codes[economy_id] for economy_id in ids)


def value_label(kind: str, value: str) -> str:
    """What a target counts, by name: an economy by its code, a forum, type or group by its label."""
    if kind == TargetKind.ECONOMY.value:
        return _("Every panel economy") if value == EVERY_PANEL_ECONOMY else value
    if kind == TargetKind.FORUM.value:
        return next((forum.label for forum in fora() if str(forum.id) == value), value)
    labels = ORGANISATION_TYPE_LABELS if kind == TargetKind.ORGANISATION_TYPE.value else GROUP_SERVED_LABELS
    return str(labels.get(value, value))


def target_text(target: ReportTarget | Target) -> str:
    """What a target asks for: "Every panel economy: at least 2 case studies", "Women: at least 30%"."""
    label = value_label(target.kind, target.value)
    if target.at_least is not None:
        return ngettext("%(label)s: at least %(num)d case study", "%(label)s: at least %(num)d case studies",
                        target.at_least, label=label)
    return _("%(label)s: at least %(share)d%% of the accepted set", label=label, share=target.share)


def status_text(status: TargetStatus) -> str:
    """The status in words: "THA: 1 of at least 2 accepted — 1 short", or "… — met"."""
    label = value_label(status.target.kind, status.value)
    if status.target.at_least is not None:
        text = ngettext("%(label)s: %(accepted)d of at least %(num)d accepted",
                        "%(label)s: %(accepted)d of at least %(num)d accepted",
                        status.target.at_least, label=label, accepted=status.accepted)
    else:
        text = _("%(label)s: %(accepted)d of %(total)d accepted, at least %(share)d%% wanted",
                 label=label, accepted=status.accepted, total=status.total, share=status.target.share)
    if status.met:
        return _("%(status)s — met", status=text)
    return ngettext("%(status)s — %(num)d short", "%(status)s — %(num)d short", status.short, status=text)


@dataclass(frozen=True)
class Balance:
    """The accepted set, each target's status and, for a chart, both per kind."""

    accepted: Accepted
    statuses: list[TargetStatus]
    kinds: dict[str, KindBalance]

    @property
    def short(self) -> list[TargetStatus]:
        return [status for status in self.statuses if not status.met]


def balance_kept(kept: dict, panel: list[str]) -> Balance:
    """The balance as a build kept it with the call's scores (scores.accepted.kept_balance), against
    `panel`, the codes of the call's panel economies: no query."""
    accepted = Accepted(kept.get("total", 0), kept.get("counts", {}))
    statuses = balance([Target(**target) for target in kept.get("targets", [])], accepted, panel)
    return Balance(accepted, statuses, by_kind(accepted, statuses))


def balance_of(call_id: int, targets: list[ReportTarget] | None = None) -> Balance:
    """The call's accepted set against its targets: one statement for the targets (none when given), one for
    the accepted set, and one for the panel when a target asks for every panel economy."""
    targets = targets_of(call_id) if targets is None else targets
    plain = [Target(t.id, t.kind, t.value, t.at_least, t.share) for t in targets]
    accepted = accepted_of(call_id)
    panel = panel_codes(call_id) if any(t.value == EVERY_PANEL_ECONOMY for t in plain) else []
    statuses = balance(plain, accepted, panel)
    return Balance(accepted, statuses, by_kind(accepted, statuses))
