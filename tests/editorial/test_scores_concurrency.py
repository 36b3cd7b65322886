"""Two editors read the dashboard while reviewers submit, in threads: every page shows one version of
the scores, no request waits on more than one rebuild besides its own, and no version is built twice."""

from __future__ import annotations

import re
import threading
import time

from sqlalchemy import select

from lie_review.case_studies.models import Call
from lie_review.clock import utcnow
from lie_review.editorial.dashboard.filters import Filters
from lie_review.editorial.scores import current
from lie_review.extensions import db
from lie_review.reviews.models import Review

from ..factories import PASSWORD, make_call, make_case_study, make_user
from .builders import make_reviewer, review
from .oracle import oracle_dashboard

ROW = re.compile(r'<th scope="row"><a href="/editor/case-studies/(\d+)">.*?<span class="reviews-done">(\d+) / \d+</span>'
                 r'.*?<td class="num" data-label="Raw mean">(?:<span aria-label="no score">—</span>|([\d.]+))[^<]*(?:<br>|</td>)',
                 re.S)
VERSION = re.compile(r'data-scores-version="(\d+)"')


def page_rows(page: str) -> list[tuple[int, int, float | None]]:
    return [(int(i), int(done), float(mean) if mean else None) for i, done, mean in ROW.findall(page)]


def expected_rows(call_id: int) -> list[tuple[int, int, float | None]]:
    call = db.session.get(Call, call_id)
    rows = oracle_dashboard(call, Filters(per_page=100))["rows"]
    return [(r["id"], r["done"], None if r["mean"] is None else round(r["mean"], 1)) for r in rows]


def test_readers_see_one_version_each_and_every_version_is_built_once(app, monkeypatch):
    with app.app_context():
        make_user("editor", email="ed1@example.org")
        make_user("editor", email="ed2@example.org")
        call = make_call(panel=("CT", "THA"))
        reviewers = [make_reviewer(code) for code in ("CT", "CT", "THA", "THA")]
        drafts = []
        for i in range(30):
            case_study = make_case_study(call, make_user(), status="submitted", title=f"Study {i:02d}")
            for j, reviewer in enumerate(reviewers[i % 2::2]):
                assignment = review(case_study, reviewer, [1 + (i + j) % 5, 2 + i % 4, 3],
                                    submitted=i % 3 != 0)
                if i % 3 == 0:
                    drafts.append(assignment.id)
        db.session.commit()
        call_id = call.id
        expected = {db.session.get(Call, call_id).scores_version: expected_rows(call_id)}

    builds: list[tuple[int, float, float, int]] = []  # (version, start, end, thread) of each build
    waits: list[tuple[float, float, int]] = []  # (start, end, thread) of each wait for another's build
    original_compute, original_wait = current.compute, current._wait

    def timed_compute(call_id, version):
        started = time.perf_counter()
        computed = original_compute(call_id, version)
        builds.append((version, started, time.perf_counter(), threading.get_ident()))
        return computed

    def timed_wait(call_id, wanted):
        started = time.perf_counter()
        try:
            return original_wait(call_id, wanted)
        finally:
            waits.append((started, time.perf_counter(), threading.get_ident()))

    monkeypatch.setattr(current, "compute", timed_compute)
    monkeypatch.setattr(current, "_wait", timed_wait)
    done = threading.Event()
    seen: list[tuple[int, list, int, float]] = []
    errors: list[BaseException] = []

    def editor(email: str) -> None:
        client = app.test_client()
        try:
            assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
            ready.wait()
            while True:
                finished = done.is_set()
                started = time.perf_counter()
                response = client.get(f"/editor/calls/{call_id}?per_page=100")
                page = response.get_data(as_text=True)
                seen.append((int(VERSION.search(page).group(1)), page_rows(page), response.status_code,
                             time.perf_counter() - started))
                if finished:
                    return
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    with app.test_client() as client:  # the templates are compiled before anyone is timed
        client.post("/login", data={"email": "ed1@example.org", "password": PASSWORD})
        assert client.get(f"/editor/calls/{call_id}").status_code == 200
    builds.clear()
    waits.clear()
    ready = threading.Event()
    readers = [threading.Thread(target=editor, args=(email,)) for email in ("ed1@example.org", "ed2@example.org")]
    for thread in readers:
        thread.start()
    ready.set()
    try:
        for assignment_id in drafts:
            with app.app_context():
                db.session.get(Review, assignment_id).submitted_at = utcnow()
                db.session.commit()
                version = db.session.execute(select(Call.scores_version).where(Call.id == call_id)).scalar_one()
                expected[version] = expected_rows(call_id)
            time.sleep(0.02)
    finally:
        done.set()
        for thread in readers:
            thread.join(60)
    assert not errors, errors
    assert len(expected) == len(drafts) + 1  # one version per submission
    assert len(seen) >= 4
    for version, rows, status, _seconds in seen:
        assert status == 200
        assert rows == expected[version], version
    assert seen[-1][0] == max(expected)
    versions_built = [version for version, *_rest in builds]
    assert len(versions_built) == len(set(versions_built)), versions_built
    assert len(builds) > 1
    # A request that finds the scores behind waits for at most the one build in progress: no two
    # builds of others end while it waits.
    for started, ended, thread in waits:
        assert sum(1 for _v, _s, end, builder in builds if builder != thread and started < end < ended) <= 1


def test_a_claim_whose_builder_died_lapses_and_the_next_reader_builds(app, client, auth):
    from datetime import timedelta

    from lie_review.editorial.scores.models import CallScores

    with app.app_context():
        make_user("editor", email="ed@example.org")
        call = make_call(panel=("CT",))
        review(make_case_study(call, make_user(), status="submitted", title="Only study"), make_reviewer("CT"),
               [5, 5, 5])
        db.session.commit()
        call_id, version = call.id, call.scores_version
        db.session.add(CallScores(call_id=call_id, version=-1, case_studies=0, statuses={}, panels=[],
                                  build_seconds=0.0, building_version=version + 5,
                                  building_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    auth.login("ed@example.org")
    page = client.get(f"/editor/calls/{call_id}").get_data(as_text=True)
    assert "Only study" in page and "100.0" in page
    with app.app_context():
        state = db.session.get(CallScores, call_id)
        assert (state.version, state.building_until, state.building_version) == (version, None, None)
