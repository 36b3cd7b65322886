"""The evidence of a decision: the scores it was taken on (its snapshot) beside today's, and how far they moved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True)
class EvidenceRow:
    """One score at the decision and now. `name` is "reviews", "mean", "calibrated", "spread", or
    "criterion" for a criterion's mean (then `label` is the criterion's)."""

    name: str
    then: float | None
    now: float | None
    label: str = ""

    @property
    def digits(self) -> int:
        """Decimals shown: none for a count of reviews, two for a criterion's mean (as the page shows it)."""
        return {"reviews": 0, "criterion": 2}.get(self.name, 1)

    @property
    def difference(self) -> float | None:
        """Now minus then; None when either side has no score."""
        if self.then is None or self.now is None:
            return None
        return self.now - self.then


@dataclass(frozen=True)
class Evidence:
    taken_at: datetime | None
    rows: list[EvidenceRow]

    @property
    def changed(self) -> bool:
        return any(row.then != row.now for row in self.rows)


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def decision_evidence(snapshot: dict | None, current, criteria: list) -> Evidence | None:
    """The snapshot kept with a decision (decisions.operations.score_snapshot) against `current`, the case
    study's row of today's scores (None before any review counts), for the call's active `criteria` (each with
    `id` and `text('label')`). None when the decision kept no snapshot (decisions taken before they did).

    A criterion in the snapshot that is no longer active keeps its row, under the label it had then; one
    added since has no score at the decision."""
    if not snapshot:
        return None
    rows = [EvidenceRow("reviews", snapshot.get("reviews") or 0, current.reviews if current else 0)]
    for name in ("mean", "calibrated", "spread"):
        rows.append(EvidenceRow(name, snapshot.get(name), getattr(current, name) if current else None))
    then_by_id = {c["id"]: c for c in snapshot.get("criteria") or []}
    now_means = current.means_by_criterion if current else {}
    for criterion in criteria:
        kept = then_by_id.pop(criterion.id, {})
        rows.append(EvidenceRow("criterion", kept.get("mean"), now_means.get(criterion.id),
                                label=criterion.text("label")))
    rows.extend(EvidenceRow("criterion", kept.get("mean"), None, label=kept.get("label", ""))
                for kept in then_by_id.values())
    return Evidence(_moment(snapshot.get("taken_at")), rows)
