"""The dashboard's charts: reviewers' means beside their panel's, and each panel's reviews done of assigned."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from ...charts import Chart, Row, rows_chart, shapes_for, strip
from ...templating import number


@dataclass(frozen=True)
class RowStrip:
    chart: Chart
    description: str  # every dot and the rule in words, for the image's description


@dataclass(frozen=True)
class PanelCharts:
    means: Chart
    progress: Chart


def panel_charts(panels) -> PanelCharts | None:
    """Both charts of the summary's panels (dashboard.queries.PanelSummary), or None without panels."""
    if not panels:
        return None
    shapes = shapes_for(sorted(panel.economy_code for panel in panels))
    rows = []
    for panel in panels:
        shape, name = shapes[panel.economy_code], _("%(code)s panel", code=panel.economy_code)
        rows.append(Row(label=name, rule=panel.mean, value=_score(panel.mean), css="panel",
                        dots=[] if panel.mean is None else [(panel.mean, shape, f"{name}: {_score(panel.mean)}")]))
        for reviewer in panel.reviewers:
            text = f"{reviewer.name} ({panel.economy_code}): {_score(reviewer.mean)}"
            rows.append(Row(label=reviewer.name, rule=panel.mean, value=_score(reviewer.mean),
                            dots=[] if reviewer.mean is None else [(reviewer.mean, shape, text)]))
    legend = [(shapes[panel.economy_code], _("%(code)s panel", code=panel.economy_code)) for panel in panels]
    most = max([panel.assigned for panel in panels] + [1])
    progress = [Row(label=_("%(code)s panel", code=panel.economy_code), bar=(panel.done, panel.assigned),
                    value=f"{panel.done} / {panel.assigned}") for panel in panels]
    return PanelCharts(
        means=rows_chart("panel-means", rows, legend=legend),
        progress=rows_chart("panel-progress", progress, low=0, high=most, ticks=_ticks(most)))


@dataclass(frozen=True)
class StripWords:
    """The strips' two phrases, translated once for a page of rows rather than once for each dot."""

    panel: str
    calibrated: str


def strip_words() -> StripWords:
    return StripWords(panel=_("%(code)s panel: %(mean)s"), calibrated=_("calibrated score %(score)s"))


def row_strip(case_study_id: int, panel_means: dict[str, float], calibrated: float | None,
              shapes: dict[str, str], phrases: StripWords) -> RowStrip | None:
    """A case study's own strip on 0–100: a dot per panel economy at that panel's mean total, and the
    calibrated score as the line they are read against; None before any review counts."""
    if not panel_means:
        return None
    dots = [(mean, shapes.get(code, "cross"), phrases.panel % {"code": code, "mean": _score(mean)})
            for code, mean in sorted(panel_means.items())]
    words = " · ".join(text for _value, _shape, text in dots)
    if calibrated is not None:
        words += " · " + phrases.calibrated % {"score": _score(calibrated)}
    return RowStrip(chart=strip(f"by-panel-{case_study_id}", dots, calibrated), description=words)


def _score(value: float | None) -> str:
    return "—" if value is None else number(value, 1)


def _ticks(most: int) -> list[int]:
    return sorted({0, most // 2, most}) if most > 1 else [0, 1]
