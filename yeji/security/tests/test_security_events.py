"""Security events: what is recorded, in the table and in the log."""

import io
import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from yeji.log_format import JsonLinesFormatter
from yeji.org.models import Role
from yeji.security.models import EventKind, SecurityEvent
from yeji.security.tests.factories import PASSWORD, administrator, rep

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_log():
    """The JSON lines the ``yeji.security`` logger writes during a test."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger("yeji.security")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in lines]
    logger.removeHandler(handler)


def test_log_in_failure_and_log_out_are_recorded_with_who_and_where(security_log):
    rep("rep1")
    client = Client(REMOTE_ADDR="10.1.2.3")

    client.post(reverse("login"), {"username": "rep1", "password": "wrong"})
    client.post(reverse("login"), {"username": "rep1", "password": PASSWORD})
    client.post(reverse("logout"))

    events = list(
        SecurityEvent.objects.order_by("id").values_list(
            "kind", "username", "address", "path"
        )
    )
    assert events == [
        (EventKind.LOGIN_FAILED, "rep1", "10.1.2.3", "/login/"),
        (EventKind.LOGIN, "rep1", "10.1.2.3", "/login/"),
        (EventKind.LOGOUT, "rep1", "10.1.2.3", "/logout/"),
    ]
    logged = security_log()
    assert [(e["event"], e["user"], e["address"]) for e in logged] == [
        ("login_failed", "rep1", "10.1.2.3"),
        ("login", "rep1", "10.1.2.3"),
        ("logout", "rep1", "10.1.2.3"),
    ]
    assert all(e["logger"] == "yeji.security" and e["time"] for e in logged)
    # A password typed is never recorded.
    assert "wrong" not in json.dumps(logged)
    assert "wrong" not in json.dumps(list(SecurityEvent.objects.values("detail")))


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    settings.YEJI_PROXIES = 1
    rep("rep1")
    client = Client(REMOTE_ADDR="127.0.0.1")

    client.post(
        reverse("login"),
        {"username": "rep1", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )

    assert SecurityEvent.objects.get(kind=EventKind.LOGIN).address == "203.0.113.9"


def test_role_change_in_the_admin_is_recorded_with_the_acting_administrator(
    security_log,
):
    employee = rep("rep1")
    administrator("root")
    client = Client(REMOTE_ADDR="10.7.7.7")
    client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
    change = reverse("admin:org_employee_change", args=[employee.pk])

    response = client.post(
        change,
        {
            "employee_no": employee.employee_no,
            "name": employee.name,
            "team": employee.team.pk,
            "role": Role.MANAGER,
            "hired_on": "2024-01-01",
            "user": employee.user.pk,
        },
    )

    assert response.status_code == 302
    event = SecurityEvent.objects.get(kind=EventKind.ROLE_CHANGE)
    assert (event.username, event.address) == ("root", "10.7.7.7")
    assert event.detail == {
        "employee_no": "REP1",
        "before": Role.REP,
        "after": Role.MANAGER,
    }
    assert any(e["event"] == "role_change" for e in security_log())


def test_saving_an_employee_without_a_new_role_records_nothing():
    employee = rep("rep1")
    employee.name = "张伟伟"
    employee.save()

    assert not SecurityEvent.objects.filter(kind=EventKind.ROLE_CHANGE).exists()


def test_making_a_log_in_an_administrator_is_a_role_change():
    employee = rep("rep1")
    user = employee.user

    user.is_superuser = True
    user.save()

    event = SecurityEvent.objects.get(kind=EventKind.ROLE_CHANGE)
    assert event.detail == {
        "username": "rep1",
        "is_superuser": {"before": False, "after": True},
    }


@pytest.mark.urls("yeji.security.tests.urls")
def test_every_download_is_recorded(security_log):
    employee = rep("rep1")
    client = Client(REMOTE_ADDR="10.4.4.4")
    client.force_login(employee.user)

    response = client.get("/test-download/?download=csv")
    b"".join(response.streaming_content)

    event = SecurityEvent.objects.get(kind=EventKind.DOWNLOAD)
    assert (event.username, event.address) == ("rep1", "10.4.4.4")
    assert event.path == "/test-download/?download=csv"
    assert event.detail == {"file": "客户.csv", "status": 200}
    downloads = [e for e in security_log() if e["event"] == "download"]
    assert [e["detail"]["file"] for e in downloads] == ["客户.csv"]


def test_a_page_that_is_no_download_is_not_recorded(client):
    client.get(reverse("login"))

    assert not SecurityEvent.objects.exists()


def test_administrator_reads_the_events_in_the_admin_but_cannot_change_them():
    rep("rep1")
    Client().post(reverse("login"), {"username": "rep1", "password": "wrong"})
    admin = Client()
    admin.force_login(administrator("root"))
    event = SecurityEvent.objects.get(kind=EventKind.LOGIN_FAILED)

    listing = admin.get(reverse("admin:security_securityevent_changelist"))
    detail = admin.get(reverse("admin:security_securityevent_change", args=[event.pk]))
    add = admin.get(reverse("admin:security_securityevent_add"))
    delete = admin.get(reverse("admin:security_securityevent_delete", args=[event.pk]))

    assert listing.status_code == 200
    assert "rep1" in listing.content.decode()
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert add.status_code == 403
    assert delete.status_code == 403


def test_a_rep_cannot_read_the_events(client):
    employee = rep("rep1")
    client.force_login(employee.user)

    response = client.get(reverse("admin:security_securityevent_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_exporting_every_record_at_the_command_line_is_recorded(tmp_path):
    from django.core.management import call_command

    from yeji.audit.context import os_username

    rep("rep1")

    call_command("export", str(tmp_path / "out"), stdout=io.StringIO())

    event = SecurityEvent.objects.get(kind=EventKind.DOWNLOAD)
    assert event.username == os_username()
    assert event.detail["export"] == str(tmp_path / "out")
    assert event.detail["through"] == "command"
    assert event.detail["rows"] >= 1
