"""Charts as plain geometry: where each dot, bar and label of an SVG chart goes, from plain values.

The pages draw them with one macro (templates/_macros/charts.html) as inline SVG: no script, no style
attribute (the stylesheet colours them by class, which the strict CSP allows and print keeps), and every
mark also written out in words and in a table beside the chart. A charting library would emit its own
inline styles and scripts; the few kinds of chart here are a page of arithmetic each.

Panel economies are told apart by shape and by their code written beside them, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SHAPES = ("circle", "square", "triangle", "diamond", "cross")
WIDTH = 640
LABEL_WIDTH = 224  # left of the plot: the row labels
RIGHT = 84  # right of the plot: the row's number
ROW = 24
TOP = 12
AXIS = 28  # below the rows: the scale's ticks and numbers
STACK = 12  # between dots of one value on a row


@dataclass(frozen=True)
class Mark:
    kind: str  # "dot" | "bar" | "rule" | "label" | "value" | "tick"
    x: float
    y: float
    width: float = 0  # a bar's, or a rule's length down
    height: float = 0
    shape: str = "circle"
    css: str = ""  # extra class: "outline", "filled", "reference", "panel", "short"
    text: str = ""

    @property
    def path(self) -> str:
        """A dot's outline as SVG path data: its shape, about 11 units across, centred on (x, y)."""
        x, y, r = self.x, self.y, 5.5
        return {
            "circle": f"M{x - r},{y}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0Z",
            "square": f"M{x - r + 1},{y - r + 1}h{2 * r - 2}v{2 * r - 2}h{2 - 2 * r}Z",
            "triangle": f"M{x},{y - r}L{x + r},{y + r - 1}L{x - r},{y + r - 1}Z",
            "diamond": f"M{x},{y - r}L{x + r},{y}L{x},{y + r}L{x - r},{y}Z",
            "cross": f"M{x - r},{y - 2}h{r - 2}v{2 - r}h4v{r - 2}h{r - 2}v4h{2 - r}v{r - 2}h-4v{2 - r}h{2 - r}Z",
        }[self.shape]


@dataclass(frozen=True)
class Chart:
    name: str  # unique on its page: ids of its title and description
    width: int
    height: int
    marks: tuple[Mark, ...]
    legend: tuple[tuple[str, str], ...] = ()  # (shape, label)
    plot: tuple[float, float] = (LABEL_WIDTH, WIDTH - RIGHT)

    def of(self, kind: str) -> list[Mark]:
        return [mark for mark in self.marks if mark.kind == kind]


@dataclass(frozen=True)
class Row:
    """One line of a chart: its label, the dots on it (value, shape, label), a bar, a number on the right."""

    label: str
    dots: Sequence[tuple[float, str, str]] = ()
    bar: tuple[float, float | None] | None = None  # (filled, outline): done of assigned; outline None: none
    rule: float | None = None  # a reference value marked across the row: the panel's mean, a target
    value: str = ""
    css: str = ""
    rule_css: str = "reference"  # or "target"
    bar_css: str = "filled"  # or "short": a bar that falls short of its row's target


def shapes_for(codes: Sequence[str]) -> dict[str, str]:
    """A shape per code, in the order given (the call's panel economies), the same on every chart."""
    return {code: SHAPES[i % len(SHAPES)] for i, code in enumerate(codes)}


def scale(value: float, low: float, high: float, left: float = LABEL_WIDTH, right: float = WIDTH - RIGHT) -> float:
    """Where `value` of the range low–high falls between x = left and x = right (clamped to the ends)."""
    if high <= low:
        return left
    share = min(1.0, max(0.0, (value - low) / (high - low)))
    return round(left + share * (right - left), 1)


def rows_chart(name: str, rows: Sequence[Row], *, low: float = 0, high: float = 100,
               ticks: Sequence[float] = (0, 25, 50, 75, 100), legend=()) -> Chart:
    """A chart of labelled rows over one horizontal scale: dots, bars and reference rules on each. Dots of
    one value on a row sit one above the other, and the rows grow to hold the tallest such stack."""
    stack = max([_tallest(row.dots) for row in rows] + [1])
    row_height = max(ROW, 10 + STACK * stack)
    marks: list[Mark] = []
    for i, row in enumerate(rows):
        y = TOP + i * row_height + row_height / 2
        marks.append(Mark("label", LABEL_WIDTH - 8, y, text=row.label, css=row.css))
        if row.bar is not None:
            filled, outline = row.bar
            start = scale(low, low, high)
            if outline is not None:
                marks.append(Mark("bar", start, y - 7, width=scale(outline, low, high) - start, height=14,
                                  css="outline"))
            marks.append(Mark("bar", start, y - 7, width=scale(filled, low, high) - start, height=14,
                              css=row.bar_css))
        if row.rule is not None:
            marks.append(Mark("rule", scale(row.rule, low, high), y - row_height / 2 + 2, height=row_height - 4,
                              css=row.rule_css))
        for value, shape, text, offset in _stacked(row.dots):
            marks.append(Mark("dot", scale(value, low, high), y + offset, shape=shape, text=text))
        if row.value:
            marks.append(Mark("value", WIDTH - RIGHT + 10, y, text=row.value))
    bottom = TOP + len(rows) * row_height
    for tick in ticks:
        marks.append(Mark("tick", scale(tick, low, high), bottom, height=6, text=_number(tick)))
    return Chart(name=name, width=WIDTH, height=int(bottom + AXIS), marks=tuple(marks), legend=tuple(legend))


def _tallest(dots) -> int:
    counts: dict[float, int] = {}
    for value, _shape, _text in dots:
        counts[value] = counts.get(value, 0) + 1
    return max(counts.values(), default=1)


def _stacked(dots):
    """Each dot with a vertical offset, so that dots of one value on a row sit one above the other."""
    counts: dict[float, int] = {}
    for value, _shape, _text in dots:
        counts[value] = counts.get(value, 0) + 1
    seen: dict[float, int] = {}
    for value, shape, text in dots:
        k, m = seen.get(value, 0), counts[value]
        seen[value] = k + 1
        yield value, shape, text, round((k - (m - 1) / 2) * STACK, 1)


def strip(name: str, dots: Sequence[tuple[float, str, str]], rule: float | None,
          width: int = 120, height: int = 22) -> Chart:
    """A row's own small chart on 0–100: a dot per (value, shape, label) and the rule at `rule`."""
    pad = 6
    marks = [Mark("axis", pad, height / 2, width=width - 2 * pad)]
    if rule is not None:
        marks.append(Mark("rule", scale(rule, 0, 100, pad, width - pad), 2, height=height - 4, css="reference"))
    marks += [Mark("dot", scale(value, 0, 100, pad, width - pad), height / 2, shape=shape, text=text)
              for value, shape, text in dots]
    return Chart(name=name, width=width, height=height, marks=tuple(marks), plot=(pad, width - pad))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# The legend's shapes, on a 14-unit square.
LEGEND_PATHS = {shape: Mark("dot", 7, 7, shape=shape).path for shape in SHAPES}
