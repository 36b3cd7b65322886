"""The case-study page's chart: each submitted review's level on each criterion, beside the criterion's mean."""

from __future__ import annotations

from flask_babel import gettext as _

from ...charts import Chart, Row, rows_chart, shapes_for
from ...templating import number


def reviews_chart(criteria, reviews, given, codes: dict[int, str], means: dict[int, float]) -> Chart | None:
    """`reviews`: the page's submitted assignments, in its order; `given`: their scores by (assignment,
    criterion); `codes`: economy codes by id; `means`: the stored mean level of each criterion."""
    if not criteria or not reviews:
        return None
    shapes = shapes_for(sorted({codes.get(a.reviewer.economy_id, "—") for a in reviews}))
    scales = {(c.scale_min, c.scale_max) for c in criteria}
    one_scale = len(scales) == 1
    low, high = next(iter(scales)) if one_scale else (0, 100)
    rows = []
    for criterion in criteria:
        dots = []
        for assignment in reviews:
            score = given.get((assignment.id, criterion.id))
            if score is None or score.value is None:
                continue
            code = codes.get(assignment.reviewer.economy_id, "—")
            text = _("%(name)s (%(code)s): %(level)d of %(top)d", name=assignment.reviewer.name, code=code,
                     level=score.value, top=criterion.scale_max)
            dots.append((_placed(score.value, criterion, one_scale), shapes[code], text))
        mean = means.get(criterion.id)
        rows.append(Row(label=criterion.text("label"), dots=dots, value="" if mean is None else number(mean, 2),
                        rule=None if mean is None else _placed(mean, criterion, one_scale)))
    ticks = list(range(low, high + 1)) if one_scale and high - low <= 10 else (0, 25, 50, 75, 100)
    legend = [(shape, _("%(code)s panel", code=code)) for code, shape in shapes.items()]
    return rows_chart("review-levels", rows, low=low, high=high, ticks=ticks, legend=legend)


def _placed(level: float, criterion, one_scale: bool) -> float:
    """A level where it goes on the chart's axis: as it is on a shared scale, else as a share of 0–100."""
    if one_scale:
        return level
    span = criterion.scale_max - criterion.scale_min
    return 0.0 if span <= 0 else (level - criterion.scale_min) / span * 100
