"""The accepted set against the call's report targets: a pure rule over plain values.

A target asks for at least N accepted case studies of one forum, economy, organisation type or group
served, or for at least p percent of the accepted set. "Every panel economy" is one target for each of
the call's panel economies. A share target of an empty set is not met: nothing accepted is no balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..models import EVERY_PANEL_ECONOMY, TargetKind

KINDS = tuple(kind.value for kind in TargetKind)


@dataclass(frozen=True)
class Target:
    """A report target as plain values: `at_least` case studies, or `share` percent (1–100) of the set."""

    id: int
    kind: str
    value: str
    at_least: int | None = None
    share: int | None = None


@dataclass(frozen=True)
class Accepted:
    """The accepted set: how many case studies it holds, and by kind how many have each value."""

    total: int = 0
    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def count(self, kind: str, value: str) -> int:
        return self.counts.get(kind, {}).get(value, 0)


@dataclass(frozen=True)
class TargetStatus:
    """One target (one panel economy's, for "every panel economy") against the accepted set."""

    target: Target
    value: str          # the value counted: the target's own, or a panel economy's code
    accepted: int       # accepted case studies with that value
    total: int          # accepted case studies in all

    @property
    def needed(self) -> int:
        """How many of the set must have the value: N, or p percent of the set rounded up (at least one)."""
        if self.target.at_least is not None:
            return self.target.at_least
        return max(1, -(-self.target.share * self.total // 100))

    @property
    def met(self) -> bool:
        return self.accepted >= self.needed

    @property
    def short(self) -> int:
        """How many more of the set would need the value for the target to be met."""
        return max(0, self.needed - self.accepted)

    @property
    def accepted_share(self) -> float | None:
        """The value's percentage of the accepted set; None when nothing is accepted."""
        return 100 * self.accepted / self.total if self.total else None

    @property
    def every_panel_economy(self) -> bool:
        return self.target.value == EVERY_PANEL_ECONOMY


def balance(targets: Iterable[Target], accepted: Accepted, panel: Iterable[str] = ()) -> list[TargetStatus]:
    """Each target's status in the order given; "every panel economy" expands to one status per code of
    `panel`, in the order given."""
    panel = list(panel)
    statuses = []
    for target in targets:
        values = panel if target.kind == TargetKind.ECONOMY.value and target.value == EVERY_PANEL_ECONOMY \
            else [target.value]
        statuses.extend(TargetStatus(target, value, accepted.count(target.kind, value), accepted.total)
                        for value in values)
    return statuses


@dataclass(frozen=True)
class KindBalance:
    """What a chart of one kind draws: the accepted count of each value, and the targets on that kind."""

    kind: str
    total: int
    counts: dict[str, int]
    statuses: list[TargetStatus]


def by_kind(accepted: Accepted, statuses: Iterable[TargetStatus]) -> dict[str, KindBalance]:
    """The accepted set and the targets' statuses per kind, every kind present (for a chart per kind)."""
    statuses = list(statuses)
    return {kind: KindBalance(kind, accepted.total, dict(accepted.counts.get(kind, {})),
                              [s for s in statuses if s.target.kind == kind]) for kind in KINDS}
