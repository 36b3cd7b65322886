"""A score save that fails says so in its own criterion and keeps what was entered; one made after the
session ended is saved once the reviewer logs in again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lie_review.extensions import db
from lie_review.reviews.models import Score

from ..factories import PASSWORD
from ..reviews.builders import RITA, build, levels_of

pytestmark = pytest.mark.browser

SERVER_ERROR = ('<section class="error-page" id="error"><h1>Error 500</h1>'
                "<p>Something went wrong on our side.</p></section>")
# Every text the criterion's status shows, as it changes, so a "Saved" that flashes by is caught too.
WATCH_STATUS = """id => {
  window.statusTexts = [];
  new MutationObserver(() => {
    const status = document.getElementById(id);
    if (status) { window.statusTexts.push(status.textContent.trim()); }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def scoring_page(page, live_server, live_app, log_in, axe):
    with live_app.app_context():
        setup = build()
        db.session.commit()
    log_in(page, RITA)
    page.goto(live_server + f"/reviews/{setup.assignment}")
    axe(page)
    return setup


def test_a_failed_criterion_save_says_so_in_place_and_keeps_the_level_and_comment(
        page, live_server, live_app, axe, log_in):
    setup = scoring_page(page, live_server, live_app, log_in, axe)
    first = setup.criteria[0]
    status = page.locator(f"#criterion-{first}-status")
    page.evaluate(WATCH_STATUS, f"criterion-{first}-status")

    page.route(f"**/criteria/{first}", lambda route: route.fulfill(status=500, body=SERVER_ERROR,
                                                                    content_type="text/html"))
    page.locator(f"#criterion_{first}-4").check()
    expect(status).to_contain_text("Not saved: Something went wrong on our side. What you entered is still here.")
    page.locator(f"#comment_{first}").fill("Typed while the server fails")
    page.locator(f"#comment_{first}").blur()
    expect(status).to_contain_text("Not saved: Something went wrong on our side.")
    expect(page.locator(f"#criterion_{first}-4")).to_be_checked()
    expect(page.locator(f"#comment_{first}")).to_have_value("Typed while the server fails")
    axe(page)

    page.unroute(f"**/criteria/{first}")
    page.route(f"**/criteria/{first}", lambda route: route.abort())        # the network drops the request
    page.locator(f"#criterion_{first}-5").check()
    expect(status).to_contain_text("Not saved: no connection. What you entered is still here.")
    expect(page.locator(f"#criterion_{first}-5")).to_be_checked()
    expect(page.locator(f"#comment_{first}")).to_have_value("Typed while the server fails")
    texts = page.evaluate("window.statusTexts")
    assert texts and "Saving…" in texts[0]
    assert not any("Saved" in text for text in texts), texts
    with live_app.app_context():
        assert levels_of(setup.assignment) == {}

    page.unroute(f"**/criteria/{first}")
    status.get_by_role("button", name="Try again").click()               # what is on the page is sent again
    expect(status).to_contain_text("Saved")
    expect(status).to_contain_text("Chosen level 5")
    with live_app.app_context():
        score = db.session.get(Score, 1)
        assert (score.value, score.comment) == (5, "Typed while the server fails")


def test_a_refused_save_shows_the_servers_reason_in_place(page, live_server, live_app, axe, log_in):
    setup = scoring_page(page, live_server, live_app, log_in, axe)
    first = setup.criteria[0]
    status = page.locator(f"#criterion-{first}-status")
    page.locator(f"#criterion_{first}-3").check()
    expect(status).to_contain_text("Saved")
    page.locator(f"#comment_{first}").fill("bell\u0007")              # the server refuses control characters: 422
    page.locator(f"#comment_{first}").blur()
    expect(status).to_contain_text("Not saved:")
    expect(status).to_contain_text("control characters")
    expect(status).not_to_contain_text("Saved")
    # An answer htmx does not swap (here a 409 without the status fragment) still says why, in place.
    page.route(f"**/criteria/{first}", lambda route: route.fulfill(
        status=409, content_type="text/html",
        body='<section id="error"><h1>Error 409</h1><p>Someone else changed this in the meantime.</p></section>'))
    page.locator(f"#criterion_{first}-2").check()
    expect(status).to_contain_text("Not saved: Someone else changed this in the meantime.")
    expect(page.locator(f"#criterion_{first}-2")).to_be_checked()
    expect(page.locator(f"#comment_{first}")).to_have_value("bell\u0007")
    axe(page)
    with live_app.app_context():
        assert levels_of(setup.assignment) == {first: 3}


def test_a_score_save_after_the_session_ended_is_saved_once_logged_in_again(
        page, context, live_server, live_app, axe, log_in):
    setup = scoring_page(page, live_server, live_app, log_in, axe)
    second = setup.criteria[1]
    context.clear_cookies(name="session")                                # the session ends
    page.locator(f"#criterion_{second}-4").check()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_text("Your session had ended, so your change is not saved yet.")).to_be_visible()
    axe(page)
    with live_app.app_context():
        assert levels_of(setup.assignment) == {}

    page.get_by_label("Email").fill(RITA)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/reviews/{setup.assignment}$"))
    expect(page.get_by_text("It is saved now.")).to_be_visible()
    expect(page.locator(f"#criterion_{second}-4")).to_be_checked()
    expect(page.locator("#review-total-value")).to_have_text("75.0")
    axe(page)
    with live_app.app_context():
        assert levels_of(setup.assignment) == {second: 4}
    page.reload()
    expect(page.get_by_text("It is saved now.")).to_have_count(0)         # said once
