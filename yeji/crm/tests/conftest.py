"""The cast of the customer pages' tests: one person per role.

    HQ                                   director, HR, finance, admin
    ├── EAST
    │   ├── EAST-1    rep1, rep2         manager of EAST-1
    │   └── EAST-2    rep3
    └── WEST
        └── WEST-1    rep4

rep1 owns the customers C-A (a key account with history) and C-B; rep3
owns C-C; rep4 owns C-D.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from yeji.crm.models import Customer
from yeji.crm.tests import factories as f
from yeji.org.models import Employee, Role


@dataclass
class Cast:
    people: dict[str, Employee]
    customers: dict[str, Customer]

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.people[who].user)
        return client


@pytest.fixture(autouse=True)
def _plain_static_files(settings, tmp_path) -> None:
    """Serve static files without the manifest that ``collectstatic`` writes."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def cast(db) -> Cast:
    hq = f.TeamFactory(code="HQ", name="总部")
    east = f.TeamFactory(code="EAST", name="华东区", parent=hq)
    east1 = f.TeamFactory(code="EAST-1", name="华东一组", parent=east)
    east2 = f.TeamFactory(code="EAST-2", name="华东二组", parent=east)
    west = f.TeamFactory(code="WEST", name="华西区", parent=hq)
    west1 = f.TeamFactory(code="WEST-1", name="华西一组", parent=west)

    def person(key, no, name, team, role) -> Employee:
        return f.EmployeeFactory(
            employee_no=no, name=name, team=team, role=role, user__username=key
        )

    people = {
        "director": person("director", "D001", "赵总监", hq, Role.DIRECTOR),
        "hr": person("hr", "H001", "钱人事", hq, Role.HR),
        "finance": person("finance", "F001", "孙财务", hq, Role.FINANCE),
        "admin": person("admin", "A001", "李管理", hq, Role.ADMIN),
        "manager": person("manager", "M002", "吴组长", east1, Role.MANAGER),
        "rep1": person("rep1", "E0001", "张伟", east1, Role.REP),
        "rep2": person("rep2", "E0002", "王芳", east1, Role.REP),
        "rep3": person("rep3", "E0003", "刘洋", east2, Role.REP),
        "rep4": person("rep4", "E0004", "陈静", west1, Role.REP),
    }
    rep1 = people["rep1"]
    customers = {
        "A": f.CustomerFactory(
            code="C-A", name="甲公司", owner=rep1, level="a", industry="制造"
        ),
        "B": f.CustomerFactory(code="C-B", name="乙公司", owner=rep1, level="b"),
        "C": f.CustomerFactory(
            code="C-C", name="丙公司", owner=people["rep3"], industry="制造"
        ),
        "D": f.CustomerFactory(code="C-D", name="丁公司", owner=people["rep4"]),
    }
    a = customers["A"]
    # C-A's history: two visits, two orders (one cancelled), a payment, an
    # answered and a waiting request, a survey and a complaint.
    f.VisitFactory(
        employee=rep1,
        customer=a,
        visited_on=dt.date(2026, 7, 1),
        summary="首次拜访",
        channel="phone",
    )
    f.VisitFactory(
        employee=rep1,
        customer=a,
        visited_on=dt.date(2026, 8, 20),
        summary="回访",
        next_follow_up_on=dt.date(2026, 9, 1),
    )
    order = f.OrderFactory(
        employee=rep1, customer=a, amount=Decimal("1200.00"), order_no="SO-A1"
    )
    f.OrderFactory(
        employee=rep1,
        customer=a,
        amount=Decimal("999.00"),
        status="cancelled",
        order_no="SO-A2",
    )
    f.PaymentFactory(order=order, amount=Decimal("200.00"), payment_no="P-A1")
    f.RequestFactory(employee=rep1, customer=a, subject="报价单", request_no="R-A1")
    f.RequestFactory(
        employee=rep1,
        customer=a,
        subject="发票",
        request_no="R-A2",
        first_response_at=None,
    )
    f.SurveyFactory(employee=rep1, customer=a, satisfaction=4, recommend=9)
    f.ComplaintFactory(employee=rep1, customer=a, category="交货慢")
    return Cast(people=people, customers=customers)


@pytest.fixture
def stranger(db) -> Client:
    """A log-in linked to no employee."""
    user = get_user_model().objects.create_user("stranger", password=f.PASSWORD)
    client = Client()
    client.force_login(user)
    return client
