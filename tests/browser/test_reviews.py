"""A reviewer scores with the keyboard alone, reloads, submits; a second reviewer sees it only if the call allows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lie_review.case_studies.models import Call
from lie_review.extensions import db

from ..reviews.builders import OLEG, RITA, build

pytestmark = pytest.mark.browser


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page, element_id: str, limit: int = 60, key: str = "Tab") -> None:
    """Press Tab (or `key`, Shift+Tab say) until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        if focused_id(page) == element_id:
            return
        page.keyboard.press(key)
    raise AssertionError(f"Tab never reached #{element_id}; focus is on #{focused_id(page)}")


def test_reviewer_scores_with_the_keyboard_reloads_and_submits(page, live_server, live_app, axe, log_in):
    with live_app.app_context():
        setup = build()
        db.session.commit()
    first, second, third = setup.criteria
    posted = []
    page.on("request", lambda r: posted.append(r.post_data or "") if "/criteria/" in r.url else None)

    log_in(page, RITA)
    page.get_by_role("link", name="My reviews").first.click()
    expect(page.get_by_role("heading", name="Not started")).to_be_visible()
    expect(page.get_by_text("1 case study left to review.")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Next unreviewed case study").click()
    expect(page).to_have_url(re.compile(rf"/reviews/{setup.assignment}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mountain tea goes online")
    axe(page)

    # Criterion 1 (weight 1): into the group, then arrows to level 4; every change saves, focus stays.
    tab_to(page, f"criterion_{first}-1")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"#criterion-{first}-status")).to_contain_text("Chosen level 4")
    expect(page.locator("#review-total-value")).to_have_text("75.0")
    assert focused_id(page) == f"criterion_{first}-4"
    expect(page.locator(f"#criterion_{first}-4")).to_be_checked()
    expect(page.locator(f"#criterion-{first}-status")).to_contain_text("Saved")

    # Its comment autosaves while the reviewer keeps typing; nothing typed is lost, focus stays.
    page.keyboard.press("Tab")
    assert focused_id(page) == f"comment_{first}"
    with page.expect_response(lambda r: "/criteria/" in r.url and "comment_" in (r.request.post_data or "")):
        page.keyboard.type("Clear challenge")
    assert focused_id(page) == f"comment_{first}"
    page.keyboard.type(", weak figures.")
    page.keyboard.press("Tab")                       # leaving the field saves it too
    expect(page.locator(f"#comment_{first}")).to_have_value("Clear challenge, weak figures.")

    # Criterion 2 (weight 2) to level 3, criterion 3 (weight 1) to level 5.
    tab_to(page, f"criterion_{second}-1")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#review-total-value")).to_have_text("58.3")        # (0.75 + 2·0.5) / 3
    expect(page.locator("#review-unscored")).to_have_text("1 criterion still unscored")
    assert focused_id(page) == f"criterion_{second}-3"
    tab_to(page, f"criterion_{third}-1")
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    expected = (1 * 3 / 4 + 2 * 2 / 4 + 1 * 4 / 4) / 4 * 100              # SPEC §5.2 with weights 1, 2, 1
    expect(page.locator("#review-total-value")).to_have_text(f"{expected:.1f}")
    expect(page.locator("#review-unscored")).to_have_text("All criteria scored")
    expect(page.locator("#review-total")).to_have_attribute("aria-live", "polite")
    assert focused_id(page) == f"criterion_{third}-5"
    # Each save sent only its own criterion's three fields (level, comment, who may read it), and the
    # version of the case study on screen.
    assert posted and all(set(re.findall(r"(\w+)=", body)) <= {f"criterion_{c}" for c in setup.criteria}
                          | {f"comment_{c}" for c in setup.criteria} | {f"audience_{c}" for c in setup.criteria}
                          | {"version_read"} for body in posted)

    page.reload()
    expect(page.locator(f"#criterion_{first}-4")).to_be_checked()
    expect(page.locator(f"#criterion_{second}-3")).to_be_checked()
    expect(page.locator(f"#criterion_{third}-5")).to_be_checked()
    expect(page.locator(f"#comment_{first}")).to_have_value("Clear challenge, weak figures.")
    expect(page.locator("#review-total-value")).to_have_text(f"{expected:.1f}")

    tab_to(page, "submit-review", limit=120)
    page.keyboard.press("Enter")
    expect(page.locator("#overall_comment-error")).to_have_text("Write an overall comment to submit your review.")
    expect(page.get_by_label("Overall comment")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#criterion_{third}-5")).to_be_checked()            # nothing lost by the failed submit
    axe(page)

    page.get_by_label("Overall comment").fill("A convincing local story with room for better figures.")
    page.get_by_role("radio", name="Recommend", exact=True).check()
    expect(page.locator("#overall-status")).to_contain_text("Saved")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Your review is submitted.")).to_be_visible()
    expect(page.get_by_role("button", name="Save and keep submitted")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Log out").click()

    # Oleg submits his own review, then sees Rita's (numbered, not named) because the call allows it.
    log_in(page, OLEG)
    page.goto(live_server + f"/reviews/{setup.other_assignment}")
    expect(page.get_by_text("Other reviews of this case study")).to_have_count(0)
    for criterion in setup.criteria:
        page.locator(f"#criterion_{criterion}-3").check()
    page.get_by_label("Overall comment").fill("Useful for the report.")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Your review is submitted.")).to_be_visible()
    others = page.locator("#other-reviews")
    expect(others).to_contain_text("A convincing local story with room for better figures.")
    expect(others).to_contain_text("Clear challenge, weak figures.")
    expect(others).to_contain_text(f"total {expected:.1f} of 100")
    expect(others).not_to_contain_text("Rita")
    axe(page)

    with live_app.app_context():
        db.session.get(Call, setup.call_id).reviewers_see_others = False
        db.session.commit()
    page.reload()
    expect(page.locator("#other-reviews")).to_have_count(0)
    expect(page.get_by_text("A convincing local story")).to_have_count(0)


def test_without_javascript_the_page_is_one_form_with_a_save_button(browser, live_server, live_app, log_in):
    with live_app.app_context():
        setup = build()
        db.session.commit()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, RITA)
    page.goto(live_server + f"/reviews/{setup.assignment}")
    for criterion, level in zip(setup.criteria, (2, 5, 4)):
        page.locator(f"#criterion_{criterion}-{level}").check()
    page.get_by_label("Comment on “Sustainability” (optional)").fill("Strong on energy use.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your review is saved.")).to_be_visible()
    expect(page.locator("#review-total-value")).to_have_text("75.0")      # (1·0.25 + 2·1 + 1·0.75) / 4
    expect(page.locator(f"#criterion_{setup.criteria[1]}-5")).to_be_checked()
    expect(page.get_by_label("Comment on “Sustainability” (optional)")).to_have_value("Strong on energy use.")
    context.close()  # (axe needs JavaScript; it checks this same markup in the test above)
