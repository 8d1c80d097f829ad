"""Who uses the import page: an administrator, and people who may not."""

from django.contrib.auth import get_user_model
from django.test import Client

from yeji.org.models import Employee
from yeji.web.tests import factories as f


def person(username: str, role: str, team_code: str = "ADM") -> Employee:
    team = f.TeamFactory(code=team_code, name="行政组")
    return f.EmployeeFactory(
        employee_no=f"X-{username}", role=role, team=team, user__username=username
    )


def client_of(employee: Employee) -> Client:
    client = Client()
    client.force_login(employee.user)
    return client


def superuser_client(username: str = "root") -> Client:
    user = get_user_model().objects.create_superuser(username, password=f.PASSWORD)
    client = Client()
    client.force_login(user)
    return client
