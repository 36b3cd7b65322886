"""Benchmarks: each module with a run(database_uri, options) function times pages against a
hello-world route measured in the same run. `python -m bench` runs them all (or those named)."""
