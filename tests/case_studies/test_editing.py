"""Nothing lost: autosave, stale versions, double submits, expired sessions and forms, oversized and
unreadable posts."""

from __future__ import annotations

import io
import re
import threading

from sqlalchemy import delete, func, select

from lie_review.auth.models import UserSession
from lie_review.case_studies.models import CaseStudy, KeptDraft
from lie_review.extensions import db
from lie_review.mail import OutboxMessage

from ..factories import PASSWORD, make_user
from ..helpers import outbox, page_form
from .support import COMPLETE, form_data, setup_applicant, stored

HX = {"HX-Request": "true"}
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def test_autosave_answers_with_the_status_line_and_the_new_version(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, summary="Typed a moment ago", action="save")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data, headers=HX)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    case_study = stored(app, case_study_id)
    assert fragment.startswith('<p id="save-status"')
    assert re.search(r"Saved at \d\d:\d\d \(Asia/Taipei\)", fragment)
    assert f'data-version="{case_study.version}"' in fragment
    assert case_study.version == int(data["version"]) + 1 and case_study.summary == "Typed a moment ago"
    # The next autosave names the new version and is not taken for a stale one.
    again = {**data, "version": str(case_study.version), "summary": "Typed some more"}
    assert client.post(f"/case-studies/{case_study_id}/edit", data=again, headers=HX).status_code == 200
    assert stored(app, case_study_id).summary == "Typed some more"


def test_a_stale_version_is_refused_with_both_times_and_overwrites_nothing(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    first_tab = form_data(client, case_study_id, summary="From the first tab", action="save")
    second_tab = form_data(client, case_study_id, summary="From the second tab", action="save")
    assert client.post(f"/case-studies/{case_study_id}/edit", data=second_tab).status_code == 303
    saved = stored(app, case_study_id)

    autosave = client.post(f"/case-studies/{case_study_id}/edit", data=first_tab, headers=HX)
    assert autosave.status_code == 409
    assert "Not saved: this draft was saved again at" in autosave.get_data(as_text=True)

    response = client.post(f"/case-studies/{case_study_id}/edit", data=first_tab)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "This draft was changed somewhere else" in page
    times = re.findall(r"saved (?:again )?at (\d+ \w+ \d{4}, \d\d:\d\d \(Asia/Taipei\))", page)
    assert len(set(times)) >= 1 and len(times) >= 2  # the version edited here, and the one saved since
    assert "From the first tab" in page  # this tab's text is still in the form
    assert 'data-autosave="off"' in page  # and will not be saved over the other without a click
    assert stored(app, case_study_id).summary == "From the second tab"
    assert stored(app, case_study_id).version == saved.version

    # Saving from the conflict page is a deliberate choice to keep this tab's text.
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    assert version == str(saved.version)
    keep_mine = {**first_tab, "version": version}
    assert client.post(f"/case-studies/{case_study_id}/edit", data=keep_mine).status_code == 303
    assert stored(app, case_study_id).summary == "From the first tab"


def test_a_double_clicked_submit_makes_one_submission_and_one_email(app, client, auth):
    case_study_id, _, economy_id = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, **COMPLETE, economy_id=str(economy_id), action="submit")
    first = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    second = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert (first.status_code, second.status_code) == (303, 303)
    assert second.headers["Location"] == f"/case-studies/{case_study_id}"
    assert stored(app, case_study_id).status == "submitted"
    with app.app_context():
        assert len(outbox("amy@example.org")) == 1


def test_two_submits_at_the_same_moment_make_one_submission(app):
    case_study_id, _, economy_id = setup_applicant(app)
    clients = [app.test_client() for _ in range(2)]
    forms = []
    for client in clients:
        client.post("/login", data={"email": "amy@example.org", "password": PASSWORD})
        forms.append(form_data(client, case_study_id, **COMPLETE, economy_id=str(economy_id), action="submit"))
    start = threading.Barrier(2)
    statuses = []

    def submit(client, data):
        start.wait()
        statuses.append(client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code)

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(clients, forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [303, 303]
    assert stored(app, case_study_id).status == "submitted"
    with app.app_context():
        assert db.session.execute(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.subject.like("Your case study is submitted%"))).scalar_one() == 1


def test_a_megabyte_pasted_into_a_field_gets_a_clear_error_and_nothing_is_stored(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    before = stored(app, case_study_id)
    data = form_data(client, case_study_id, results="x" * (1024 * 1024), title="Changed", action="save")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data)
    assert response.status_code == 422
    assert ('<p class="error" id="results-error">This is too long: at most 20,000 characters, and it has '
            '1,048,576.</p>') in response.get_data(as_text=True)
    autosave = client.post(f"/case-studies/{case_study_id}/edit", data=data, headers=HX)
    assert autosave.status_code == 422
    assert "Not saved: Results and impact: This is too long" in autosave.get_data(as_text=True)
    after = stored(app, case_study_id)
    assert (after.title, after.results, after.version) == (before.title, before.results, before.version)


def test_control_characters_are_dropped_and_line_breaks_kept(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, summary="one\x00 two\r\nthree\x1b", title="A\nB", action="save")
    assert client.post(f"/case-studies/{case_study_id}/edit", data=data).status_code == 303
    case_study = stored(app, case_study_id)
    assert (case_study.summary, case_study.title) == ("one two\nthree", "A B")


def test_an_autosave_that_stores_other_text_than_typed_says_so_and_gives_the_stored_text(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    url = f"/case-studies/{case_study_id}/edit"
    data = page_form(client, url, button="action=save")
    data["summary"], data["website"], data["title"] = "one\x07 two", "www.tea.example", "Tea  for  all "
    response = client.post(url, data=data, headers=HX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "save-adjusted" in fragment and "Saved at" in fragment and "but not exactly as typed" in fragment
    assert "in Website and Summary," in fragment                      # the title's spaces are no change to tell
    assert '<textarea data-name="summary">one two</textarea>' in fragment
    assert '<textarea data-name="website">https://www.tea.example</textarea>' in fragment
    assert 'data-name="title"' not in fragment
    case_study = stored(app, case_study_id)
    assert (case_study.summary, case_study.website, case_study.title) == (
        "one two", "https://www.tea.example", "Tea for all")


def test_an_autosave_stored_exactly_as_typed_just_says_saved(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    url = f"/case-studies/{case_study_id}/edit"
    data = page_form(client, url, button="action=save")
    data["summary"] = "Typed line one\r\nand line two"
    fragment = client.post(url, data=data, headers=HX).get_data(as_text=True)
    assert "save-saved" in fragment and "not exactly as typed" not in fragment and "<template" not in fragment


def test_a_form_without_a_readable_version_changes_nothing(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    for version in ({}, {"version": "abc"}):
        response = client.post(f"/case-studies/{case_study_id}/edit", data={"title": "Changed", **version})
        assert response.status_code == 400
    assert stored(app, case_study_id).title == "Draft one"


def test_a_truncated_upload_is_refused_with_400_not_read_as_an_empty_form(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    boundary = "lie-review-boundary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nEmptied\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="a.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7 and then the connection dropped").encode()
    response = client.post(f"/case-studies/{case_study_id}/edit", data=body, headers=SAME_ORIGIN,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert stored(app, case_study_id).title == "Draft one"
    with app.app_context():
        assert db.session.execute(select(KeptDraft)).first() is None


def end_sessions(app):
    with app.app_context():
        db.session.execute(delete(UserSession))
        db.session.commit()


def test_an_expired_session_on_save_leads_to_login_and_back_with_the_text_kept(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, summary="Two hours of careful writing", action="save")
    end_sessions(app)  # e.g. a password change elsewhere, or the server ended it

    response = client.post(f"/case-studies/{case_study_id}/edit", data=data, headers=SAME_ORIGIN)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/login?next=/case-studies/{case_study_id}/edit"
    assert stored(app, case_study_id).summary == "Old summary."  # nothing saved without a session
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Log in again and your text will be back in the form" in login_page

    login = client.post(response.headers["Location"], data={"email": "amy@example.org", "password": PASSWORD})
    assert login.status_code == 303 and login.headers["Location"] == f"/case-studies/{case_study_id}/edit"
    form = client.get(login.headers["Location"])
    page = form.get_data(as_text=True)
    assert form.status_code == 200
    assert "Two hours of careful writing" in page
    assert "This is the text you were typing when your session ended" in page
    assert "lie_review_kept_text=;" in form.headers.get("Set-Cookie", "")  # handed back once
    with app.app_context():
        assert db.session.execute(select(KeptDraft)).first() is None
    assert "Two hours of careful writing" not in client.get(f"/case-studies/{case_study_id}/edit").get_data(
        as_text=True)


def test_an_autosave_after_the_session_ended_sends_the_page_to_login(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, summary="Autosaved text", action="save")
    end_sessions(app)
    response = client.post(f"/case-studies/{case_study_id}/edit", data=data, headers={**HX, **SAME_ORIGIN})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"/login?next=/case-studies/{case_study_id}/edit"
    auth.login("amy@example.org")
    assert "Autosaved text" in client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)


def test_an_expired_form_token_keeps_the_text_while_still_logged_in(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, summary="Written before the token expired", action="save")
    response = client.post(f"/case-studies/{case_study_id}/edit", data={**data, "csrf_token": "expired"},
                           headers=SAME_ORIGIN)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/case-studies/{case_study_id}/edit"
    assert stored(app, case_study_id).summary == "Old summary."
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This form had expired, so nothing was saved." in page
    assert "Written before the token expired" in page


def test_a_browser_whose_session_cookie_is_gone_gets_its_text_back_after_login(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, summary="Written overnight", action="save")
    csrf_token = re.search(r'name="csrf_token" value="([^"]+)"',
                           client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)).group(1)
    client.delete_cookie("session")  # the browser dropped the expired session cookie
    response = client.post(f"/case-studies/{case_study_id}/edit", data={**data, "csrf_token": csrf_token},
                           headers=SAME_ORIGIN)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/login?next=/case-studies/{case_study_id}/edit"
    auth.login("amy@example.org")
    assert "Written overnight" in client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)


def test_another_site_cannot_plant_text_in_the_form(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, summary="Planted by another site", action="save")
    end_sessions(app)
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}, {}):
        response = client.post(f"/case-studies/{case_study_id}/edit", data=data, headers=headers)
        assert response.status_code == 303
        assert "lie_review_kept_text" not in response.headers.get("Set-Cookie", "")
    with app.app_context():
        assert db.session.execute(select(KeptDraft)).first() is None


def test_kept_text_is_never_shown_to_another_account(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    with app.app_context():
        make_user("applicant", email="eve@example.org")
        db.session.commit()
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, summary="Amy's private words", action="save")
    end_sessions(app)
    client.post(f"/case-studies/{case_study_id}/edit", data=data, headers=SAME_ORIGIN)
    auth.login("eve@example.org")  # someone else logs in on the same browser
    response = client.get(f"/case-studies/{case_study_id}/edit")
    assert response.status_code == 404
    assert "Amy's private words" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count(KeptDraft.id))).scalar_one() == 1


def test_a_request_over_the_size_limit_is_answered_at_the_attachment_field(app, client, auth):
    case_study_id, _, _ = setup_applicant(app)
    auth.login("amy@example.org")
    data = form_data(client, case_study_id, title="Changed", action="save")
    huge = io.BytesIO(b"%PDF-" + b"0" * (13 * 1024 * 1024))
    response = client.post(f"/case-studies/{case_study_id}/edit", data={**data, "attachment": (huge, "huge.pdf")})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert '<p class="error" id="attachment-error">What you sent was larger than 12 MB' in page
    assert 'aria-describedby="attachment-hint attachment-error" aria-invalid="true"' in page
    with app.app_context():
        case_study = db.session.get(CaseStudy, case_study_id)
        assert (case_study.title, case_study.attachments) == ("Draft one", [])


def test_the_english_version_and_language_take_part_in_autosave_conflicts_and_kept_text(app, client, auth):
    case_study_id, _, _ = setup_applicant(app, case_study_languages=["en", "zh_Hant"])
    auth.login("amy@example.org")
    autosave = form_data(client, case_study_id, language="zh_Hant", title="山城茶園", en_title="Hill tea",
                         en_summary="Typed in English", action="save")
    response = client.post(f"/case-studies/{case_study_id}/edit", data=autosave, headers=HX)
    assert response.status_code == 200 and "Saved at" in response.get_data(as_text=True)
    saved = stored(app, case_study_id)
    assert (saved.language, saved.english_version["summary"]) == ("zh_Hant", "Typed in English")

    # A tab still on the previous version: refused, its English text kept in the form, nothing overwritten.
    stale = {**autosave, "en_summary": "From an older tab"}
    response = client.post(f"/case-studies/{case_study_id}/edit", data=stale)
    assert response.status_code == 409
    assert "From an older tab" in response.get_data(as_text=True)
    assert stored(app, case_study_id).english_version["summary"] == "Typed in English"

    # The session ends while typing: the English version and the language come back after login.
    typed = form_data(client, case_study_id, language="zh_Hant", title="山城茶園", en_title="Hill tea",
                      en_lessons="Written as the session ended", action="save")
    end_sessions(app)
    response = client.post(f"/case-studies/{case_study_id}/edit", data=typed, headers=SAME_ORIGIN)
    assert response.status_code == 303
    with app.app_context():
        kept = db.session.execute(select(KeptDraft)).scalar_one()
        assert kept.fields["en_lessons"] == "Written as the session ended" and kept.fields["language"] == "zh_Hant"
    auth.login("amy@example.org")
    page = client.get(f"/case-studies/{case_study_id}/edit").get_data(as_text=True)
    assert "Written as the session ended" in page
    assert '<option selected value="zh_Hant">繁體中文</option>' in page
    assert stored(app, case_study_id).english_version["lessons"] == ""  # not saved until the applicant saves
