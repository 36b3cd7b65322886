"""Every page's chrome (header, navigation, status texts, footer) is kept per language and roles, and a
change of either shows on the next page."""

from __future__ import annotations

import re

from flask_babel import force_locale, gettext
from sqlalchemy import select

from lie_review.auth.models import User
from lie_review.extensions import db

from .factories import make_user


def nav_links(page: str) -> list[str]:
    nav = page[page.index('<ul class="nav">'):page.index("</ul>", page.index('<ul class="nav">'))]
    return re.findall(r'<a href="([^"]+)"', nav)


def current_nav_link(page: str) -> list[str]:
    nav = page[page.index('<ul class="nav">'):page.index("</ul>", page.index('<ul class="nav">'))]
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav)


def test_the_navigation_marks_the_section_the_page_is_in(app, client, auth):
    from .factories import make_call

    with app.app_context():
        make_user("editor", email="ed@example.org")
        call_id = make_call().id
        db.session.commit()
    auth.login("ed@example.org")
    assert current_nav_link(client.get("/home").get_data(as_text=True)) == ["/home"]
    assert current_nav_link(client.get("/editor/calls").get_data(as_text=True)) == ["/editor/calls"]
    rubric = client.get(f"/editor/calls/{call_id}/rubric").get_data(as_text=True)
    assert current_nav_link(rubric) == ["/editor/calls"]
    exports = client.get(f"/exports/calls/{call_id}").get_data(as_text=True)
    assert current_nav_link(exports) == ["/editor/calls"]  # the calls' work, under another address
    assert current_nav_link(client.get("/account").get_data(as_text=True)) == ["/account"]
    # The kept header of one section is not shown on another's page.
    assert current_nav_link(client.get("/home").get_data(as_text=True)) == ["/home"]


def test_a_role_given_or_taken_changes_the_navigation_on_the_next_page(app, client, auth):
    with app.app_context():
        make_user("reviewer", email="rev@example.org", name="Ana Reviewer")
        make_user("reviewer", "editor", email="both@example.org", name="Bo Both")
        db.session.commit()
    auth.login("rev@example.org")
    assert "/editor/calls" not in nav_links(client.get("/home").get_data(as_text=True))
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == "rev@example.org")).scalar_one()
        user.set_roles(["reviewer", "editor"])
        db.session.commit()
    page = client.get("/home").get_data(as_text=True)
    assert "/editor/calls" in nav_links(page) and "/reviews/" in nav_links(page)
    assert "Signed in as Ana Reviewer" in page  # the footer's name is the reader's own, never kept
    auth.logout()
    auth.login("both@example.org")
    assert "Signed in as Bo Both" in client.get("/home").get_data(as_text=True)


def test_the_chrome_follows_the_language_and_its_forms_carry_this_sessions_token(app, client, auth):
    with app.app_context():
        make_user("applicant", email="app@example.org")
        db.session.commit()
    auth.login("app@example.org")
    english = client.get("/home").get_data(as_text=True)
    client.post("/language", data={"locale": "ru", "next": "/home"})
    russian = client.get("/home").get_data(as_text=True)
    with app.test_request_context(), force_locale("ru"):
        skip, saving = gettext("Skip to content"), gettext("Saving…")
    assert skip != "Skip to content" and skip in russian and saving in russian and skip not in english
    assert '<option value="ru" lang="ru" selected>' in russian
    token = re.search(r"""hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""", russian).group(1)
    forms = re.findall(r'name="csrf_token" value="([^"]+)"', russian)
    assert len(forms) >= 2 and set(forms) == {token}
