"""The benchmark harness keeps working: a small run of every benchmark, on SQLite."""

from __future__ import annotations

import pytest

from bench import load
from bench.__main__ import benchmarks, main

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
