"""What the API's writes leave in the security log: role changes and
leavers, under the token's user."""

import datetime as dt

import pytest
from django.utils import timezone

from yeji.security.models import EventKind, SecurityEvent

pytestmark = pytest.mark.django_db


def _patch_employee(client, employee_no: str, **values: str):
    version = client.get(f"/employees/{employee_no}").json()["version"]
    return client.patch(f"/employees/{employee_no}", {"version": version, **values})


def test_role_change_through_the_api_is_recorded_with_the_tokens_user(api, company):
    response = _patch_employee(api("admin"), "E0001", role="manager")

    assert response.status_code == 200, response.json()
    event = SecurityEvent.objects.get(kind=EventKind.ROLE_CHANGE)
    assert event.username == "admin"
    assert event.detail == {"employee_no": "E0001", "before": "rep", "after": "manager"}


def test_a_leaver_recorded_through_the_api_loses_the_log_in(api, company):
    browser = company.client("rep1")
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = _patch_employee(api("hr"), "E0001", left_on=yesterday.isoformat())

    assert response.status_code == 200, response.json()
    rep1 = company.people["rep1"].user
    rep1.refresh_from_db()
    assert not rep1.is_active
    assert browser.get("/").status_code == 302
    event = SecurityEvent.objects.get(kind=EventKind.DEACTIVATION)
    assert event.username == "hr"
