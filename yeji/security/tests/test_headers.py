"""Security headers on every response, HTTPS behaviour, and check --deploy."""

import pytest
from django.test import Client
from django.urls import reverse

from yeji.security.tests.factories import PASSWORD, administrator, rep
from yeji.tests.processes import run_yeji

pytestmark = pytest.mark.django_db

PAGES = [
    "/login/",
    "/admin/login/",
    "/no-such-page/",
    "/scorecard/",
    "/scorecard/E404/",
]


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part)
    }


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(path):
    employee = rep("rep1")
    client = Client()
    client.force_login(employee.user)

    response = client.get(path)

    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_over_https_responses_carry_hsts_and_http_is_redirected(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    client = Client()

    plain = client.get("/login/")
    secure = client.get("/login/", secure=True)

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/login/"
    assert secure.status_code == 200
    assert (
        secure["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )


def test_over_plain_http_with_the_default_settings_log_in_works(settings):
    """The demo on http://127.0.0.1: no redirect, cookies not https-only."""
    assert not settings.SECURE_SSL_REDIRECT
    rep("rep1")
    client = Client()

    page = client.get("/login/")
    response = client.post(
        "/login/", {"username": "rep1", "password": PASSWORD}, follow=True
    )

    assert page.status_code == 200
    assert "Strict-Transport-Security" not in page
    assert response.redirect_chain[0] == (reverse("web:home"), 302)
    assert response.context["user"].username == "rep1"
    assert not client.cookies["sessionid"]["secure"]
    assert client.cookies["sessionid"]["httponly"]


def test_admin_pages_carry_the_headers_too(client):
    client.force_login(administrator("root"))

    response = client.get(reverse("admin:org_employee_changelist"))

    assert response.status_code == 200
    assert csp_directives(response)["script-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


def test_check_deploy_passes_with_the_production_settings(tmp_path):
    checked = run_yeji(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        YEJI_HTTPS="1",
        YEJI_SECRET_KEY="k" * 10 + "-production-secret-of-fifty-and-more-characters-9",
        YEJI_ALLOWED_HOSTS="yeji.example.com",
    )

    assert checked.returncode == 0, checked.stderr
    assert "no issues" in checked.stdout


def test_check_deploy_warns_about_the_plain_http_demo_settings(tmp_path):
    checked = run_yeji(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert checked.returncode != 0
    assert "SECURE_SSL_REDIRECT" in checked.stderr
    assert "SESSION_COOKIE_SECURE" in checked.stderr
