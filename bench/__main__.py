"""Run the benchmarks: `python -m bench [name ...] [--backend sqlite|postgresql] [--repeat N] [--sizes 100,1000]`.

Every module of this package with a `run(database_uri, options)` function is a benchmark, and one with
`add_options(parser)` adds its own options; with no name, all run. SQLite always runs; PostgreSQL too
when TEST_DATABASE_URL is set (or --backend).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import time

import bench
from bench.harness import database


def benchmarks() -> dict:
    found = {}
    for module in pkgutil.iter_modules(bench.__path__):
        if module.name.startswith("_") or module.name == "harness":
            continue
        loaded = importlib.import_module(f"bench.{module.name}")
        if callable(getattr(loaded, "run", None)):
            found[module.name] = loaded
    return found


def sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str]) -> int:
    available = benchmarks()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="name",
                        help=f"benchmarks to run (default: all of {', '.join(available)})")
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgresql"],
                        help="database to run on (repeatable)")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page (default 7)")
    parser.add_argument("--case-studies", type=int, default=10_000,
                        help="size of the call (default 10,000, with four reviews each)")
    parser.add_argument("--export-rows", type=int, default=100_000,
                        help="rows of the large shortlist export, beside one of a hundredth (default 100,000)")
    parser.add_argument("--sizes", type=sizes, default=[100, 1_000, 10_000],
                        help="call sizes of the page benchmark, comma-separated (default 100,1000,10000)")
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run of a page (default 5)")
    parser.add_argument("--min-requests", type=int, default=20,
                        help="a page's run lasts until about this many answers, however slow (default 20)")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections (default 8)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn's sync workers (default 4)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of hello then every page (default 3)")
    for module in available.values():  # a benchmark's own options
        if callable(getattr(module, "add_options", None)):
            module.add_options(parser)
    options = parser.parse_args(argv)
    unknown = sorted(set(options.names) - set(available))
    if unknown:
        parser.error(f"no benchmark named {', '.join(unknown)}; there are {', '.join(available)}")
    backends = options.backend or ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
    if "postgresql" in backends and not os.environ.get("TEST_DATABASE_URL"):
        parser.error("--backend postgresql needs TEST_DATABASE_URL")
    for name in options.names or list(available):
        for backend in backends:
            started = time.perf_counter()
            print(f"== {name} on {backend}", flush=True)
            with database(backend) as uri:
                available[name].run(uri, options)
            print(f"   ({time.perf_counter() - started:.1f} s in all)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
