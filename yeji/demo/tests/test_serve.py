"""`yeji serve`: a production server that answers and stops on Ctrl-C."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from yeji.tests.processes import yeji_command, yeji_environment

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="serves the embedded SQLite database; runs in the SQLite pass",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_serve_answers_pages_and_static_files_then_stops_on_ctrl_c(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*yeji_command(), "serve", "--port", str(port), "--workers", "1"],
        env=yeji_environment(tmp_path, YEJI_LOG_FORMAT="json"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Starting means migrating a new database and collecting static files.
        deadline = time.monotonic() + 90
        while True:
            try:
                status = get(f"{base}/admin/login/")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.25)

        assert status == 200
        # WhiteNoise serves what collectstatic gathered under YEJI_HOME.
        assert get(f"{base}/static/admin/css/base.css") == 200
        assert (tmp_path / "static" / "staticfiles.json").exists()

        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert f"http://127.0.0.1:{port}/" in server.stdout.read()
    # Logs, gunicorn's included, are JSON lines as YEJI_LOG_FORMAT asks.
    logs = [json.loads(line) for line in server.stderr.read().splitlines()]
    assert any(entry["logger"] == "gunicorn.error" for entry in logs)


SETUP = """
import datetime as dt
from django.utils import timezone
from yeji.org.models import Employee, Team
from yeji.planning.models import Task

team = Team.objects.create(code="EAST-1", name="华东一组")
rep = Employee.objects.create(
    employee_no="E0001", name="张伟", team=team, role="rep",
    hired_on=dt.date(2024, 1, 1),
)
Task.objects.create(
    task_no="T-SERVE", employee=rep, title="回访客户", due_on=timezone.localdate()
)
"""


def _reminders(home) -> int:
    import sqlite3

    with sqlite3.connect(home / "yeji.sqlite3") as db:
        return db.execute(
            "SELECT count(*) FROM notify_notification WHERE subject = 'T-SERVE'"
        ).fetchone()[0]


def test_serve_with_worker_makes_the_days_reminders_and_stops_both(tmp_path):
    from yeji.tests.processes import run_yeji

    variables = {"YEJI_REMINDERS_AT": "00:00"}
    made = run_yeji(tmp_path, "shell", "-c", SETUP, **variables)
    assert made.returncode == 0, made.stderr
    port = free_port()
    server = subprocess.Popen(
        [*yeji_command(), "serve", "--port", str(port), "--workers", "1"]
        + ["--with-worker"],
        env=yeji_environment(tmp_path, **variables),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while _reminders(tmp_path) == 0:
            assert server.poll() is None, server.stderr.read()
            assert time.monotonic() < deadline, "no reminder was made"
            time.sleep(0.25)
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    assert _reminders(tmp_path) == 1
    # No worker of this home is left behind the server.
    assert _processes_of(tmp_path) == []


def _processes_of(home) -> list[str]:
    """The command lines of the processes running with ``home`` as
    YEJI_HOME."""
    from pathlib import Path

    found = []
    for proc in Path("/proc").iterdir():
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, ValueError):
            continue
        if f"YEJI_HOME={home}".encode() in environ:
            found.append(cmdline.decode(errors="replace"))
    return found
