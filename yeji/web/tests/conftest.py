"""The cast of the web tests: a small company with one person per role.

    HQ (the company)                     director, HR, finance
    ├── EAST (region)                    manager of the region
    │   ├── EAST-1    rep1, rep2         manager of EAST-1
    │   └── EAST-2    rep3
    └── WEST
        └── WEST-1    rep4

rep1 has a record of every kind in 2026-Q3 and targets; the others have
orders only, so the ranking is easy to predict: rep1, rep2, rep3, rep4.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from yeji.org.models import Employee, Role, Team
from yeji.people.models import AssessmentKind
from yeji.web.tests import factories as f

PERIOD_QUERY = {"period": "2026-Q3", "as_of": "2026-09-30"}


@dataclass
class Company:
    teams: dict[str, Team]
    people: dict[str, Employee]

    def client(self, who: str) -> Client:
        """A client logged in as the person ``who`` of the cast."""
        client = Client()
        client.force_login(self.people[who].user)
        return client


@pytest.fixture(autouse=True)
def _plain_static_files(settings, tmp_path) -> None:
    """Serve static files without the manifest that ``collectstatic`` writes.

    Production keeps hashed names; tests render pages without collecting.
    An empty STATIC_ROOT keeps WhiteNoise from warning that it is missing.
    """
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
    """Hash the cast's passwords cheaply: a slow hash guards nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def company(db) -> Company:
    hq = f.TeamFactory(code="HQ", name="总部")
    east = f.TeamFactory(code="EAST", name="华东区", parent=hq)
    east1 = f.TeamFactory(code="EAST-1", name="华东一组", parent=east)
    east2 = f.TeamFactory(code="EAST-2", name="华东二组", parent=east)
    west = f.TeamFactory(code="WEST", name="华西区", parent=hq)
    west1 = f.TeamFactory(code="WEST-1", name="华西一组", parent=west)

    def person(key: str, no: str, name: str, team: Team, role: str) -> Employee:
        return f.EmployeeFactory(
            employee_no=no, name=name, team=team, role=role, user__username=key
        )

    people = {
        "director": person("director", "D001", "赵总监", hq, Role.DIRECTOR),
        "hr": person("hr", "H001", "钱人事", hq, Role.HR),
        "finance": person("finance", "F001", "孙财务", hq, Role.FINANCE),
        "admin": person("admin", "A001", "李管理", hq, Role.ADMIN),
        "region_manager": person(
            "region_manager", "M001", "周经理", east, Role.MANAGER
        ),
        "manager": person("manager", "M002", "吴组长", east1, Role.MANAGER),
        "rep1": person("rep1", "E0001", "张伟", east1, Role.REP),
        "rep2": person("rep2", "E0002", "王芳", east1, Role.REP),
        "rep3": person("rep3", "E0003", "刘洋", east2, Role.REP),
        "rep4": person("rep4", "E0004", "陈静", west1, Role.REP),
    }
    rep1 = people["rep1"]

    # rep1: a full quarter of records, with targets for the sales metrics.
    for day, amount in [(3, "12345.60"), (18, "2000.00"), (27, "654.40")]:
        f.OrderFactory(employee=rep1, ordered_on=dt.date(2026, 7, day), amount=amount)
    f.OrderFactory(
        employee=rep1,
        ordered_on=dt.date(2026, 8, 5),
        amount="999.00",
        status="cancelled",
    )
    f.TargetFactory(employee=rep1, metric="revenue", value=Decimal("20000"))
    f.TargetFactory(employee=rep1, metric="orders", value=Decimal("4"))
    f.TargetFactory(employee=rep1, metric="new_customers", value=Decimal("2"))
    f.CustomerFactory(owner=rep1, acquired_on=dt.date(2026, 8, 8))
    f.SurveyFactory(employee=rep1, satisfaction=5, recommend=10)
    f.SurveyFactory(employee=rep1, satisfaction=4, recommend=6)
    f.ComplaintFactory(employee=rep1)
    for day in range(1, 13):
        f.VisitFactory(employee=rep1, visited_on=dt.date(2026, 7, day))
    f.TaskFactory(employee=rep1)
    f.TaskFactory(employee=rep1, completed_on=None)
    f.RequestFactory(employee=rep1)
    f.RequestFactory(employee=rep1, first_response_at=None)
    f.AssessmentFactory(employee=rep1, kind=AssessmentKind.KNOWLEDGE, score="90")
    f.AssessmentFactory(employee=rep1, kind=AssessmentKind.TEAMWORK, score="70")

    # The others: orders against revenue targets, in falling amounts.
    for key, amount in [("rep2", "8000.00"), ("rep3", "5000.00"), ("rep4", "1000.00")]:
        f.OrderFactory(employee=people[key], amount=amount)
        f.TargetFactory(employee=people[key], metric="revenue", value=Decimal("10000"))

    teams = {t.code: t for t in Team.objects.all()}
    return Company(teams=teams, people=people)


@pytest.fixture
def stranger(db) -> Client:
    """A log-in linked to no employee."""
    user = get_user_model().objects.create_user("stranger", password=f.PASSWORD)
    client = Client()
    client.force_login(user)
    return client
