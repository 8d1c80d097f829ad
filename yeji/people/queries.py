"""The people pages' reads: employees in sight, their assessments, pay.

Everything here goes through ``org.queries.visible_employees`` in the
PERFORMANCE area: HR, directors and administrators see everyone, a manager
the employees of their teams, a rep themself, finance no one.
"""

import datetime as dt
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yeji.org.models import Employee, Role, Team
from yeji.org.queries import (
    Area,
    User,
    team_subtree_ids,
    user_employee,
    visible_employees,
)
from yeji.people.models import Assessment

# The roles that may read base salaries: pay is HR's business, and a
# director's and an administrator's; not a manager's, nor finance's here.
_SALARY_ROLES = frozenset({Role.HR, Role.DIRECTOR, Role.ADMIN})


class Employment(StrEnum):
    """Whether an employee is still with the company on a day."""

    CURRENT = "current"
    LEFT = "left"

    @property
    def label(self) -> str:
        return str(EMPLOYMENT_LABELS[self])


EMPLOYMENT_LABELS = {
    Employment.CURRENT: _("Still employed"),
    Employment.LEFT: _("Has left"),
}


def people_list(
    user: User,
    *,
    team: Team | None = None,
    role: str | None = None,
    employment: Employment | None = None,
    today: dt.date | None = None,
) -> QuerySet[Employee]:
    """The employees ``user`` sees, narrowed by the filters, by number.

    ``team`` keeps the team's members and those of every team below it;
    ``employment`` compares the day an employee left with ``today`` (the
    company's today by default): one who leaves today still works today.
    Ordered by employee number, the unique (indexed) key.
    """
    people = visible_employees(user, area=Area.PERFORMANCE)
    if team is not None:
        people = people.filter(team_id__in=team_subtree_ids(team.pk))
    if role:
        people = people.filter(role=role)
    if employment is not None:
        today = today or timezone.localdate()
        gone = Q(left_on__lt=today)
        people = people.filter(gone if employment is Employment.LEFT else ~gone)
    return people.select_related("team").order_by("employee_no")


def person_for(user: User, employee_no: str) -> Employee | None:
    """The employee of ``employee_no`` if ``user`` sees them, else None."""
    return (
        visible_employees(user, area=Area.PERFORMANCE)
        .select_related("team")
        .filter(employee_no=employee_no)
        .first()
    )


def assessments_of(employee: Employee) -> QuerySet[Assessment]:
    """An employee's assessments, newest first, with their assessors.

    Ordered on (employee, assessed_on), the table's index.
    """
    return (
        Assessment.objects.filter(employee=employee)
        .select_related("assessor")
        .order_by("-assessed_on", "-assessment_no")
    )


def sees_salaries(user: User) -> bool:
    """Whether ``user`` may read base salaries (of the employees they see)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    employee = user_employee(user)
    return employee is not None and employee.role in _SALARY_ROLES
