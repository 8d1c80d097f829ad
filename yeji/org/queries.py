"""Who may see whom: the one rule every page, list and detail goes through.

A user's sight follows their employee record, their role and the team tree:

- a rep sees themself;
- a manager sees every employee of their team and of every team below it;
- a director and an administrator (and a Django superuser) see everyone;
- HR sees everyone's performance (scorecards and assessments), because
  appraisal is HR's work, and no sales records beyond what a scorecard
  explains;
- finance sees everyone's sales records (orders and payments) and nobody's
  performance: how a colleague is rated is not finance's business.

A log-in without an employee, an inactive log-in and an employee who has left
see nothing.  A page asks for the sight of one *area* of records, so a role
that sees everything in one area may see nothing in another.
"""

import datetime as dt
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from yeji.org.models import AccountPreference, Employee, Role, Team


class Area(StrEnum):
    """A family of records that a role may see whole, in part or not at all."""

    # Scorecards, their explanations, assessments and appraisal.
    PERFORMANCE = "performance"
    # Customers, visits, orders, payments and the rest of the sales records.
    SALES = "sales"


# The roles that see every employee's records of an area.  A role that is
# neither here nor scoped below (a rep or a manager) sees none of the area.
_WHOLE_AREA_ROLES: dict[Area, frozenset[str]] = {
    Area.PERFORMANCE: frozenset({Role.DIRECTOR, Role.ADMIN, Role.HR}),
    Area.SALES: frozenset({Role.DIRECTOR, Role.ADMIN, Role.FINANCE}),
}

User = AbstractBaseUser | AnonymousUser


def user_employee(user: User, *, today: dt.date | None = None) -> Employee | None:
    """The employee behind a log-in, or None when there is none to act as.

    An employee who has left by ``today`` (default: today in the company's
    time zone) acts as nobody, even if their log-in was not switched off.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    employee = _employee_of(user)
    if employee is None:
        return None
    today = today or timezone.localdate()
    if employee.left_on is not None and employee.left_on < today:
        return None
    return employee


def _employee_of(user: AbstractBaseUser) -> Employee | None:
    # A log-in read with its employee and team (the API's token check reads
    # them in its one query) costs no query here.
    if Employee._meta.get_field("user").remote_field.is_cached(user):
        try:
            employee = user.employee
        except Employee.DoesNotExist:
            return None
        if employee is None or Employee.team.is_cached(employee):
            return employee
    return Employee.objects.filter(user=user).select_related("team").first()


def team_subtree_ids(team_id: int) -> set[int]:
    """The ids of a team and of every team below it, at any depth.

    One query over the team table: even a large company has a few thousand
    teams at most, and walking them in memory is simpler than a recursive
    query that SQLite and PostgreSQL spell differently.
    """
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Team.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found = {team_id}
    stack = [team_id]
    while stack:
        for child in children.get(stack.pop(), ()):
            # The tree has no cycles (the import refuses them), but a
            # hand-edited database might; never loop for ever.
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _sees_whole_area(user: User, employee: Employee | None, area: Area) -> bool:
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return employee is not None and employee.role in _WHOLE_AREA_ROLES[area]


def sees_whole_area(user: User, *, area: Area) -> bool:
    """Whether the user sees every employee's records of ``area``: a query
    may then leave out the test of sight (a join, on some tables) that
    would keep every row anyway."""
    return _sees_whole_area(user, user_employee(user), area)


def visible_employees(user: User, *, area: Area) -> QuerySet[Employee]:
    """The employees whose records of ``area`` the user may see.

    Every list, detail, total and export of the area filters through this
    queryset, so a record outside a user's sight neither shows up nor counts.
    """
    employee = user_employee(user)
    if _sees_whole_area(user, employee, area):
        return Employee.objects.all()
    if employee is None:
        return Employee.objects.none()
    if employee.role == Role.MANAGER:
        return Employee.objects.filter(team_id__in=team_subtree_ids(employee.team_id))
    if employee.role == Role.REP:
        sight = Employee.objects.filter(pk=employee.pk)
        # See in_sight: the one id, for queries that can test it directly.
        sight.sole_employee_id = employee.pk  # type: ignore[attr-defined]
        return sight
    return Employee.objects.none()


def in_sight(path: str, sight: QuerySet[Employee]) -> dict[str, Any]:
    """The filter that keeps the records whose employee at ``path`` (an
    ORM path to an employee) is in ``sight``, a :func:`visible_employees`.

    A rep's own sight, the sight most requests have, is one employee: the
    record's employee id is then compared with it, which the ORM composes
    in about half the time of the semi-join it otherwise composes (the API
    composes one for each request).  A sight filtered further is tested
    as a whole.
    """
    sole = getattr(sight, "sole_employee_id", None)
    if sole is not None:
        return {f"{path}_id": sole}
    return {f"{path}__in": sight}


def visible_teams(user: User, *, area: Area) -> QuerySet[Team]:
    """The teams whose whole membership the user sees in ``area``.

    These are the teams a user may choose as a filter and whose totals they
    may read: every team for a director, a manager's team and those below
    it, and none for a rep, who sees only themself.
    """
    employee = user_employee(user)
    if _sees_whole_area(user, employee, area):
        return Team.objects.all()
    if employee is not None and employee.role == Role.MANAGER:
        return Team.objects.filter(id__in=team_subtree_ids(employee.team_id))
    return Team.objects.none()


def visible_team_ids(user: User, *, area: Area) -> set[int]:
    """The ids of :func:`visible_teams`, for filtering in memory."""
    return set(visible_teams(user, area=area).values_list("id", flat=True))


def is_administrator(user: User) -> bool:
    """Whether the user administers Yeji: a superuser, or an employee with
    the role ``admin`` who has not left.

    Pages for administrators only (importing records, for one) answer 404 to
    everyone else, as a record outside one's sight does.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    employee = user_employee(user)
    return employee is not None and employee.role == Role.ADMIN


def account_language(user: User) -> str | None:
    """The language the log-in chose for itself, or None if it chose none.

    A choice that is no longer one of settings.LANGUAGES counts as none.
    """
    if not user.is_authenticated:
        return None
    language = (
        AccountPreference.objects.filter(user_id=user.pk)
        .values_list("language", flat=True)
        .first()
    )
    if language and language in dict(settings.LANGUAGES):
        return language
    return None
