"""The benchmark harness keeps working: a small run of every benchmark, on SQLite."""

from __future__ import annotations

from bench.__main__ import benchmarks, main


def test_every_benchmark_runs_on_a_small_call(capsys):
    assert {"dashboard", "exports"} <= set(benchmarks())
    assert main(["--backend", "sqlite", "--repeat", "1", "--case-studies", "30", "--export-rows", "300"]) == 0
    output = capsys.readouterr().out
    assert "hello world" in output
    assert "dashboard, by calibrated score" in output
    assert "30 case studies, 120 reviews" in output
    assert "two calls of 10 and 300 case studies" in output
    for fmt in ("csv", "xlsx", "json"):
        assert f"{fmt} peak memory, 300 rows / 10 rows:" in output
