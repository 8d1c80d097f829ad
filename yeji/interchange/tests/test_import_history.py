"""What an import leaves in the records' history and the security log."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from yeji.audit.context import Channel, os_username
from yeji.crm.models import Customer
from yeji.interchange.services import import_path
from yeji.interchange.tests.conftest import BASE, CUSTOMERS, EMPLOYEES, TEAMS
from yeji.org.models import Employee
from yeji.sales.models import Order
from yeji.security.models import EventKind, SecurityEvent, Session

pytestmark = pytest.mark.django_db

User = get_user_model()


def entries(record):
    return list(record.history.order_by("history_id"))


def test_first_import_records_each_created_record_once(folder):
    assert import_path(folder(BASE)).ok

    order = Order.objects.get(order_no="SO1")
    (created,) = entries(order)
    assert created.history_type == "+"
    assert created.history_channel == Channel.IMPORT
    assert created.amount == Decimal("1000.00")
    # Run at the command line without a log-in: the operating system's user.
    assert created.history_user is None
    assert created.history_username == os_username()


def test_reimport_of_the_same_data_adds_no_history(folder):
    import_path(folder(BASE))
    before = Order.history.count(), Customer.history.count()

    assert import_path(folder(BASE)).ok

    assert (Order.history.count(), Customer.history.count()) == before


def test_import_records_only_the_rows_it_changed(folder):
    import_path(folder(BASE))
    changed = BASE | {
        "orders.csv": BASE["orders.csv"].replace("1000.00,confirmed", "900,returned")
    }

    assert import_path(folder(changed)).ok

    assert [h.history_type for h in entries(Order.objects.get(order_no="SO1"))] == [
        "+",
        "~",
    ]
    latest = Order.objects.get(order_no="SO1").history.latest()
    assert (latest.amount, latest.status) == (Decimal("900.00"), "returned")
    assert len(entries(Order.objects.get(order_no="SO2"))) == 1


def test_owner_change_by_import_is_in_the_customers_history(folder):
    import_path(folder(BASE))
    moved = CUSTOMERS.replace("C1,甲公司,E1", "C1,甲公司,E2")

    assert import_path(folder({"customers.csv": moved})).ok

    customer = Customer.objects.get(code="C1")
    before, after = entries(customer)
    assert before.owner.employee_no == "E1"
    assert after.owner.employee_no == "E2"
    assert after.history_type == "~"
    assert after.history_channel == Channel.IMPORT


def test_import_from_the_page_names_who_ran_it(folder):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yeji.interchange.services import upload_import, upload_receive

    admin = User.objects.create_superuser("boss", password="x")
    files = [SimpleUploadedFile(name, text.encode()) for name, text in BASE.items()]
    upload = upload_receive(user=admin, files=files, folder=[])

    assert upload_import(user=admin, token=upload.token).ok

    created = Order.objects.get(order_no="SO1").history.get()
    assert created.history_user == admin
    assert created.history_username == "boss"
    assert created.history_channel == Channel.IMPORT


def test_role_change_by_import_is_a_security_event(folder):
    import_path(folder(BASE))
    promoted = EMPLOYEES.replace("E1,王芳,EAST,rep", "E1,王芳,EAST,manager")

    assert import_path(folder({"employees.csv": promoted})).ok

    event = SecurityEvent.objects.get(kind=EventKind.ROLE_CHANGE)
    assert event.detail == {
        "employee_no": "E1",
        "before": "rep",
        "after": "manager",
        "through": "import",
    }
    assert event.username == os_username()


def test_import_of_a_leaver_ends_their_log_in_and_sessions(folder):
    import_path(folder(BASE))
    user = User.objects.create_user("wangfang", password="pw-123-secret")
    Employee.objects.filter(employee_no="E1").update(user=user)
    client = Client()
    client.force_login(user)
    assert Session.objects.filter(user_id=user.pk).count() == 1
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    left = EMPLOYEES.replace(
        "E1,王芳,EAST,rep,,,2024-01-01,,", f"E1,王芳,EAST,rep,,,2024-01-01,{yesterday},"
    )

    assert import_path(folder({"teams.csv": TEAMS, "employees.csv": left})).ok

    user.refresh_from_db()
    assert not user.is_active
    assert not Session.objects.filter(user_id=user.pk).exists()
    event = SecurityEvent.objects.get(kind=EventKind.DEACTIVATION)
    assert event.detail["username"] == "wangfang"
    assert event.detail["sessions_ended"] == 1
    assert client.get("/").status_code == 302


def test_import_of_a_future_leaver_keeps_their_log_in(folder):
    import_path(folder(BASE))
    user = User.objects.create_user("wangfang", password="pw-123-secret")
    Employee.objects.filter(employee_no="E1").update(user=user)
    later = timezone.localdate() + dt.timedelta(days=30)
    leaving = EMPLOYEES.replace(
        "E1,王芳,EAST,rep,,,2024-01-01,,", f"E1,王芳,EAST,rep,,,2024-01-01,{later},"
    )

    assert import_path(folder({"employees.csv": leaving})).ok

    user.refresh_from_db()
    assert user.is_active


def test_first_bulk_load_records_every_row(folder, monkeypatch):
    from yeji.interchange import merging

    monkeypatch.setattr(merging, "BULK_ROWS", 1)

    assert import_path(folder(BASE)).ok

    assert Order.history.filter(history_type="+").count() == 2
    assert Customer.history.count() == 2
