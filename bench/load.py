"""HTTP load from Debian's `wrk`: one run against one URL, read back as requests/s, latency and errors."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
# Alternates two bodies, so every POST changes the stored value (a save of the same level would be no change).
POST_SCRIPT = """\
local bodies = {%s}
local sent = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  sent = sent + 1
  return wrk.format(nil, nil, nil, bodies[sent %% #bodies + 1])
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


@dataclass
class Load:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # answers outside 2xx/3xx, plus connections that failed or timed out


def post_script(directory: Path, bodies: list[str]) -> Path:
    """A wrk script that POSTs `bodies` in turn (form-encoded)."""
    path = directory / f"post-{len(list(directory.glob('post-*.lua')))}.lua"
    path.write_text(POST_SCRIPT % ", ".join(_lua_string(body) for body in bodies))
    return path


def measure(url: str, *, seconds: int, connections: int, headers: dict | None = None,
            script: Path | None = None) -> Load:
    """Run wrk with one thread (the server needs the other cores) for `seconds` against `url`."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=seconds + 120)
    return parse(result.stdout)


def parse(output: str) -> Load:
    """wrk's report: Requests/sec, the 50% and 99% lines of --latency, non-2xx/3xx and socket errors."""
    def number(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output)
        if match is None and default is None:
            raise ValueError(f"no {pattern!r} in wrk's output:\n{output}")
        return match.group(1) if match else default

    def latency(percent: str) -> float:
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(number(r"Non-2xx or 3xx responses: (\d+)", "0")) + (sum(map(int, socket.groups())) if socket else 0)
    return Load(requests_per_s=float(number(r"Requests/sec:\s+([\d.]+)")), p50_ms=latency("50"),
                p99_ms=latency("99"), requests=int(number(r"(\d+) requests in")), errors=errors)


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
