"""The report queue's charts of the accepted set's balance: per kind (economy, forum, organisation type,
group served), a bar per value with its accepted count, and each target's need marked on its bar."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...case_studies.fora import fora
from ...charts import Chart, Row, rows_chart
from ..models import TargetKind
from .balance import KindBalance
from .targets import value_label

TITLES = {
    TargetKind.ECONOMY.value: _l("Accepted case studies per economy"),
    TargetKind.FORUM.value: _l("Accepted case studies per forum"),
    TargetKind.ORGANISATION_TYPE.value: _l("Accepted case studies per organisation type"),
    TargetKind.GROUP.value: _l("Accepted case studies per group served"),
}


@dataclass(frozen=True)
class BalanceLine:
    label: str
    accepted: int
    needed: int | None  # the most any target of this value asks for; None without a target
    met: bool


@dataclass(frozen=True)
class BalanceChart:
    kind: str
    chart: Chart
    lines: list[BalanceLine]  # the chart's numbers, for its table

    @property
    def title(self) -> str:
        return str(TITLES[self.kind])


def balance_charts(kinds: dict[str, KindBalance]) -> list[BalanceChart]:
    """A chart for each kind with an accepted case study or a target: the values with a target first (in
    the targets' order), then the others by count; a value short of a target is drawn so."""
    charts = []
    for kind, found in kinds.items():
        needs: dict[str, tuple[int, bool]] = {}
        for status in found.statuses:
            needed, met = needs.get(status.value, (0, True))
            needs[status.value] = (max(needed, status.needed), met and status.met)
        values = list(needs) + sorted((v for v in found.counts if v not in needs), key=lambda v: -found.counts[v])
        if not values:
            continue
        lines = [BalanceLine(_short_label(kind, value), found.counts.get(value, 0),
                             needs[value][0] if value in needs else None, needs.get(value, (0, True))[1])
                 for value in values]
        most = max([line.accepted for line in lines] + [line.needed or 0 for line in lines] + [1])
        rows = [Row(label=line.label, bar=(line.accepted, None), rule=line.needed, rule_css="target",
                    bar_css="filled" if line.met else "short", value=_value(line)) for line in lines]
        charts.append(BalanceChart(kind, rows_chart(f"balance-{kind}", rows, low=0, high=most,
                                                    ticks=sorted({0, most // 2, most})), lines))
    return charts


def _short_label(kind: str, value: str) -> str:
    """A value's name as a chart row has room for it: a forum by its city."""
    if kind == TargetKind.FORUM.value:
        return next((forum.city_label for forum in fora() if str(forum.id) == value), value)
    return value_label(kind, value)


def _value(line: BalanceLine) -> str:
    if line.needed is None:
        return str(line.accepted)
    return _("%(accepted)d of %(needed)d", accepted=line.accepted, needed=line.needed)
