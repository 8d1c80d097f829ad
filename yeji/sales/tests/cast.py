"""The cast of the work-list tests (tasks, orders, payments): one person
per role in a small company, and no records, so each test makes its own.

    HQ (the company)          director, HR, finance, admin
    ├── EAST (region)         region_manager
    │   ├── EAST-1            manager, rep1, rep2
    │   └── EAST-2            rep3
    └── WEST
        └── WEST-1            west_manager, rep4

The planning tests use the same cast (their conftest imports these
fixtures).
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from yeji.org.models import Employee, Role, Team
from yeji.web.tests import factories as f


@dataclass
class Cast:
    teams: dict[str, Team]
    people: dict[str, Employee]

    def client(self, who: str) -> Client:
        """A client logged in as the person ``who`` of the cast."""
        client = Client()
        client.force_login(self.people[who].user)
        return client


@pytest.fixture(autouse=True)
def _plain_static_files(settings, tmp_path) -> None:
    """Render pages without the manifest that ``collectstatic`` writes."""
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


@pytest.fixture
def cast(db) -> Cast:
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
        "west_manager": person("west_manager", "M003", "郑组长", west1, Role.MANAGER),
        "rep1": person("rep1", "E0001", "张伟", east1, Role.REP),
        "rep2": person("rep2", "E0002", "王芳", east1, Role.REP),
        "rep3": person("rep3", "E0003", "刘洋", east2, Role.REP),
        "rep4": person("rep4", "E0004", "陈静", west1, Role.REP),
    }
    teams = {t.code: t for t in Team.objects.all()}
    return Cast(teams=teams, people=people)


@pytest.fixture
def stranger(db) -> Client:
    """A log-in linked to no employee."""
    user = get_user_model().objects.create_user("stranger", password=f.PASSWORD)
    client = Client()
    client.force_login(user)
    return client
