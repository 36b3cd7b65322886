"""`flask worker` runs the jobs; `flask serve` runs the web server and one worker together, for `make run`."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading

import click
from flask import current_app
from flask.cli import ScriptInfo, with_appcontext

from .maintenance import keep_up
from .queue import queue_of


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="tasks run at once by this process")
@with_appcontext
def worker(threads: int) -> None:
    """Run queued mail and jobs until interrupted (Ctrl-C finishes the tasks in hand, SIGTERM stops at once)."""
    app = current_app._get_current_object()
    # The app's log handler writes the worker's lines too (each task's with its name and arguments); huey's
    # own line for every task run would double them, its consumer's starts and stops stay.
    logging.getLogger("huey").setLevel(logging.WARNING)
    logging.getLogger("huey.consumer").setLevel(logging.INFO)
    huey = queue_of(app).huey
    stop = threading.Event()
    maintenance = threading.Thread(target=keep_up, args=(app, stop), name="maintenance", daemon=True)
    maintenance.start()
    # The SQLite queue is polled: a second at most between a job's commit and its start; Redis blocks instead.
    consumer = huey.create_consumer(workers=threads, worker_type="thread", periodic=False, max_delay=1.0,
                                    check_worker_health=True)
    click.echo(f"worker: {threads} threads on {app.config['JOBS_URL']}")
    try:
        consumer.run()
    finally:
        stop.set()
        maintenance.join(timeout=10)


def served_url(host: str, port: int) -> str:
    """The address a browser on this machine opens for a server bound to host and port."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"  # bound to every address: this machine's own is one of them
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the app and run one worker beside it; Ctrl-C (or SIGTERM) stops both."""
    info = click.get_current_context().find_object(ScriptInfo)
    flask = [sys.executable, "-m", "flask", "--app",
             (info and info.app_import_path) or os.environ.get("FLASK_APP", "lie_review")]
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    # Links in mail point at what this serves, unless BASE_URL says otherwise (lie_review/config.py).
    env = {**os.environ, "LIE_REVIEW_SERVED_URL": served_url(host, port)}
    worker_process = subprocess.Popen([*flask, "worker", "--threads", "2"], env=env)
    web = subprocess.Popen([*flask, "run", "--host", host, "--port", str(port)], env=env)
    children = (worker_process, web)
    while not stopping.wait(0.5):
        if any(child.poll() is not None for child in children):
            break
    # The worker finishes the tasks in hand on SIGINT; the development server stops on SIGTERM.
    for child, signum in ((worker_process, signal.SIGINT), (web, signal.SIGTERM)):
        if child.poll() is None:
            child.send_signal(signum)
    for child in children:
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    if not stopping.is_set():
        raise SystemExit(f"{'the worker' if worker_process.returncode is not None else 'the web server'} stopped")
