"""The dashboard fits a laptop and a phone, and its search, People's and the audit trail's filters follow the
URL as they are typed, so a copied link opens the same view."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lie_review import audit
from lie_review.case_studies.models import Forum
from lie_review.editorial.models import Decision
from lie_review.extensions import db

from ..editorial.builders import assign, make_reviewer, review
from ..factories import make_call, make_case_study, make_user

pytestmark = pytest.mark.browser

LAPTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
# The evidence: screenshots the tests save where git and pytest look at nothing (.gitignore).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
# A long title, as applicants write them (up to 200 characters), and organisations with long names.
TITLE = ("{word} {n}: how an upland cooperative, the provincial university and the district office turned "
         "the harvest's waste into compost, biochar and a second income for women and young farmers")
ORGANISATION = "Northern Highlands Community Enterprise and Sustainable Livelihoods Cooperative {n}"
OUTCOMES = ("accepted", "waitlisted", "rejected")


def dashboard_world(live_app) -> SimpleNamespace:
    """25 case studies with long titles: most reviewed by two panels (every third in disagreement), some
    decided, every fifth with no reviewer yet; an editor, an admin and a few audit events."""
    with live_app.app_context():
        elena = make_user("editor", email="editor@example.org", name="Elena Editor", locale="en")
        make_user("admin", email="admin@example.org", name="Ada Admin", economy_code=None, locale="en")
        for name in ("Somchai Kittisak", "Maria Santos", "Irina Volkova"):
            make_user("reviewer", name=name, email=f"{name.split()[0].lower()}@example.org")
        call = make_call(title="Local Innovation Ecosystem Best Practices 2028")
        ct, rus = make_reviewer("CT", name="Chen Wei-Lin"), make_reviewer("RUS", name="Irina Petrova")
        fora = [forum.id for forum in db.session.execute(select(Forum).order_by(Forum.id)).scalars()]
        for n in range(25):
            word = "Tea" if n % 2 else "Weaving"
            study = make_case_study(call, make_user(), status="submitted", title=TITLE.format(word=word, n=n)[:200],
                                    organisation_name=ORGANISATION.format(n=n), economy_code="THA",
                                    forum_id=fora[n % len(fora)] if n % 3 else None)
            if n % 5 == 0:
                continue
            review(study, ct, [5, 5, 5] if n % 3 == 0 else [4, 4, 3])
            if n % 4:
                review(study, rus, [1, 1, 2] if n % 3 == 0 else [4, 3, 4])
            else:
                assign(study, rus)
            if n % 7 == 1:
                db.session.add(Decision(case_study_id=study.id, outcome=OUTCOMES[n % 3], rationale="Read."))
        boris = make_user("editor", email="second.editor@example.org", name="Boris Second")
        for actor, action in ((boris, "call.updated"), (elena, "call.updated"), (elena, "rubric.updated")):
            audit.record(action, object_type="call", object_id=call.id, call_id=call.id, actor=actor)
        db.session.commit()
        return SimpleNamespace(call=call.id)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways: {width[0]} px wide in {width[1]} px"


def inside_horizontally(page, locator) -> None:
    box, width = locator.bounding_box(), page.evaluate("window.innerWidth")
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_the_dashboard_fits_a_laptop_with_its_decisions_in_view_and_a_sticky_header(page, live_server, live_app,
                                                                                    axe, log_in):
    world = dashboard_world(live_app)
    page.set_viewport_size(LAPTOP)
    log_in(page, "editor@example.org")
    page.goto(live_server + f"/editor/calls/{world.call}?per_page=25")
    table = page.locator("table.dashboard")
    expect(table.locator("tbody tr")).to_have_count(25)
    no_sideways_scroll(page)
    decision = table.get_by_role("columnheader", name="Decision")
    inside_horizontally(page, decision)
    decided = table.locator("tbody td.decision-cell .badge")
    expect(decided.first).to_be_visible()
    for n in range(decided.count()):
        inside_horizontally(page, decided.nth(n))
    inside_horizontally(page, table)
    lines = page.evaluate("""() => [...document.querySelectorAll('table.dashboard tbody th a')].map(
        a => a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight))""")
    assert max(lines) <= 5.01, lines
    axe(page)
    screenshot(page, "dashboard-1280")

    # Scrolled down to the last rows, the column headers stay at the top of the window.
    table.locator("tbody tr").last.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 800
    header = decision.bounding_box()
    assert 0 <= header["y"] <= 2, header
    expect(decision).to_be_in_viewport()
    no_sideways_scroll(page)


def test_the_dashboard_on_a_phone_is_a_list_of_labelled_case_studies(page, live_server, live_app, axe, log_in):
    world = dashboard_world(live_app)
    page.set_viewport_size(PHONE)
    log_in(page, "editor@example.org")
    page.goto(live_server + f"/editor/calls/{world.call}?per_page=25")
    rows = page.locator("table.dashboard tbody tr")
    expect(rows).to_have_count(25)
    no_sideways_scroll(page)
    for n in (0, 1, 24):
        row = rows.nth(n)
        row.scroll_into_view_if_needed()
        title = row.get_by_role("link", name=re.compile(r"^(Tea|Weaving) \d+:"))
        expect(title).to_be_visible()
        inside_horizontally(page, title)
        decision = row.locator("td.decision-cell")
        expect(decision).to_be_visible()
        inside_horizontally(page, decision)
        # Each cell says what it is: the label is shown before its value, from the column's heading.
        assert page.evaluate("el => getComputedStyle(el, '::before').content", decision.element_handle()) \
            == '"Decision"'
    decided = page.locator("table.dashboard tbody tr", has=page.locator("td.decision-cell .badge")).first
    expect(decided.locator("td.decision-cell")).to_contain_text(re.compile("Accepted|Waitlisted|Rejected"))
    page.evaluate("window.scrollTo(0, 0)")
    axe(page)
    screenshot(page, "dashboard-390")
    page.goto(live_server + f"/editor/calls/{world.call}?flagged=y")
    expect(rows.first).to_be_visible()
    no_sideways_scroll(page)


def test_the_dashboard_shows_what_needs_reviewers_and_where_reviewers_disagree(page, live_server, live_app, axe,
                                                                              log_in):
    world = dashboard_world(live_app)
    page.set_viewport_size(LAPTOP)
    log_in(page, "editor@example.org")
    page.goto(live_server + f"/editor/calls/{world.call}")
    page.get_by_role("link", name=re.compile(r"Only where reviewers disagree \(\d+\)")).click()
    expect(page).to_have_url(re.compile(r"flagged=y"))
    expect(page.get_by_label("Only where reviewers disagree")).to_be_checked()
    expect(page.locator("table.dashboard tbody tr")).to_have_count(page.locator("table.dashboard tbody tr.flagged")
                                                                    .count())
    axe(page)
    page.get_by_role("link", name="Assign reviewers").click()
    expect(page.get_by_role("heading", name="Assignments", level=1)).to_be_visible()
    axe(page)


def search_reproduces(page, context, field, words: str, rows: str, url_has: str) -> None:
    """Typing `words` into `field` (no Enter) puts them in the URL; that URL in a new page shows the same rows."""
    before = page.locator(rows).all_inner_texts()
    field.press_sequentially(words, delay=30)
    expect(page).to_have_url(re.compile(url_has))
    expect(page.locator(rows)).not_to_have_count(len(before))
    shown = page.locator(rows).all_inner_texts()
    assert shown and shown != before
    fresh = context.new_page()
    fresh.goto(page.url)
    expect(fresh.locator(rows)).to_have_count(len(shown))
    assert fresh.locator(rows).all_inner_texts() == shown
    expect(fresh.get_by_label(field_label(field))).to_have_value(words)
    fresh.close()


def field_label(field) -> str:
    return field.evaluate("el => el.labels[0].firstChild.textContent.trim()")


def test_typed_searches_stay_in_the_url_on_the_dashboard_people_and_the_audit_trail(browser, live_server,
                                                                                   live_app, axe, log_in):
    world = dashboard_world(live_app)
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, "editor@example.org")
    page.goto(live_server + f"/editor/calls/{world.call}")
    search_reproduces(page, context, page.get_by_label("Search title or organisation"), "weaving 1",
                      "table.dashboard tbody th", r"[?&]q=weaving(\+|%20)1")
    assert page.locator("table.dashboard tbody tr").count() >= 1
    axe(page)

    page.goto(live_server + f"/audit?call_id={world.call}")
    search_reproduces(page, context, page.get_by_label("Who"), "Boris", "#audit-events tbody tr", r"[?&]actor=Boris")
    expect(page.locator("#audit-events")).to_contain_text("Boris Second")
    axe(page)
    context.close()

    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, "admin@example.org")
    page.goto(live_server + "/admin/people")
    search_reproduces(page, context, page.get_by_label("Search"), "Somchai", "#people-results tbody tr", r"[?&]q=Somchai")
    expect(page.locator("#people-results")).to_contain_text("Somchai Kittisak")
    axe(page)
    context.close()


@pytest.mark.parametrize("locale", ["ru", "th", "zh_Hant"])
def test_the_dashboard_fits_a_laptop_in_every_language(page, live_server, live_app, log_in, locale):
    world = dashboard_world(live_app)
    with live_app.app_context():
        make_user("editor", email="reader@example.org", locale=locale)
        db.session.commit()
    page.set_viewport_size(LAPTOP)
    log_in(page, "reader@example.org")
    page.goto(live_server + f"/editor/calls/{world.call}?per_page=25&sort=calibrated")
    expect(page.locator("html")).to_have_attribute("lang", re.compile(locale.split("_")[0]))
    no_sideways_scroll(page)
    # Rank, title, status, reviews, calibrated, raw mean, spread, then the decision.
    inside_horizontally(page, page.locator("table.dashboard thead th").nth(7))
    inside_horizontally(page, page.locator("table.dashboard"))
