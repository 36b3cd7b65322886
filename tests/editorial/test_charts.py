"""Charts: valid SVG images with a title and description, drawn from the same numbers as the tables beside
them, on random calls; and the geometry they are made of."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import count

from hypothesis import HealthCheck, given, settings, strategies as st

from lie_review.charts import SHAPES, Mark, Row, rows_chart, scale, shapes_for
from lie_review.editorial.dashboard.filters import Filters
from lie_review.templating import number
from lie_review.extensions import db

from ..factories import PASSWORD, make_user
from .oracle import oracle_dashboard
from .test_maintained_scores import build_call, calls

SVG = "{http://www.w3.org/2000/svg}"
_editors = count()


def svg_images(page: str) -> list[ET.Element]:
    """Every chart of the page (legend shapes, hidden from assistive technology, left out), parsed as XML."""
    found = []
    for source in re.findall(r"<svg\b.*?</svg>", page, flags=re.S):
        element = ET.fromstring(source)  # raises on anything that is not well-formed
        if element.get("aria-hidden") != "true":
            found.append(element)
    return found


def assert_accessible_images(page: str) -> list[ET.Element]:
    images = svg_images(page)
    for image in images:
        assert image.get("role") == "img"
        title_id, desc_id = image.get("aria-labelledby").split()
        title, desc = image.find(f"{SVG}title"), image.find(f"{SVG}desc")
        assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
        assert title.text.strip() and desc.text.strip()
    assert " style=" not in page and "<style" not in page  # the strict CSP allows neither
    return images


def dots(image: ET.Element) -> list[str]:
    return [path.find(f"{SVG}title").text for path in image.iter(f"{SVG}path") if path.find(f"{SVG}title") is not None]


def chart(images, name) -> ET.Element:
    return next(image for image in images if image.get("aria-labelledby").startswith(name))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(spec=calls())
def test_the_panel_charts_draw_the_numbers_of_the_panel_table(app, client, spec):
    with app.app_context():
        call_id = build_call(spec)
        email = f"charts{next(_editors)}@example.org"
        make_user("editor", email=email)
        db.session.commit()
    client.post("/logout")
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
    response = client.get(f"/editor/calls/{call_id}?reviewers=all&per_page=100")
    page = response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers
    images = assert_accessible_images(page)
    table = page[page.index('<table class="panels">'):page.index("</table>", page.index('<table class="panels">'))]
    # (name, mean) of every reviewer row of the table, and the panels' "done / assigned".
    reviewers = re.findall(r'<th scope="row" class="reviewer-name">([^<]+)</th>\s*<td class="num">[^<]*</td>\s*'
                           r'<td class="num">(?:<span aria-label="[^"]*">—</span>|([^<]*))</td>', table)
    assert len(reviewers) == table.count("reviewer-name")
    panels = re.findall(r'<th scope="rowgroup">(\S+) panel.*?</th>\s*<td class="num">(\d+ / \d+)</td>', table)
    means = chart(images, "panel-means")
    drawn = {text.rsplit(": ", 1)[0]: text.rsplit(": ", 1)[1] for text in dots(means)}
    assert reviewers or not spec["studies"] or not table.count("reviewer-name")
    for name, mean in reviewers:  # a reviewer's dot is titled "Name (CODE): mean"; none without a mean
        assert [value for label, value in drawn.items() if label.startswith(f"{name} (")] == ([mean] if mean else [])
    progress = chart(images, "panel-progress")
    values = [text.text for text in progress.iter(f"{SVG}text") if "chart-value" in text.get("class", "")]
    assert values == [done for _code, done in panels]
    # Each row's strip: a dot per panel at the panel's mean total, as the per-request computation has them.
    with app.test_request_context():
        from lie_review.case_studies.models import Call

        expected = {row["id"]: {f"{code} panel: {number(mean, 1)}" for code, mean in row["panel_means"].items()}
                    for row in oracle_dashboard(db.session.get(Call, call_id), Filters(per_page=100))["rows"]}
    for case_study_id, want in expected.items():
        strips = [image for image in images if image.get("aria-labelledby").startswith(f"by-panel-{case_study_id}-")]
        assert set(dots(strips[0]) if strips else []) == want, (case_study_id, want)
    # The same numbers in the table under the rows: a column per panel any row has a mean of.
    drawn = set().union(*expected.values())
    if drawn:
        numbers = page[page.index("Each panel’s mean total for these case studies"):]
        numbers = numbers[:numbers.index("</table>")]
        codes = re.findall(r'<th scope="col" class="num">(\S+) panel</th>', numbers)
        cells = {f"{code} panel: {value}" for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", numbers)
                 for code, value in zip(codes, re.findall(r'<td class="num">(.*?)</td>', row)) if value[:1].isdigit()}
        assert cells == drawn


def test_the_scale_maps_and_clamps_and_each_panel_keeps_its_shape():
    assert scale(0, 0, 100, 10, 110) == 10 and scale(100, 0, 100, 10, 110) == 110
    assert scale(50, 0, 100, 10, 110) == 60 and scale(150, 0, 100, 10, 110) == 110 and scale(-5, 0, 100, 10, 110) == 10
    assert scale(3, 3, 3, 10, 110) == 10  # an empty range puts everything at its start
    assert shapes_for(["CT", "RUS", "THA", "PHL"]) == dict(zip(["CT", "RUS", "THA", "PHL"], SHAPES))
    assert len(set(shapes_for(["CT", "RUS", "THA", "PHL"]).values())) == 4


def test_a_rows_chart_puts_each_mark_on_its_row_and_a_tick_under_the_plot():
    made = rows_chart("c", [Row("a", dots=[(0, "circle", "a: 0")], rule=5, value="0"),
                            Row("b", dots=[(10, "square", "b: 10")], bar=(5, 10))], high=10, ticks=(0, 10))
    first, second = made.of("dot")
    left, right = made.plot
    assert (first.x, second.x) == (left, right) and first.y < second.y
    assert made.of("rule")[0].x == (left + right) / 2
    outline, filled = made.of("bar")  # 5 done of 10 assigned: the filled bar half the outlined one
    assert outline.x == filled.x == left and outline.width == 2 * filled.width == right - left
    assert [tick.text for tick in made.of("tick")] == ["0", "10"] and made.height > second.y


@given(st.sampled_from(SHAPES), st.floats(0, 600), st.floats(0, 400))
def test_every_shape_is_a_closed_path(shape, x, y):
    path = Mark("dot", round(x, 1), round(y, 1), shape=shape).path
    assert path.startswith("M") and path.endswith("Z")
    ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg"><path d="{path}"/></svg>')


def test_the_case_study_chart_marks_each_reviews_level_and_the_criterions_mean(app, client, auth):
    from ..factories import make_call, make_case_study
    from .builders import criteria_of, make_reviewer, review

    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(panel=("CT", "RUS", "THA"))
        study = make_case_study(call, make_user(), status="submitted")
        levels = {"Ana": [5, 2, 3], "Boris": [1, 2, 4], "Chai": [3, 2, 5]}
        for (name, given), code in zip(levels.items(), ("CT", "RUS", "THA")):
            review(study, make_reviewer(code, name=name), given)
        labels = [c.label for c in criteria_of(call)]
        db.session.commit()
        study_id = study.id
    auth.login("ed@example.org")
    response = client.get(f"/editor/case-studies/{study_id}")
    page = response.get_data(as_text=True)
    image = chart(assert_accessible_images(page), "review-levels")
    expected = {f"{name} ({code}): {level} of 5" for (name, given), code in zip(levels.items(), ("CT", "RUS", "THA"))
                for level in given}
    assert set(dots(image)) == expected and len(dots(image)) == 9
    values = [text.text for text in image.iter(f"{SVG}text") if "chart-value" in text.get("class", "")]
    assert values == ["3.00", "2.00", "4.00"]  # each criterion's mean level, as the table above says
    rows = [text.text for text in image.iter(f"{SVG}text") if "chart-label" in text.get("class", "")]
    assert rows == labels
