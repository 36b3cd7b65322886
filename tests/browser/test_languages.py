"""Every role's work in each language of the interface: switched from the page, then walked as a user would.

On each page: <html lang> is the language's, no English string of the catalog is left in the interface
(text people typed is theirs, and stays), dates and numbers are written the language's way, axe is happy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from flask_babel import force_locale
from playwright.sync_api import expect
from sqlalchemy import select

from lie_review.extensions import db
from lie_review.reviews.models import Criterion, CriterionLevel
from lie_review.templating import local_time

from ..factories import PASSWORD, make_call, make_user
from ..reviews.builders import RITA, build

pytestmark = pytest.mark.browser

CATALOGS = Path(__file__).resolve().parents[2] / "lie_review" / "translations"
LOCALES = ["en", "zh_Hant", "ru", "th"]
ENGLISH_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d\b")
APPLICANT, EDITOR, ADMIN = "lin@example.org", "ed@example.org", "ada@example.org"


def english_strings(locale: str) -> list[str]:
    """The catalog's English phrases (two words or more, no placeholder), untranslated ones included,
    save those this language writes the same way."""
    if locale == "en":
        return []
    with open(CATALOGS / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=locale)
    return [m.id for m in catalog if isinstance(m.id, str) and m.id and m.string != m.id
            and "%" not in m.id and "{" not in m.id and len(m.id.split()) >= 2]


def world(app) -> dict:
    with app.app_context():
        setup = build()
        make_call(title="Best Practices 2028")  # open for submissions
        make_user("applicant", email=APPLICANT, name="Lin Mei")
        make_user("editor", email=EDITOR, name="Elena Editor")
        make_user("admin", email=ADMIN, name="Ada Admin")
        rubric = db.session.execute(select(Criterion).where(Criterion.call_id == setup.call_id)).scalars()
        data = set()
        for criterion in rubric:  # the rubric is the call's text, in the editor's words
            data |= {criterion.label, criterion.guidance}
            data |= {level.descriptor for level in db.session.execute(
                select(CriterionLevel).where(CriterionLevel.criterion_id == criterion.id)).scalars()}
        db.session.commit()
        return {"setup": setup, "data": sorted((d for d in data if d), key=len, reverse=True)}


class Walk:
    def __init__(self, page, live_server, live_app, axe, locale, data):
        self.page, self.server, self.app, self.axe, self.locale = page, live_server, live_app, axe, locale
        self.english, self.data = english_strings(locale), data

    def check(self):
        """The page speaks the language, all of it."""
        page = self.page
        expect(page.locator("html")).to_have_attribute("lang", self.locale.replace("_", "-"))
        text = page.locator("body").inner_text()
        for typed in self.data:
            text = text.replace(typed, "")
        assert [phrase for phrase in self.english if phrase in text] == [], page.url
        if self.locale != "en":
            assert not ENGLISH_DATE.search(text), page.url
        self.axe(page)

    def go(self, path: str):
        self.page.goto(self.server + path)
        self.check()

    def log_in(self, email: str):
        self.page.goto(self.server + "/login")
        self.page.locator("#email").fill(email)
        self.page.locator("#password").fill(PASSWORD)
        self.page.locator("main form button[type=submit]").click()
        expect(self.page).to_have_url(re.compile(r"/home$"))
        self.check()

    def log_out(self):
        self.page.locator("form[action$='/logout'] button").click()

    def in_locale(self, function, *args, **kwargs):
        with self.app.test_request_context(), force_locale(self.locale):
            return function(*args, **kwargs)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_role_works_in_each_language(page, live_server, live_app, axe, locale):
    made = world(live_app)
    setup = made["setup"]
    walk = Walk(page, live_server, live_app, axe, locale, made["data"])

    # The language is switched from the page itself, before signing in.
    page.goto(live_server + "/login")
    page.locator("#language-choice").select_option(locale)
    page.locator(".language-switcher button").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    walk.check()

    # Applicant: start a case study and save a draft.
    walk.log_in(APPLICANT)
    walk.go("/case-studies/start")
    page.locator("main form[action*='/start'] button[type=submit]").first.click()
    expect(page.locator("#title")).to_be_visible()
    walk.check()
    page.locator("#title").fill("茶園 Ферма ไร่ชา")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator("#title")).to_have_value("茶園 Ферма ไร่ชา")
    walk.check()
    walk.log_out()

    # Reviewer: my reviews (the deadline in the language's own way), then score one criterion.
    walk.log_in(RITA)
    walk.go("/reviews/")
    with live_app.app_context():
        from lie_review.case_studies.models import Call
        call = db.session.get(Call, setup.call_id)
        deadline = walk.in_locale(local_time, call.review_ends_at, call.timezone)
    assert deadline in page.locator("main").inner_text()
    walk.go(f"/reviews/{setup.assignment}")
    first = setup.criteria[0]
    page.locator(f"label[for='criterion_{first}-4']").click()
    # weights (1, 2, 1): level 4 of 1–5 on the first criterion alone is 75.0 so far
    expect(page.locator("#review-total-value")).to_have_text(format_decimal(75.0, "#,##0.0", locale=locale))
    walk.check()
    walk.log_out()

    # Editor: the call's dashboard and a case study; the rubric, its translations and the fora's.
    walk.log_in(EDITOR)
    walk.go(f"/editor/calls/{setup.call_id}")
    walk.go(f"/editor/case-studies/{setup.case_study_id}")
    walk.go(f"/editor/calls/{setup.call_id}/rubric")
    walk.go(f"/editor/criteria/{setup.criteria[0]}/edit")
    walk.go(f"/editor/calls/{setup.call_id}/edit")
    walk.go("/editor/fora")
    walk.log_out()

    # Admin: people.
    walk.log_in(ADMIN)
    walk.go("/admin/people")
