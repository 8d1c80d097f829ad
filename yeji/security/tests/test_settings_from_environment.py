"""The hardening settings come from the environment, with demo-safe defaults."""

import json
import subprocess
import sys

from yeji.tests.processes import yeji_environment

SHOW = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({name: getattr(settings, name, None) for name in [
    "SESSION_COOKIE_AGE", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
    "YEJI_LOGIN_FAILURE_LIMIT", "YEJI_LOGIN_ADDRESS_FAILURE_LIMIT",
    "YEJI_IMPORT_MAX_BYTES", "PASSWORD_HASHERS", "SILENCED_SYSTEM_CHECKS",
]}, default=str))
"""


def settings_with(tmp_path, **variables: str) -> dict:
    shown = subprocess.run(
        [sys.executable, "-c", SHOW],
        env=yeji_environment(
            tmp_path, DJANGO_SETTINGS_MODULE="yeji.settings", **variables
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def test_defaults_serve_the_demo_over_plain_http(tmp_path):
    values = settings_with(tmp_path)

    assert values["SESSION_COOKIE_AGE"] == 120 * 60
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["YEJI_LOGIN_FAILURE_LIMIT"] == 5
    assert values["YEJI_LOGIN_ADDRESS_FAILURE_LIMIT"] == 20
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_variables_set_the_settings(tmp_path):
    values = settings_with(
        tmp_path,
        YEJI_SESSION_IDLE_MINUTES="30",
        YEJI_HTTPS="1",
        YEJI_PROXIES="1",
        YEJI_HSTS_PRELOAD="0",
        YEJI_LOGIN_FAILURE_LIMIT="8",
        YEJI_LOGIN_ADDRESS_FAILURE_LIMIT="4",
        YEJI_IMPORT_MAX_MB="10",
    )

    assert values["SESSION_COOKIE_AGE"] == 1800
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # Preloading turned off is a choice: check --deploy is not to warn.
    assert values["SILENCED_SYSTEM_CHECKS"] == ["security.W021"]
    # The address limit is never below the account's.
    assert values["YEJI_LOGIN_FAILURE_LIMIT"] == 8
    assert values["YEJI_LOGIN_ADDRESS_FAILURE_LIMIT"] == 8
    assert values["YEJI_IMPORT_MAX_BYTES"] == 10 * 1024 * 1024
