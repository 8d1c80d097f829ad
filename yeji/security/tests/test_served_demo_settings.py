"""`yeji serve` with the default settings, as the demo runs: log in over
plain http, get the security headers, and find the log-in in the security
log as a JSON line; the password was hashed with Argon2."""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from yeji.tests.processes import run_yeji, yeji_command, yeji_environment

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="serves the embedded SQLite database; runs in the SQLite pass",
)

PASSWORD = "a long and secret phrase"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_log_in_over_plain_http_with_the_default_settings(tmp_path):
    made = run_yeji(
        tmp_path,
        "createsuperuser",
        "--noinput",
        "--username",
        "boss",
        "--email",
        "boss@example.com",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    assert made.returncode == 0, made.stderr
    hashed = run_yeji(
        tmp_path,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "print(User.objects.get(username='boss').password.split('$')[0])",
    )
    assert hashed.stdout.strip().splitlines()[-1] == "argon2"

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*yeji_command(), "serve", "--port", str(port), "--workers", "1"],
        env=yeji_environment(tmp_path, YEJI_LOG_FORMAT="json"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect()
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                page = opener.open(f"{base}/login/", timeout=5)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.25)
        html = page.read().decode()
        headers = page.headers
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

        def post(username: str, password: str):
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "username": username,
                    "password": password,
                }
            ).encode()
            try:
                return opener.open(f"{base}/login/", body, timeout=10)
            except urllib.error.HTTPError as answer:
                return answer

        static = opener.open(f"{base}/static/web/yeji.css", timeout=5)
        failed = post("boss", "wrong")
        logged_in = post("boss", PASSWORD)
        cookies = {cookie.name: cookie for cookie in jar}

        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    assert page.status == 200
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in headers
    # Static files, served by WhiteNoise, carry the headers too.
    assert static.status == 200
    assert static.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in static.headers["Content-Security-Policy"]
    assert failed.status == 200
    assert logged_in.status == 302
    assert logged_in.headers["Location"] == "/"
    assert not cookies["sessionid"].secure

    log = tmp_path / "security.log"
    assert log.stat().st_mode & 0o077 == 0
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(e["event"], e["user"], e["address"]) for e in events] == [
        ("login_failed", "boss", "127.0.0.1"),
        ("login", "boss", "127.0.0.1"),
    ]
