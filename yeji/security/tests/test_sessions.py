"""Sessions end after idle time, on log-out, and when a user is deactivated."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yeji import settings as production
from yeji.security.middleware import TOUCHED_KEY
from yeji.security.models import EventKind, SecurityEvent, Session
from yeji.security.tests.factories import PASSWORD, administrator, rep

pytestmark = pytest.mark.django_db


def logged_in(username: str) -> Client:
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def sees_pages(client: Client) -> bool:
    """Whether the client's session still gets it past the log-in."""
    response = client.get(reverse("web:home"))
    return not (response.status_code == 302 and "/login/" in response["Location"])


def test_production_settings_hash_passwords_with_argon2():
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        hashed = make_password("a long and secret phrase")

        assert hashed.startswith("argon2$argon2id$")
        assert check_password("a long and secret phrase", hashed)
        assert not check_password("a wrong phrase", hashed)


def test_session_expiry_is_the_idle_time(settings):
    rep("rep1")
    client = logged_in("rep1")
    session = Session.objects.get(session_key=client.session.session_key)

    left = session.expire_date - timezone.now()

    assert settings.SESSION_COOKIE_AGE == settings.YEJI_SESSION_IDLE_MINUTES * 60
    assert abs(left.total_seconds() - settings.SESSION_COOKIE_AGE) < 60
    assert client.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_session_unused_for_the_idle_time_is_gone():
    rep("rep1")
    client = logged_in("rep1")
    assert sees_pages(client)

    # As the database sees it once the idle time has passed since last use.
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    assert not sees_pages(client)


def test_session_in_use_has_its_expiry_moved_on():
    rep("rep1")
    client = logged_in("rep1")
    assert sees_pages(client)
    key = client.session.session_key
    # The session was last used, and its expiry set, ten minutes ago.
    session = Session.objects.get(session_key=key)
    data = session.get_decoded()
    data[TOUCHED_KEY] -= 600
    before = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(
        session_data=Session.objects.encode(data), expire_date=before
    )

    assert sees_pages(client)

    assert Session.objects.get(session_key=key).expire_date > before


def test_log_out_ends_the_session_on_the_server():
    rep("rep1")
    client = logged_in("rep1")
    old_cookie = client.cookies["sessionid"].value

    client.post(reverse("logout"))
    replay = Client()
    replay.cookies["sessionid"] = old_cookie

    assert not Session.objects.filter(session_key=old_cookie).exists()
    assert not sees_pages(replay)


def test_deactivating_a_user_ends_all_their_sessions_at_once():
    employee = rep("rep1")
    rep("rep2", team_code="EAST-2")
    phone, laptop, colleague = logged_in("rep1"), logged_in("rep1"), logged_in("rep2")
    user = employee.user

    user.is_active = False
    user.save()

    assert not Session.objects.filter(user_id=user.pk).exists()
    assert not sees_pages(phone)
    assert not sees_pages(laptop)
    assert sees_pages(colleague)
    event = SecurityEvent.objects.get(kind=EventKind.DEACTIVATION)
    assert event.detail == {"username": "rep1", "sessions_ended": 2}


def test_django_refuses_an_inactive_users_session_even_if_it_is_kept():
    employee = rep("rep1")
    client = logged_in("rep1")

    # A bulk update sends no signal, so the session row stays.
    get_user_model().objects.filter(pk=employee.user.pk).update(is_active=False)

    assert Session.objects.filter(user_id=employee.user.pk).exists()
    assert not sees_pages(client)


def test_deactivation_in_the_admin_ends_the_sessions(client):
    employee = rep("rep1")
    reps_browser = logged_in("rep1")
    administrator("root")
    client.force_login(get_user_model().objects.get(username="root"))
    user = employee.user
    change = reverse("admin:auth_user_change", args=[user.pk])
    form = client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"is_active", "groups", "password"}
    }
    data.update(
        last_login_0="",
        last_login_1="",
        date_joined_0="2026-01-01",
        date_joined_1="00:00:00",
    )

    response = client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not sees_pages(reps_browser)
    event = SecurityEvent.objects.get(kind=EventKind.DEACTIVATION)
    assert event.username == "root"


def test_pages_right_after_log_in_write_no_session():
    """A page's query count does not depend on when the session was saved."""
    employee = rep("rep1")
    client = Client()
    client.force_login(employee.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("web:home"))
        return len(captured)

    first, second = count(), count()

    assert first == second


def test_an_employee_recorded_as_left_loses_the_log_in_and_its_sessions():
    employee = rep("rep1")
    browser = logged_in("rep1")

    employee.left_on = timezone.localdate() - dt.timedelta(days=1)
    employee.save()

    employee.user.refresh_from_db()
    assert not employee.user.is_active
    assert not sees_pages(browser)
    event = SecurityEvent.objects.get(kind=EventKind.DEACTIVATION)
    assert event.detail == {
        "username": "rep1",
        "sessions_ended": 1,
        "reason": "left",
        "employee_no": employee.employee_no,
    }


def test_an_employee_leaving_later_keeps_the_log_in_until_then():
    employee = rep("rep1")
    browser = logged_in("rep1")

    employee.left_on = timezone.localdate() + dt.timedelta(days=14)
    employee.save()

    assert sees_pages(browser)
    assert not SecurityEvent.objects.filter(kind=EventKind.DEACTIVATION).exists()
