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
