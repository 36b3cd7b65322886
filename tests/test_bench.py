"""The benchmark harness keeps working: a small run of every benchmark, on SQLite; the scale-out
bench's client, checks and refusals without its load."""

from __future__ import annotations

import argparse
import random
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import delete, update
from werkzeug.serving import make_server

from bench import client, load, people, scaleout, served
from bench.__main__ import benchmarks, main
from lie_review import create_app
from lie_review.extensions import db
from lie_review.reviews.models import Score

PAGES = ["/home (editor)", "dashboard, page 1 (the last)", "dashboard, by calibrated score",
         "dashboard, economy + sector, htmx rows", "case study page (editor)", "scoring page (reviewer)",
         "score save, htmx POST of one level"]
TINY_PAGES_RUN = ["pages", "--backend", "sqlite", "--sizes", "30", "--seconds", "1", "--rounds", "1",
                  "--min-requests", "1", "--workers", "2", "--connections", "2"]
WRK_OUTPUT = """\
Running 1s test @ http://127.0.0.1:5400/_bench/hello
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.51ms    2.01ms   1.20s    80.76%
  Latency Distribution
     50%  812.00us
     75%    3.53ms
     90%    5.62ms
     99%    1.20s
  872 requests in 1.00s, 1.54MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    870.13
Transfer/sec:      1.54MB
"""


def test_every_benchmark_runs_on_a_small_call(capsys):
    assert {"dashboard", "exports", "pages"} <= set(benchmarks())
    assert main(["dashboard", "exports", "--backend", "sqlite", "--repeat", "1", "--case-studies", "30",
                 "--export-rows", "300"]) == 0
    output = capsys.readouterr().out
    assert "hello world" in output
    assert "dashboard, by calibrated score" in output
    assert "30 case studies, 120 reviews" in output
    assert "two calls of 10 and 300 case studies" in output
    for fmt in ("csv", "xlsx", "json"):
        assert f"{fmt} peak memory, 300 rows / 10 rows:" in output
    jobs = output[output.index("the large shortlist as the export form's job"):].splitlines()
    for fmt in ("csv", "xlsx", "json"):  # each made by a job, its file's size and time reported
        row = next(line.split() for line in jobs if line.startswith(f"  {fmt} "))
        assert row[1] == "300" and int(row[2].replace(",", "")) > 0 and float(row[3]) > 0, row


def test_wrk_report_is_read_in_milliseconds_with_every_error():
    assert load.parse(WRK_OUTPUT) == load.Load(requests_per_s=870.13, p50_ms=0.812, p99_ms=1200.0, requests=872,
                                               errors=7)


def test_pages_without_wrk_still_count_every_page_query(capsys, monkeypatch):
    monkeypatch.setattr(load, "available", lambda: False)
    assert main(TINY_PAGES_RUN) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "   30 case studies, 120 reviews: wrk is not installed (`make bench` installs it), so no requests/s: " \
           "queries only" in lines
    for label in PAGES:
        row = next(line for line in lines if line.startswith(f"  {label} "))
        assert row.split()[len(label.split())].isdigit(), row
        assert "queries: " in row


@pytest.mark.skipif(not load.available(), reason="wrk is not installed (make bench installs it)")
def test_pages_under_gunicorn_report_rates_ratios_and_targets(capsys):
    assert main(TINY_PAGES_RUN) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("   30 case studies, 120 reviews: gunicorn, 2 sync workers; wrk, 2 connections")
               for line in lines)
    hello = next(line for line in lines if line.startswith("  hello world "))
    assert hello.split()[4:6] == ["1.000", "1.000"]
    for label in PAGES:
        row = next(line for line in lines if line.startswith(f"  {label} "))
        assert row.endswith("met") or "MISSED (" in row, row


@contextmanager
def serving(app):
    """`app` on a free port in a thread, as a host of the scale-out bench; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def test_load_summary_counts_rates_percentiles_and_every_kind_of_error():
    answers = [client.Answer("save", 200, float(ms), True) for ms in range(1, 99)]
    answers += [client.Answer("save", 409, 99.0, False), client.Answer("save", 0, 100.0, False),
                client.Answer("read", 200, 5.0, True), client.Answer("read", 200, 7.0, False)]  # an HX-Redirect
    summary = client.summarise(answers, 2.0, "all")
    assert summary["save"] == client.Summary("save", 100, 50.0, 50.0, 99.0, 2, {0: 1, 409: 1})
    assert summary["read"] == client.Summary("read", 2, 1.0, 5.0, 7.0, 1, {200: 1})
    assert (summary["all"].requests, summary["all"].errors) == (102, 3)
    assert list(summary) == ["save", "read", "all"]


def test_scaleout_refuses_sqlite_with_a_clear_message(capsys):
    with pytest.raises(SystemExit) as refused:
        main(["scaleout", "--backend", "sqlite"])
    assert refused.value.code == scaleout.REFUSED
    assert "PostgreSQL only" in scaleout.REFUSED


def test_scaleout_without_redis_fails_by_name_and_is_left_out_of_a_run_of_all(capsys):
    nowhere = f"redis://127.0.0.1:{served.free_port()}/13"
    assert "scaleout needs Redis at " + nowhere in scaleout.redis_missing(nowhere)
    unused = "postgresql+psycopg://bench@127.0.0.1/unused"
    scaleout.run(unused, argparse.Namespace(names=[], redis=nowhere))
    assert capsys.readouterr().out.startswith(f"   skipped: scaleout needs Redis at {nowhere}")
    with pytest.raises(SystemExit, match="scaleout needs Redis"):
        scaleout.run(unused, argparse.Namespace(names=["scaleout"], redis=nowhere))


def test_lost_save_check_finds_a_save_the_database_does_not_hold(app):
    """Real reviewers save through HTTP for a second; every acknowledged level is stored, until one goes."""
    with app.app_context():
        seeded = people.seed(random.Random(7), case_studies=6, reviewers=2, editors=1)
    with serving(app) as base:
        users = people.users_of([base], seeded)
        answers, _seconds = client.drive(users, 1.0)
    assert answers and all(answer.ok for answer in answers), {a.status for a in answers}
    acknowledged = {cell: value for user in users for cell, value in user.acknowledged.items()}
    assert len(acknowledged) >= 2
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert people.lost_saves(acknowledged, people.stored_levels(uri, list(acknowledged))) == []

    (gone, gone_value), (changed, changed_value) = sorted(acknowledged.items())[:2]
    other = changed_value + 1 if changed_value < 5 else changed_value - 1
    with app.app_context():
        db.session.execute(delete(Score).where(Score.assignment_id == gone[0], Score.criterion_id == gone[1]))
        db.session.execute(update(Score).where(Score.assignment_id == changed[0], Score.criterion_id == changed[1])
                           .values(value=other))
        db.session.commit()
    assert people.lost_saves(acknowledged, people.stored_levels(uri, list(acknowledged))) == [
        (gone, gone_value, None), (changed, changed_value, other)]


def test_a_session_opens_pages_on_another_host_only_with_the_same_secret_key(app):
    with app.app_context():
        people.seed(random.Random(7), case_studies=2, reviewers=1, editors=1)
    config = {key: app.config[key] for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "BASE_URL",
                                               "RATELIMIT_STORAGE_URI", "DEMO_ACCOUNTS_FILE")}
    twin = create_app({**config, "SECRET_KEY": app.config["SECRET_KEY"]})
    stranger = create_app({**config, "SECRET_KEY": "another key"})
    with serving(app) as a, serving(twin) as b, serving(stranger) as c:
        assert scaleout.session_crosses([a, b]) == (200, 302)
        assert scaleout.session_crosses([a, c]) == (302, 302)
