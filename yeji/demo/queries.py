"""Reading the demo company back: whether it exists, and its log-ins."""

from yeji.demo.services import ROOT_TEAM_CODE, DemoLogin
from yeji.org.models import Employee, Role, Team


def demo_company_exists() -> bool:
    """Whether the current database already holds the demo company."""
    return Team.objects.filter(code=ROOT_TEAM_CODE, parent=None).exists()


def demo_logins() -> list[DemoLogin]:
    """The demo's log-ins (``demo-…``) with their employees, rep first."""
    employees = Employee.objects.filter(
        user__username__startswith="demo-"
    ).select_related("user", "team")
    # From the rep up to the administrator, the order of Role's choices.
    rank = {role: index for index, role in enumerate(Role.values)}
    employees = sorted(employees, key=lambda e: (rank[e.role], e.user.username))
    return [
        DemoLogin(
            username=employee.user.username,
            employee_no=employee.employee_no,
            name=employee.name,
            role=employee.role,
            team_code=employee.team.code,
        )
        for employee in employees
    ]
