"""The real app under gunicorn for the page benchmarks: its factory, starting and stopping it, logging in."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lie_review import create_app

from .harness import HELLO_PATH

ROOT = Path(__file__).resolve().parent.parent
CSRF_TOKEN = re.compile(r"""hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""")
# Settings the bench decides; inherited ones (a developer's shell) would make runs differ.
OWN_KEYS = ("SECRET_KEY", "DATABASE_URL", "BASE_URL", "RATELIMIT_STORAGE_URI", "JOBS_URL", "REDIS_URL")


def app():
    """The app exactly as `create_app()` builds it from the environment, plus the hello-world baseline."""
    application = create_app()
    application.add_url_rule(HELLO_PATH, "bench_hello", lambda: "Hello, World!")
    return application


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_uri: str, instance: Path, *, workers: int, secret_key: str | None = None,
             settings: dict | None = None, name: str = "gunicorn"):
    """Serve `bench.served:app()` with `workers` sync workers on a free port; yield its base URL.

    Servers given one `secret_key` (and database) accept each other's sessions; `settings` are config
    keys for this one (as LIE_REVIEW_ variables). The server is stopped when the block ends, whatever
    happens inside it.
    """
    port = free_port()
    env = environment(database_uri, instance, secret_key=secret_key or secrets.token_hex(32), settings=settings)
    log = instance / f"{name}.log"
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
               "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--error-logfile", str(log),
               "bench.served:app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(server, base, log)
        yield base
    finally:
        stop(server)


def environment(database_uri: str, instance: Path, *, secret_key: str, settings: dict | None = None) -> dict:
    """The environment of a process of the app: this shell's, less what the bench decides, plus that."""
    env = {key: value for key, value in os.environ.items()
           if key not in OWN_KEYS and not key.startswith(("LIE_REVIEW_", "MAIL_"))}
    env.update({"SECRET_KEY": secret_key, "DATABASE_URL": database_uri,
                "BASE_URL": "http://lie-review.bench", "LIE_REVIEW_RATELIMIT_ENABLED": "false",
                "LIE_REVIEW_DEMO_ACCOUNTS_FILE": str(instance / "accounts.txt")})
    env.update({f"LIE_REVIEW_{key}": json.dumps(value) for key, value in (settings or {}).items()})
    return env


WORKER_COMMAND = [sys.executable, "-m", "flask", "--app", "lie_review", "worker"]


def has_worker_command() -> bool:
    """Whether this checkout's app has the job worker (`flask --app lie_review worker`)."""
    probe = subprocess.run([*WORKER_COMMAND, "--help"], cwd=ROOT, capture_output=True, timeout=60)
    return probe.returncode == 0


@contextmanager
def job_worker(database_uri: str, instance: Path, *, secret_key: str, settings: dict | None = None):
    """Run one job worker on the same settings as the servers, stopped when the block ends; yield its process."""
    log = instance / "worker.log"
    with log.open("wb") as output:
        worker = subprocess.Popen(WORKER_COMMAND, cwd=ROOT, start_new_session=True, stdout=output,
                                  stderr=subprocess.STDOUT,
                                  env=environment(database_uri, instance, secret_key=secret_key, settings=settings))
    try:
        time.sleep(1)
        if worker.poll() is not None:
            raise RuntimeError(f"the job worker exited with {worker.returncode}:\n{_tail(log)}")
        yield worker
    finally:
        stop(worker)


def wait_until_serving(server: subprocess.Popen, base: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(base + HELLO_PATH, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{_tail(log)}")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM lets the master stop its workers gracefully; its own process group is killed if it hangs."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _tail(log: Path, lines: int = 20) -> str:
    return "\n".join(log.read_text().splitlines()[-lines:]) if log.exists() else "(no log)"


class _RedirectsAsAnswers(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


_NOT_FOLLOWING = urllib.request.build_opener(_RedirectsAsAnswers)


@dataclass
class Browser:
    """A signed-in user's session as a browser holds it: the Cookie header and the page's CSRF token."""

    base: str
    cookie: str
    csrf_token: str

    def get(self, path: str, headers: dict | None = None) -> tuple[int, str]:
        return self.send(path, headers=headers)

    def send(self, path: str, *, headers: dict | None = None, form: dict | None = None) -> tuple[int, str]:
        data = None if form is None else urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(self.base + path, data=data,
                                         headers={"Cookie": self.cookie, **(headers or {})})
        try:
            with _NOT_FOLLOWING.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # a 3xx too: a redirect to the login page is no page
            with error:
                return error.code, error.read().decode()


def log_in(base: str, email: str, password: str, token_page: str = "/home") -> Browser:
    """Log in through the real form (CSRF token included) and read the token a signed-in page carries."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def page(path: str, form: dict | None = None) -> str:
        data = None if form is None else urllib.parse.urlencode(form).encode()
        with opener.open(base + path, data=data, timeout=120) as response:
            return response.read().decode()

    login_token = CSRF_TOKEN.search(page("/login")).group(1)
    page("/login", {"email": email, "password": password, "csrf_token": login_token})
    match = CSRF_TOKEN.search(page(token_page))
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if match is None or not cookie:
        raise RuntimeError(f"could not log in as {email}")
    return Browser(base, cookie, match.group(1))


def try_login(base: str, email: str, password: str) -> int:
    """The status of one login through the real form, redirects not followed: 303 in, 401 refused, 429 limited."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         _RedirectsAsAnswers)
    with opener.open(base + "/login", timeout=120) as response:
        token = CSRF_TOKEN.search(response.read().decode()).group(1)
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    try:
        with opener.open(base + "/login", data=form, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code
