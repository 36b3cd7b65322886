"""The feedback preview at release: what it is built from, editing and removing items, saving, starting
again, what release sends, refusals, and flat query counts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.extensions import db
from lie_review.editorial.models import Feedback
from lie_review.reviews.models import Review

from ..factories import make_user
from ..helpers import count_queries, outbox, page_form
from .feedback_world import build_world


@pytest.fixture
def world(app, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        built = build_world()
        db.session.commit()
    auth.login("ed@example.org")
    return built


def url(world, case_study=None, call=None):
    return f"/editor/calls/{call or world.call}/release/{case_study or world.case_study}/feedback"


def preview_text(html: str) -> str:
    return re.search(r'<div class="feedback-items"[^>]*>(.*?)</div>', html, re.S).group(1)


def test_the_preview_shows_levels_means_and_only_the_comments_for_the_applicant(client, world):
    response = client.get(url(world))
    assert response.status_code == 200
    preview = preview_text(response.get_data(as_text=True))
    assert world.labels[0] in preview
    assert "Level 4 of 5 — " in preview and "(chosen by 1 reviewer)" in preview
    assert "Level 3 of 5 — " in preview and "(chosen by 2 reviewers)" in preview
    assert "Mean level: 3.0 on the scale from 1 to 5" in preview  # levels 4 and 2
    assert "Mean level: 5.0 on the scale from 1 to 5" in preview
    for text in world.shared:
        assert text in preview
    assert "EDITORS-ONLY" not in preview and "Zoryana" not in preview and "Peru" not in preview


def test_editing_and_removing_items_saves_the_editors_version(app, client, world):
    data = page_form(client, url(world), button="action=save")
    texts = [k for k in data if k.startswith("text_")]
    removed = next(k for k in texts if data[k] == world.shared[0])
    data[f"remove_{removed.split('_')[1]}"] = "y"
    heading = next(k for k in texts if data[k] == world.labels[0])
    data[heading] = "How you met the local challenge"
    response = client.post(url(world), data=data)
    assert response.status_code == 303
    with app.app_context():
        feedback = db.session.execute(select(Feedback)).scalar_one()
        assert feedback.edited and feedback.released_items is None
        texts_saved = [item["text"] for item in feedback.items]
        assert world.shared[0] not in texts_saved and world.shared[1] in texts_saved
        assert "How you met the local challenge" in texts_saved and world.labels[0] not in texts_saved
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "feedback.saved")).scalar_one()
        assert event.call_id == world.call and event.after["items"] == feedback.items
    page = client.get(url(world)).get_data(as_text=True)
    assert "Saved by an editor" in page and world.shared[0] not in preview_text(page)


def test_starting_again_brings_back_the_summary_of_the_reviews(app, client, world):
    data = page_form(client, url(world), button="action=save")
    data["remove_0"] = "y"
    client.post(url(world), data=data)
    response = client.post(url(world), data=page_form(client, url(world), button="action=reset"))
    assert response.status_code == 303
    with app.app_context():
        assert db.session.execute(select(Feedback)).scalar_one().edited is False
    assert world.labels[0] in preview_text(client.get(url(world)).get_data(as_text=True))


def test_release_sends_what_the_editor_saved_in_the_email_and_on_the_applicants_page(app, client, auth, world):
    data = page_form(client, url(world), button="action=save")
    removed = next(k for k in data if data[k] == world.shared[0])
    data["remove_" + removed.split("_")[1]] = "y"
    data[next(k for k in data if data[k] == world.shared[1])] = "Edited: a fine project indeed"
    client.post(url(world), data=data)
    release_page = client.get(f"/editor/calls/{world.call}/release").get_data(as_text=True)
    assert "edited" in release_page and "Edited: a fine project indeed" in release_page  # the email preview
    assert client.post(f"/editor/calls/{world.call}/release", data={}).status_code == 303
    with app.app_context():
        [mail] = outbox(world.applicant)
        assert "Edited: a fine project indeed" in mail.body and "Editor's own message." in mail.body
        assert world.shared[0] not in mail.body and "Level 3 of 5" in mail.body
        feedback = db.session.execute(select(Feedback)).scalar_one()
        assert feedback.released_items == feedback.items and feedback.released_at is not None
    auth.logout()
    auth.login(world.applicant)
    page = client.get(f"/case-studies/{world.case_study}").get_data(as_text=True)
    assert "Feedback from the reviews" in page and "Edited: a fine project indeed" in page
    assert world.shared[0] not in page


def test_release_without_a_preview_sends_the_summary_in_the_applicants_language(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        world = build_world(locale="ru")
        db.session.commit()
    auth.login("ed@example.org")
    client.post(f"/editor/calls/{world.call}/release", data={})
    with app.app_context():
        [mail] = outbox(world.applicant)
        assert "Отзыв по рецензиям:" in mail.body
        assert re.search(r"Уровень 3 из 5 — .*\(выбрали 2 рецензента\)", mail.body), mail.body
        assert world.shared[0] in mail.body and "EDITORS-ONLY" not in mail.body
        feedback = db.session.execute(select(Feedback)).scalar_one()
        assert feedback.edited is False and feedback.locale == "ru"
        assert sorted(i["text"] for i in feedback.released_items if i["kind"] == "comment") == sorted(world.shared)


def test_a_case_study_of_another_call_is_not_found(app, client, world):
    with app.app_context():
        other = build_world(title="Other study")
        db.session.commit()
    assert client.get(url(world, case_study=other.case_study)).status_code == 404
    assert client.post(url(world, case_study=other.case_study), data={}).status_code == 404
    assert client.get(url(world, call=999999)).status_code == 404


def test_undecided_drafts_and_released_decisions_are_refused_with_409(app, client, world):
    with app.app_context():
        undecided = build_world(decide=False, title="Undecided study")
        db.session.commit()
    response = client.get(url(undecided))
    assert response.status_code == 200 and "no decision yet" in response.get_data(as_text=True)
    assert "Save the feedback" not in response.get_data(as_text=True)
    assert client.post(url(undecided), data={"stamp": "x"}).status_code == 409
    client.post(f"/editor/calls/{world.call}/release", data={})
    data_before = client.get(url(world))
    assert data_before.status_code == 200 and "This decision is released" in data_before.get_data(as_text=True)
    assert world.shared[0] in preview_text(data_before.get_data(as_text=True))  # what was released
    assert client.post(url(world), data={"stamp": "x", "text_0": "New"}).status_code == 409
    with app.app_context():
        assert db.session.execute(select(Feedback).where(Feedback.case_study_id == world.case_study)
                                  ).scalar_one().edited is False


def test_over_long_text_is_refused_with_422_and_saves_nothing(app, client, world):
    data = page_form(client, url(world), button="action=save")
    data["text_1"] = "x" * 5001
    response = client.post(url(world), data=data)
    assert response.status_code == 422 and 'id="text_1-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Feedback)).first() is None


def test_a_stale_form_is_refused_with_409_and_a_cut_post_with_400(app, client, world):
    data = page_form(client, url(world), button="action=save")
    with app.app_context():
        review = db.session.execute(select(Review).where(Review.overall_comment_for_applicant.is_(False))
                                    ).scalars().first()
        review.overall_comment_for_applicant = True  # a reviewer shares another comment meanwhile
        db.session.commit()
    response = client.post(url(world), data=data)
    assert response.status_code == 409 and "changed after you opened the page" in response.get_data(as_text=True)
    fresh = page_form(client, url(world), button="action=save")
    del fresh["text_0"]
    assert client.post(url(world), data=fresh).status_code == 400
    with app.app_context():
        assert db.session.execute(select(Feedback)).first() is None


def test_applicants_and_reviewers_cannot_open_the_preview(app, client, auth, world):
    auth.logout()
    auth.login(world.applicant)
    assert client.get(url(world)).status_code == 403


def _world_with(app, reviews):
    with app.app_context():
        built = build_world(reviews=reviews, title=f"Study with {reviews} reviews")
        db.session.commit()
    return built


def _count(app, client, path):
    client.get(path)
    with app.app_context(), count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len([s for s in statements if not s.startswith("BEGIN")]), response.get_data(as_text=True)


def test_the_release_page_reads_the_same_number_of_statements_for_one_review_or_several(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    small, large = _world_with(app, 1), _world_with(app, 5)
    auth.login("ed@example.org")
    counts = {}
    for name, world in (("small", small), ("large", large)):
        counts[name], page = _count(app, client, f"/editor/calls/{world.call}/release")
        assert world.shared[0] in page
        counts[name + " preview"], _ = _count(app, client, url(world))
    assert counts["small"] == counts["large"] and counts["small preview"] == counts["large preview"], counts


def test_the_applicants_case_study_page_reads_the_same_number_of_statements_after_release(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        db.session.commit()
    small, large = _world_with(app, 1), _world_with(app, 5)
    auth.login("ed@example.org")
    for world in (small, large):
        client.post(f"/editor/calls/{world.call}/release", data={})
    counts = {}
    for name, world in (("small", small), ("large", large)):
        auth.logout()
        auth.login(world.applicant)
        counts[name], page = _count(app, client, f"/case-studies/{world.case_study}")
        assert all(text in page for text in world.shared)
    assert counts["small"] == counts["large"], counts
