"""The cast of the account tests: a rep with a log-in, and a log-in without
an employee."""

import pytest
from django.contrib.auth import get_user_model

from yeji.org.models import Employee, Role
from yeji.web.tests import factories as f


@pytest.fixture(autouse=True)
def _plain_static_files(settings, tmp_path) -> None:
    """Pages render ``{% static %}`` without the manifest of collectstatic."""
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
def rep(db) -> Employee:
    team = f.TeamFactory(code="EAST-1", name="华东一组")
    return f.EmployeeFactory(
        employee_no="E0001",
        name="张伟",
        team=team,
        role=Role.REP,
        user__username="rep1",
    )


@pytest.fixture
def stranger(db):
    """A log-in linked to no employee."""
    return get_user_model().objects.create_user("stranger", password=f.PASSWORD)
