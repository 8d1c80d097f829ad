"""Log-in throttling: per account, per address, on the admin's log-in too."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone, translation

from yeji.security.models import EventKind, SecurityEvent
from yeji.security.tests.factories import PASSWORD, administrator, rep

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.YEJI_LOGIN_FAILURE_LIMIT = 3
    settings.YEJI_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    settings.AXES_FAILURE_LIMIT = 3


def log_in(client, username, password, *, address="10.0.0.1", path=None):
    return client.post(
        path or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_right_password_logs_in(client):
    rep("rep1")

    response = log_in(client, "rep1", PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("web:home"), REMOTE_ADDR="10.0.0.1").status_code in {
        200,
        302,
    }
    assert "_auth_user_id" in client.session


def test_account_is_locked_after_its_limit_even_from_new_addresses(client):
    rep("rep1")
    for n in range(3):
        log_in(client, "rep1", "wrong", address=f"10.0.1.{n}")

    response = log_in(client, "rep1", PASSWORD, address="10.0.2.1")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_address_is_locked_after_its_higher_limit_across_accounts(client):
    for n in range(6):
        rep(f"rep{n}", team_code=f"T{n}")
    # One failure for each of six accounts: none reaches its limit of three.
    for n in range(6):
        log_in(client, f"rep{n}", "wrong", address="10.9.9.9")
    assert AccessAttempt.objects.filter(ip_address="10.9.9.9").count() == 6

    locked = log_in(client, "rep5", PASSWORD, address="10.9.9.9")
    elsewhere = log_in(client, "rep5", PASSWORD, address="10.1.1.1")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


def test_an_office_behind_one_address_is_not_locked_at_the_account_limit(client):
    for n in range(3):
        rep(f"rep{n}", team_code=f"T{n}")
    for n in range(3):
        log_in(client, f"rep{n}", "wrong", address="10.5.5.5")

    response = log_in(client, "rep0", PASSWORD, address="10.5.5.5")

    assert response.status_code == 302


def test_admin_log_in_is_throttled_too(client):
    administrator("root")
    admin_login = reverse("admin:login")
    for _ in range(3):
        log_in(client, "root", "wrong", path=admin_login)

    response = log_in(client, "root", PASSWORD, path=admin_login)

    assert response.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


def test_lock_out_page_is_in_the_users_language(client):
    rep("rep1")
    for _ in range(3):
        log_in(client, "rep1", "wrong")

    chinese = log_in(client, "rep1", PASSWORD).content.decode()
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        english = log_in(client, "rep1", PASSWORD).content.decode()

    assert "登录失败次数过多" in chinese
    assert "15 分钟后再试" in chinese
    assert "Too many failed log-ins" not in chinese
    assert "Too many failed log-ins" in english
    assert "Try again in 15 minutes" in english
    assert "登录失败次数过多" not in english


def test_lock_lifts_after_the_lock_out_time(client):
    rep("rep1")
    for _ in range(3):
        log_in(client, "rep1", "wrong")
    assert log_in(client, "rep1", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))

    assert log_in(client, "rep1", PASSWORD).status_code == 302


def test_failures_and_the_lock_out_are_security_events(client):
    rep("rep1")
    for _ in range(3):
        log_in(client, "rep1", "wrong", address="10.3.3.3")

    events = sorted(SecurityEvent.objects.values_list("kind", "username", "address"))

    assert events == [
        (EventKind.LOCKOUT, "rep1", "10.3.3.3"),
        *[(EventKind.LOGIN_FAILED, "rep1", "10.3.3.3")] * 3,
    ]
