"""The report queue: sections and entries in report order, reordered with buttons, with or without htmx."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import CaseStudy
from lie_review.editorial.models import ReportEntry, ReportSection
from lie_review.extensions import db

from ..exports.builders import decide, submitted
from ..factories import make_call, make_user
from ..helpers import count_queries
from .builders import make_reviewer, review

TAIPEI = "Local Innovation Ecosystem Forum, Taipei"
BANGKOK = "Local Innovation Ecosystem Forum, Bangkok"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def world(app, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(title="2028")
        tea, loom, solar = (submitted(call, title) for title in ("Doi Tea Trails", "Mae Rim Weavers", "Solar Market"))
        river = submitted(call, "River Clinic", city="Bangkok", consent=False)
        review(tea, make_reviewer("CT"), [5, 5, 5])
        review(tea, make_reviewer("RUS"), [2, 2, 2])
        for case_study in (tea, loom, solar, river):
            decide(case_study)
        db.session.commit()
        ids = SimpleNamespace(call=call.id, tea=tea.id, loom=loom.id, solar=solar.id, river=river.id,
                              entry={cs.id: entry_id(cs.id) for cs in (tea, loom, solar, river)})
    auth.login("ed@example.org")
    return ids


def entry_id(case_study_id: int) -> int:
    return db.session.execute(select(ReportEntry.id).where(ReportEntry.case_study_id == case_study_id)).scalar_one()


def queue(app, call_id: int = 1) -> list[tuple[str, list[str]]]:
    """(section title, [case study titles]) of a call in report order, checking no two share a position."""
    with app.app_context():
        sections = db.session.execute(select(ReportSection).where(ReportSection.call_id == call_id)
                                      .order_by(ReportSection.position)).scalars().all()
        for items in [sections] + [section.entries for section in sections]:
            positions = [item.position for item in items]
            assert positions == sorted(set(positions)), positions
        return [(section.title, [e.case_study.title for e in section.entries]) for section in sections]


def actions(app, prefix: str) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.execute(select(AuditEvent).where(AuditEvent.action.startswith(prefix))
                                    .order_by(AuditEvent.id)).scalars().all()
        db.session.expunge_all()
        return events


def test_the_queue_shows_sections_entries_scores_and_missing_consent(app, client, world):
    response = client.get(f"/editor/calls/{world.call}/report-queue")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    headings = re.findall(r'<h[23][^>]*>(?:<a [^>]*>)?([^<]+)<', page[page.index('id="report-queue"'):])
    assert headings[:6] == [TAIPEI, "Doi Tea Trails", "Mae Rim Weavers", "Solar Market", BANGKOK, "River Clinic"]
    assert "62.5" in page and "reviewers disagree" in page  # Doi Tea Trails: 100 and 25
    river = page[page.index(f'id="entry-{world.entry[world.river]}"'):]
    assert "Consent to publish: not given" in river[:2000]
    assert "4 case studies" in page and "1 left out of the report draft" in page
    assert page.count("Consent to publish: not given") == 1


def test_moving_an_entry_renumbers_its_section_and_is_audited(app, client, world):
    url = f"/editor/report-entries/{world.entry[world.solar]}/move"
    response = client.post(url, data={"direction": "up"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/report-queue#entry-{world.entry[world.solar]}")
    client.post(url, data={"direction": "up"})
    assert queue(app)[0] == (TAIPEI, ["Solar Market", "Doi Tea Trails", "Mae Rim Weavers"])
    page = client.get(f"/editor/calls/{world.call}/report-queue").get_data(as_text=True)
    assert "“Solar Market” moved." in page
    assert [(e.before, e.after) for e in actions(app, "report_entry.moved")] == [
        ({"position": 2}, {"position": 1}), ({"position": 1}, {"position": 0})]

    response = client.post(url, data={"direction": "up"})
    assert response.status_code == 303
    assert "“Solar Market” is already at that end of its section." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert len(actions(app, "report_entry.moved")) == 2


def test_htmx_gets_the_queue_back_in_place_with_the_moved_buttons_ids(app, client, world):
    response = client.post(f"/editor/report-entries/{world.entry[world.tea]}/move", data={"direction": "down"},
                           headers=HTMX)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="report-queue"')
    assert "<html" not in fragment
    assert f'id="entry-{world.entry[world.tea]}-down"' in fragment
    assert "“Doi Tea Trails” moved." in fragment
    assert fragment.index(">Mae Rim Weavers</a>") < fragment.index(">Doi Tea Trails</a>")


def test_an_entry_moves_to_the_end_of_another_section(app, client, world):
    with app.app_context():
        bangkok = db.session.execute(select(ReportSection.id).where(ReportSection.title == BANGKOK)).scalar_one()
    entry = world.entry[world.tea]
    response = client.post(f"/editor/report-entries/{entry}/section", data={f"entry-{entry}-section_id": bangkok})
    assert response.status_code == 303
    assert queue(app) == [(TAIPEI, ["Mae Rim Weavers", "Solar Market"]),
                          (BANGKOK, ["River Clinic", "Doi Tea Trails"])]
    moved = actions(app, "report_entry.moved")[-1]
    assert moved.before["section_id"] != moved.after["section_id"] == bangkok
    assert moved.after["position"] == 1


def test_choosing_no_section_or_another_calls_section_is_refused(app, client, world):
    with app.app_context():
        other = make_call()
        stranger = ReportSection(call_id=other.id, title="Elsewhere")
        db.session.add(stranger)
        db.session.commit()
        stranger_id = stranger.id
    entry = world.entry[world.tea]
    for value in (str(stranger_id), "", "abc", "99999999999"):
        response = client.post(f"/editor/report-entries/{entry}/section", data={f"entry-{entry}-section_id": value})
        assert response.status_code == 422, value
        assert f'id="entry-{entry}-section_id-error"' in response.get_data(as_text=True)
    assert queue(app, world.call)[0][1] == ["Doi Tea Trails", "Mae Rim Weavers", "Solar Market"]


def test_accepting_again_puts_the_entry_back_at_the_end_of_its_section(app, client, world):
    client.post(f"/editor/report-entries/{world.entry[world.solar]}/move", data={"direction": "up"})
    client.post(f"/editor/report-entries/{world.entry[world.solar]}/move", data={"direction": "up"})
    with app.app_context():
        from lie_review.editorial.models import Decision
        from lie_review.editorial.queue.operations import follow_decision

        tea = db.session.get(CaseStudy, world.tea)
        decision = db.session.execute(select(Decision).where(Decision.case_study_id == tea.id)).scalar_one()
        decision.outcome = "waitlisted"
        follow_decision(case_study=tea, old="accepted", new="waitlisted", actor=None)
        db.session.commit()
    assert queue(app)[0] == (TAIPEI, ["Solar Market", "Mae Rim Weavers"])
    with app.app_context():
        tea = db.session.get(CaseStudy, world.tea)
        follow_decision(case_study=tea, old="waitlisted", new="accepted", actor=None)
        db.session.commit()
    assert queue(app)[0] == (TAIPEI, ["Solar Market", "Mae Rim Weavers", "Doi Tea Trails"])


def test_sections_are_added_renamed_reordered_and_deleted_when_empty(app, client, world):
    url = f"/editor/calls/{world.call}/report-queue/sections"
    assert client.post(url, data={"new-section-title": "  Women-led ecosystems "}).status_code == 303
    response = client.post(url, data={"new-section-title": "women-LED ecosystems"})
    assert response.status_code == 422
    assert "There is already a section called “women-LED ecosystems”." in response.get_data(as_text=True)
    assert client.post(url, data={"new-section-title": ""}).status_code == 422
    assert client.post(url, data={"new-section-title": "x" * 201}).status_code == 422
    assert client.post(url, data={"new-section-title": "Tab\x00here"}).status_code == 422
    with app.app_context():
        ids = {s.title: s.id for s in db.session.execute(select(ReportSection)).scalars()}
    themed = ids["Women-led ecosystems"]

    response = client.post(f"/editor/report-sections/{themed}/move", data={"direction": "up"}, headers=HTMX)
    assert response.status_code == 200 and f'id="section-{themed}-up"' in response.get_data(as_text=True)
    response = client.post(f"/editor/report-sections/{ids[TAIPEI]}/rename",
                           data={f"section-{ids[TAIPEI]}-title": "Taipei: mountain and tea"})
    assert response.status_code == 303
    assert [title for title, _ in queue(app)] == ["Taipei: mountain and tea", "Women-led ecosystems", BANGKOK]
    response = client.post(f"/editor/report-sections/{themed}/rename",
                           data={f"section-{themed}-title": "Taipei: Mountain and Tea"})
    assert response.status_code == 422

    refused = client.post(f"/editor/report-sections/{ids[BANGKOK]}/delete", headers=HTMX)
    assert refused.status_code == 409
    assert "still holds case studies" in refused.get_data(as_text=True)
    assert client.post(f"/editor/report-sections/{themed}/delete").status_code == 303
    assert [title for title, _ in queue(app)] == ["Taipei: mountain and tea", BANGKOK]
    assert [e.action for e in actions(app, "report_section.")] == [
        "report_section.created", "report_section.moved", "report_section.renamed", "report_section.deleted"]

    # A renamed forum section still receives that forum's case studies.
    with app.app_context():
        decide(submitted(db.session.get(CaseStudy, world.tea).call, "Harbour Lab"))
        db.session.commit()
    assert queue(app)[0] == ("Taipei: mountain and tea",
                             ["Doi Tea Trails", "Mae Rim Weavers", "Solar Market", "Harbour Lab"])


def test_the_editors_note_is_saved_and_audited(app, client, world):
    entry = world.entry[world.loom]
    response = client.post(f"/editor/report-entries/{entry}/note",
                           data={f"entry-{entry}-note": "Ask for photos of the looms."}, headers=HTMX)
    assert response.status_code == 200
    assert "Ask for photos of the looms." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ReportEntry, entry).note == "Ask for photos of the looms."
    assert actions(app, "report_entry.note_changed")[0].after == {"note": "Ask for photos of the looms."}

    too_long = client.post(f"/editor/report-entries/{entry}/note", data={f"entry-{entry}-note": "x" * 2001},
                           headers=HTMX)
    assert too_long.status_code == 422
    assert f'id="entry-{entry}-note-error"' in too_long.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ReportEntry, entry).note == "Ask for photos of the looms."


def test_the_editor_records_consent_given_another_way(app, client, world):
    entry = world.entry[world.river]
    response = client.post(f"/editor/report-entries/{entry}/consent", data={f"entry-{entry}-how": ""})
    assert response.status_code == 422
    response = client.post(f"/editor/report-entries/{entry}/consent",
                           data={f"entry-{entry}-how": "Email from the contact person, 3 May"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(CaseStudy, world.river).consent_to_publish is True
    event = actions(app, "case_study.consent_recorded")[0]
    assert event.after == {"consent_to_publish": True, "how": "Email from the contact person, 3 May"}
    page = client.get(f"/editor/calls/{world.call}/report-queue").get_data(as_text=True)
    assert "Consent to publish: not given" not in page


@pytest.mark.parametrize("direction", ["sideways", ""])
def test_a_move_in_no_direction_is_refused_and_changes_nothing(app, client, world, direction):
    response = client.post(f"/editor/report-entries/{world.entry[world.tea]}/move", data={"direction": direction},
                           headers=HTMX)
    assert response.status_code == 409
    assert "Choose to move the case study up or down." in response.get_data(as_text=True)
    assert queue(app)[0][1] == ["Doi Tea Trails", "Mae Rim Weavers", "Solar Market"]


def test_unknown_sections_and_entries_answer_404(app, client, world):
    assert client.post("/editor/report-entries/99999/move", data={"direction": "up"}).status_code == 404
    assert client.post("/editor/report-sections/99999/delete").status_code == 404
    assert client.post("/editor/report-sections/99999999999/delete").status_code == 404


def test_the_queue_page_makes_the_same_number_of_queries_for_one_or_many_entries(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        small, large = make_call(), make_call()
        decide(submitted(small, "Only one"))
        for n in range(3):
            case_study = submitted(large, f"Study {n}", city=["Taipei", "Bangkok", None][n])
            review(case_study, make_reviewer("CT"), [3, 4, 5])
            decide(case_study)
        db.session.commit()
        small_id, large_id = small.id, large.id
    auth.login("ed@example.org")
    counts = []
    for call_id in (small_id, large_id):
        client.get(f"/editor/calls/{call_id}/report-queue")
        with app.app_context(), count_queries() as queries:
            assert client.get(f"/editor/calls/{call_id}/report-queue").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_queue_links_to_the_calls_audit_trail_and_its_exports(app, client, world):
    page = client.get(f"/editor/calls/{world.call}/report-queue").get_data(as_text=True)
    assert f'href="/audit?call_id={world.call}&amp;action=call.exported"' in page
    assert f'href="/exports/calls/{world.call}"' in page


def _entry_html(page: str, entry: int) -> str:
    start = page.index(f'id="entry-{entry}"')
    return page[start:page.index("</li>", start)]


def test_each_queue_entry_marks_its_consent_to_publish(app, client, world):
    page = client.get(f"/editor/calls/{world.call}/report-queue").get_data(as_text=True)
    for case_study in (world.tea, world.loom, world.solar):
        entry = _entry_html(page, world.entry[case_study])
        assert '<span class="badge badge-ok">Consent to publish: given</span>' in entry
    river = _entry_html(page, world.entry[world.river])
    assert '<span class="badge badge-warn consent-missing">Consent to publish: not given</span>' in river
    assert "Consent to publish: given" not in river


def test_the_queue_reads_consent_without_a_query_per_entry(app, client, auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        small, large = make_call(), make_call()
        decide(submitted(small, "Only one", consent=False))
        for n in range(4):
            decide(submitted(large, f"Study {n}", consent=n % 2 == 0))
        db.session.commit()
        call_ids = small.id, large.id
    auth.login("ed@example.org")
    counts = []
    for call_id in call_ids:
        client.get(f"/editor/calls/{call_id}/report-queue")
        with app.app_context(), count_queries() as queries:
            page = client.get(f"/editor/calls/{call_id}/report-queue").get_data(as_text=True)
        assert "Consent to publish: not given" in page
        counts.append(len(queries))
    assert counts[0] == counts[1]
