"""People for the security tests: log-ins with and without an employee."""

from django.contrib.auth import get_user_model

from yeji.org.models import Employee, Role
from yeji.web.tests import factories as f

PASSWORD = f.PASSWORD


def rep(username: str = "rep1", team_code: str = "EAST-1") -> Employee:
    """A rep with a log-in ``username`` and the password PASSWORD."""
    return f.EmployeeFactory(
        employee_no=username.upper(),
        team=f.TeamFactory(code=team_code),
        role=Role.REP,
        user__username=username,
    )


def administrator(username: str = "root"):
    return get_user_model().objects.create_superuser(
        username, email=f"{username}@example.com", password=PASSWORD
    )
