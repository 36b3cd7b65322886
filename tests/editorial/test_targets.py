"""Targets for the accepted set: added and removed on the report queue page (with or without htmx),
audited, refused with 422 at their field, and the accepted set against them on the queue and the
dashboard, in a number of statements that does not grow with case studies or targets."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from lie_review.audit import AuditEvent
from lie_review.case_studies.models import Call, Forum
from lie_review.editorial.models import ReportTarget
from lie_review.editorial.queue.targets import accepted_of
from lie_review.extensions import db

from ..exports.builders import decide, submitted
from ..factories import make_call, make_user
from ..helpers import count_queries

HTMX = {"HX-Request": "true"}


@pytest.fixture
def world(app, auth):
    """A call with the panel CT, RUS, THA: two accepted from THA, one from CT, one rejected from RUS."""
    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(title="2028", panel=("CT", "RUS", "THA"))
        tea = submitted(call, "Doi Tea Trails", groups_served=["women", "rural_remote"])
        loom = submitted(call, "Mae Rim Weavers", city="Bangkok", organisation_type="ngo", groups_served=["women"])
        solar = submitted(call, "Solar Market", economy_code="CT")
        taiga = submitted(call, "Taiga Workshop", economy_code="RUS", groups_served=["women"])
        for case_study in (tea, loom, solar):
            decide(case_study)
        decide(taiga, "rejected")
        db.session.commit()
        fora = dict(db.session.execute(select(Forum.city, Forum.id)).all())
        ids = SimpleNamespace(call=call.id, taipei=fora["Taipei"], bangkok=fora["Bangkok"])
    auth.login("ed@example.org")
    return ids


def add(client, world, counted, measure="at_least", amount="2", headers=None):
    return client.post(f"/editor/calls/{world.call}/report-targets", headers=headers or {}, data={
        "target-counted": counted, "target-measure": measure, "target-amount": amount, "form_end": "1"})


def targets(app) -> list[tuple]:
    with app.app_context():
        return [(t.kind, t.value, t.at_least, t.share) for t in db.session.execute(
            select(ReportTarget).order_by(ReportTarget.id)).scalars()]


def balance_lines(page: str) -> list[str]:
    section = page[page.index('id="balance"'):]
    return [re.sub(r"\s+", " ", line).strip() for line in
            re.findall(r'<li><span class="badge [^"]+">(?:Met|Short)</span>(.*?)</li>', section, re.S)]


def test_the_accepted_set_is_counted_by_economy_forum_type_and_group(app, world):
    with app.app_context():
        accepted = accepted_of(world.call)
    assert accepted.total == 3
    assert accepted.counts["economy"] == {"THA": 2, "CT": 1}
    assert accepted.counts["forum"] == {str(world.taipei): 2, str(world.bangkok): 1}
    assert accepted.counts["organisation_type"] == {"startup": 2, "ngo": 1}
    assert accepted.counts["group"] == {"women": 2, "rural_remote": 1}  # the rejected RUS one is not counted


def test_an_editor_adds_a_target_for_every_panel_economy_and_sees_which_is_short(app, client, world):
    response = add(client, world, "economy:*")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/editor/calls/{world.call}/report-queue#balance")
    assert targets(app) == [("economy", "*", 2, None)]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Target added: Every panel economy: at least 2 case studies." in page
    assert balance_lines(page) == ["CT: 1 of at least 2 accepted — 1 short", "RUS: 0 of at least 2 accepted — 2 short",
                                   "THA: 2 of at least 2 accepted — met"]
    event, = [e for e in audit(app) if e.action == "report_target.created"]
    assert event.after == {"kind": "economy", "value": "*", "at_least": 2, "share": None}


def test_a_share_of_a_group_and_htmx_gets_the_balance_section_alone(app, client, world):
    response = add(client, world, "group:women", measure="share", amount="50", headers=HTMX)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<section class="balance" id="balance"') and "<html" not in fragment
    assert balance_lines(fragment) == ["Women: 2 of 3 accepted, at least 50% wanted — met"]
    response = add(client, world, "group:rural_remote", measure="share", amount="50", headers=HTMX)
    assert balance_lines(response.get_data(as_text=True))[1] == \
        "Rural and remote communities: 1 of 3 accepted, at least 50% wanted — 1 short"


@pytest.mark.parametrize("counted, measure, amount, field, message", [
    ("economy:XX", "at_least", "2", "target-counted", "Choose one of the economies, fora, organisation types"),
    ("planet:mars", "at_least", "2", "target-counted", "Choose one of the economies, fora, organisation types"),
    ("group:women", "share", "0", "target-amount", "Enter a whole number from 1."),
    ("group:women", "share", "101", "target-amount", "A percentage is from 1 to 100."),
    ("economy:THA", "at_least", "0", "target-amount", "Enter a whole number from 1."),
    ("economy:THA", "at_least", "-3", "target-amount", "Enter a whole number from 1."),
    ("economy:THA", "at_least", "two", "target-amount", "Not a valid integer value."),
    ("economy:THA", "most", "2", "target-measure", "Not a valid choice."),
])
def test_bad_targets_are_refused_at_their_field_with_422(app, client, world, counted, measure, amount, field,
                                                         message):
    for headers in ({}, HTMX):
        response = add(client, world, counted, measure, amount, headers=headers)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
        assert error and message in error.group(1), page[page.index('id="balance"'):][:3000]
        assert re.search(rf'aria-describedby="[^"]*{field}-error"', page)
    assert targets(app) == []


def test_a_second_target_for_the_same_thing_is_refused(app, client, world):
    assert add(client, world, f"forum:{world.taipei}").status_code == 303
    response = add(client, world, f"forum:{world.taipei}", measure="share", amount="40")
    assert response.status_code == 422
    assert "There is already a target for this" in response.get_data(as_text=True)
    assert targets(app) == [("forum", str(world.taipei), 2, None)]


def test_removing_a_target_is_audited_and_it_leaves_the_balance(app, client, world):
    add(client, world, "organisation_type:ngo", amount="1")
    with app.app_context():
        target_id = db.session.execute(select(ReportTarget.id)).scalar_one()
    response = client.post(f"/editor/report-targets/{target_id}/remove", data={"form_end": "1"})
    assert response.status_code == 303
    assert targets(app) == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Target removed: NGO or community organisation: at least 1 case study." in page
    assert balance_lines(page) == [] and "No targets yet." in page
    event, = [e for e in audit(app) if e.action == "report_target.removed"]
    assert event.before == {"kind": "organisation_type", "value": "ngo", "at_least": 1, "share": None}
    assert client.post(f"/editor/report-targets/{target_id}/remove").status_code == 404


def test_the_dashboard_sums_up_the_balance_and_follows_targets_and_decisions(app, client, world):
    dashboard = f"/editor/calls/{world.call}"
    assert "No targets are set for the balance of the accepted set." in client.get(dashboard).get_data(as_text=True)
    add(client, world, "economy:*")
    page = client.get(dashboard).get_data(as_text=True)  # a target bumps the key the summary is kept under
    summary = page[page.index('id="balance-summary"'):page.index("</section>", page.index('id="balance-summary"'))]
    assert "2 targets are not met:" in summary
    assert balance_lines(page.replace('id="balance-summary"', 'id="balance"')) == [
        "CT: 1 of at least 2 accepted — 1 short", "RUS: 0 of at least 2 accepted — 2 short"]
    assert f'href="/editor/calls/{world.call}/report-queue#balance"' in summary
    with app.app_context():
        call = db.session.get(Call, world.call)
        for n in range(2):
            decide(submitted(call, f"Ural Crafts {n}", economy_code="RUS"))
        decide(submitted(call, "Taipei Makers", economy_code="CT"))
        db.session.commit()
    page = client.get(dashboard).get_data(as_text=True)
    assert "All 3 targets are met." in page


def audit(app) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.execute(select(AuditEvent).where(AuditEvent.action.startswith("report_target."))
                                    .order_by(AuditEvent.id)).scalars().all()
        db.session.expunge_all()
        return events


def test_the_queue_and_the_dashboard_read_as_many_statements_whatever_the_case_studies_and_targets(app, client,
                                                                                                  auth):
    with app.app_context():
        make_user("editor", email="ed@example.org")
        small, large = make_call(title="Small"), make_call(title="Large")
        decide(submitted(small, "Only one"))
        for n in range(12):
            decide(submitted(large, f"Study {n}", economy_code=["CT", "THA", "RUS"][n % 3],
                             city=["Taipei", "Bangkok", None][n % 3], groups_served=[["women"], ["youth"], []][n % 3]))
        db.session.add(ReportTarget(call_id=small.id, kind="economy", value="*", at_least=1))
        db.session.add_all([ReportTarget(call_id=large.id, kind="economy", value="*", at_least=2),
                            ReportTarget(call_id=large.id, kind="group", value="women", share=20),
                            ReportTarget(call_id=large.id, kind="organisation_type", value="ngo", at_least=1),
                            ReportTarget(call_id=large.id, kind="economy", value="PE", share=5)])
        db.session.commit()
        ids = small.id, large.id
    auth.login("ed@example.org")
    counts = {}
    for path in ("/editor/calls/{}/report-queue", "/editor/calls/{}"):
        for call_id in ids:
            client.get(path.format(call_id))  # builds the scores
            for state in ("anew", "kept"):
                if state == "anew":
                    app.extensions.pop("lie_review.fragments", None)  # what this process kept is forgotten
                with app.app_context(), count_queries() as statements:
                    response = client.get(path.format(call_id))
                assert response.status_code == 200
                counts[(path, state, call_id)] = len([s for s in statements if not s.startswith("BEGIN")])
    for path in ("/editor/calls/{}/report-queue", "/editor/calls/{}"):
        for state in ("anew", "kept"):
            assert counts[(path, state, ids[0])] == counts[(path, state, ids[1])], counts
    # The dashboard's balance summary is kept with the call's scores: rendered anew it reads no more.
    assert counts[("/editor/calls/{}", "anew", ids[1])] <= 4 and counts[("/editor/calls/{}", "kept", ids[1])] <= 2, \
        counts


def test_the_balance_charts_draw_the_accepted_counts_and_each_targets_need(app, client, world):
    from .test_charts import SVG, assert_accessible_images, chart

    add(client, world, "economy:*")  # at least 2 of every panel economy: CT 1, RUS 0, THA 2
    add(client, world, "group:women", "share", "50")
    page = client.get(f"/editor/calls/{world.call}/report-queue").get_data(as_text=True)
    images = assert_accessible_images(page)
    economy = chart(images, "balance-economy")
    labels = [t.text for t in economy.iter(f"{SVG}text") if "chart-label" in t.get("class", "")]
    values = [t.text for t in economy.iter(f"{SVG}text") if "chart-value" in t.get("class", "")]
    assert list(zip(labels, values)) == [("CT", "1 of 2"), ("RUS", "0 of 2"), ("THA", "2 of 2")]
    bars = [bar.get("class") for bar in economy.iter(f"{SVG}rect")]
    assert bars == ["chart-bar short", "chart-bar short", "chart-bar filled"]  # what the Balance section says
    assert [line.split(":")[0] for line in balance_lines(page) if "short" in line] == ["CT", "RUS"]
    assert len([r for r in economy.iter(f"{SVG}line") if "target" in r.get("class", "")]) == 3
    groups = chart(images, "balance-group")
    group_values = [t.text for t in groups.iter(f"{SVG}text") if "chart-value" in t.get("class", "")]
    assert group_values == ["2 of 2", "1"]  # women: 2 accepted, 50 % of 3 needs 2; rural: no target
