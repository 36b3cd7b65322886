"""On the scoring page the live review total stays in view without covering the control a keyboard user
is on (WCAG 2.2 AA 2.4.11 Focus Not Obscured), on a laptop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lie_review.extensions import db

from ..reviews.builders import RITA, build
from .test_reviews import focused_id, tab_to

pytestmark = pytest.mark.browser

# Every sticky or fixed element's box, and the focused element's, in viewport coordinates.
BOXES = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {name: e.id || e.className, top: r.top, left: r.left, bottom: r.bottom, right: r.right}; };
  const focused = document.activeElement;
  const pinned = [...document.querySelectorAll('body *')]
    .filter((e) => ['sticky', 'fixed'].includes(getComputedStyle(e).position) && !e.contains(focused))
    .map(box).filter((b) => b.bottom > b.top && b.right > b.left);
  return {focused: box(focused), pinned};
}"""


def overlapping(page) -> list[str]:
    boxes = page.evaluate(BOXES)
    f = boxes["focused"]
    # Scrolled into view (a fraction of a pixel at an edge is the browser's rounding).
    assert f["top"] >= -1 and f["bottom"] <= page.viewport_size["height"] + 1, f"#{focused_id(page)} is off screen: {f}"
    return [p["name"] for p in boxes["pinned"]
            if p["left"] < f["right"] and f["left"] < p["right"] and p["top"] < f["bottom"] and f["top"] < p["bottom"]]


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_scoring_focus_is_never_under_the_review_total(page, live_server, live_app, axe, log_in, width, height):
    with live_app.app_context():
        setup = build(extra_criteria=3)
        db.session.commit()
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, RITA)
    page.goto(live_server + f"/reviews/{setup.assignment}")
    # The total stays in view while the page scrolls: it, or the column holding it, is sticky.
    assert page.evaluate("""() => { for (let e = document.getElementById('review-total'); e; e = e.parentElement)
      { if (getComputedStyle(e).position === 'sticky') return true; } return false; }""")
    axe(page)

    for number, criterion in enumerate(setup.criteria, start=1):
        tab_to(page, f"criterion_{criterion}-1", limit=200)
        assert overlapping(page) == [], f"criterion {number}'s first level is covered at {width}px"
        page.keyboard.press("ArrowDown")             # arrows choose the level, and it saves
        assert focused_id(page) == f"criterion_{criterion}-2"
        expect(page.locator(f"#criterion-{criterion}-status")).to_contain_text("Saved")
        assert overlapping(page) == [], f"criterion {number}'s chosen level is covered at {width}px"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.locator("#review-unscored")).to_have_text("All criteria scored")

    # Back up the page with Shift+Tab: each criterion comes into view at the top, where the total is.
    for number, criterion in reversed(list(enumerate(setup.criteria, start=1))):
        tab_to(page, f"criterion_{criterion}-2", limit=200, key="Shift+Tab")
        assert overlapping(page) == [], f"criterion {number}'s level is covered at {width}px, going back"
        page.keyboard.press("ArrowDown")
        assert focused_id(page) == f"criterion_{criterion}-3"
        assert overlapping(page) == [], f"criterion {number}'s new level is covered at {width}px, going back"
    expect(page.locator(f"#criterion-{setup.criteria[0]}-status")).to_contain_text("Chosen level 3")
    expect(page.locator("#review-total")).to_be_in_viewport()
    page.mouse.wheel(0, 2000)                        # still there further down, reading the rubric
    expect(page.locator("#review-total")).to_be_in_viewport()
    axe(page)
