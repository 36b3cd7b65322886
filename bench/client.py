"""A bounded load client: simulated users, each on one connection of its own, one request at a time.

Each user asks its plan for the next request as soon as the last one is answered, so no more requests
are open than there are users (a closed loop, as people at screens are). Every answer is kept: its kind,
status and latency. A request counts as answered well (and, for a save, acknowledged) only when the
status is 2xx and it is no HX-Redirect (the login page, say, sent as a 200 to htmx).

Gunicorn's sync workers close the connection after every answer; `http.client` opens it again for the
user's next request, as a browser would.
"""

from __future__ import annotations

import http.client
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from .harness import HELLO_PATH

TIMEOUT_S = 60


@dataclass
class Request:
    kind: str
    path: str
    form: dict | None = None  # a POST of this form, else a GET
    headers: dict = field(default_factory=dict)
    cell: tuple | None = None  # a save: what it writes, (assignment id, criterion id), and the value
    value: int | None = None


@dataclass(frozen=True)
class Answer:
    kind: str
    status: int  # 0: no answer (the connection failed or timed out)
    ms: float
    ok: bool


@dataclass
class User:
    """One simulated user: the host it talks to, its session (cookies and CSRF token) and its plan.

    `plan(user)` returns its next Request. `acknowledged` holds, for each cell it saved, the last value
    the server acknowledged: each user writes only its own cells, one request at a time, so that last
    acknowledgement is what the database must hold.
    """

    base: str
    cookies: dict
    csrf_token: str
    plan: object
    acknowledged: dict = field(default_factory=dict)
    step: int = 0

    def headers(self, request: Request) -> dict:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if request.form is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.csrf_token})
        return {**headers, **request.headers}

    def answered(self, request: Request, response: http.client.HTTPResponse) -> bool:
        for header in response.headers.get_all("Set-Cookie") or []:  # a session signed again, say
            self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        ok = 200 <= response.status < 300 and response.getheader("HX-Redirect") is None
        if ok and request.cell is not None:
            self.acknowledged[request.cell] = request.value
        return ok


def hello(user: User) -> Request:
    """The baseline plan: hello world, whoever asks."""
    return Request("hello world", HELLO_PATH)


def drive(users: list[User], seconds: float) -> tuple[list[Answer], float]:
    """Run every user's plan at once for `seconds`; return every answer and the seconds until the last one.

    A request started before the end is waited for (at most TIMEOUT_S), so every one is counted.
    """
    answers, lock = [], threading.Lock()
    ready = threading.Barrier(len(users) + 1)
    clock = {}

    def work(user: User) -> None:
        parts = urlsplit(user.base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT_S)
        mine = []
        ready.wait()
        try:
            while time.perf_counter() < clock["end"]:
                mine.append(_one(connection, user, user.plan(user)))
                user.step += 1
        finally:
            connection.close()
            with lock:
                answers.extend(mine)

    threads = [threading.Thread(target=work, args=(user,), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    clock["end"] = time.perf_counter() + seconds  # set before the barrier lets anyone go
    started = time.perf_counter()
    ready.wait()
    for thread in threads:
        thread.join()
    return answers, time.perf_counter() - started


def _one(connection: http.client.HTTPConnection, user: User, request: Request) -> Answer:
    body = None if request.form is None else urlencode(request.form)
    started = time.perf_counter()
    try:
        connection.request("GET" if body is None else "POST", request.path, body=body, headers=user.headers(request))
        response = connection.getresponse()
        response.read()
    except (OSError, http.client.HTTPException):
        connection.close()
        return Answer(request.kind, 0, (time.perf_counter() - started) * 1000, False)
    return Answer(request.kind, response.status, (time.perf_counter() - started) * 1000,
                  user.answered(request, response))


@dataclass(frozen=True)
class Summary:
    kind: str
    requests: int
    per_s: float
    p50_ms: float
    p99_ms: float
    errors: int  # answers not 2xx, HX-Redirects, and requests that got no answer
    failed: dict = field(default_factory=dict)  # status of those errors (0: no answer): how many


def summarise(answers: list[Answer], seconds: float, everything: str | None = None) -> dict[str, Summary]:
    """Per kind of request (in the order first seen), and for all of them under `everything` when given."""
    kinds = {}
    for answer in answers:
        kinds.setdefault(answer.kind, []).append(answer)
    if everything is not None:
        kinds[everything] = answers
    return {kind: Summary(kind, len(rows), len(rows) / seconds, percentile([r.ms for r in rows], 50),
                          percentile([r.ms for r in rows], 99), sum(not r.ok for r in rows),
                          dict(sorted(Counter(r.status for r in rows if not r.ok).items())))
            for kind, rows in kinds.items()}


def percentile(values: list[float], percent: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `percent` % of them at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]
