"""Reads behind the task pages: whose tasks a user sees, and the filters.

Tasks are sales work, so their sight is that of the sales area of
``yeji.org.queries`` with one exception: finance sees every order and
payment but nobody's tasks, since a rep's to-do list is no business of
finance.  HR sees no sales records at all, so no tasks either.

Dates are the company's local dates (``timezone.localdate()``), passed in
as ``today`` so that a page and its tests agree on what "today" is.
"""

import datetime as dt
from enum import StrEnum

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yeji.org.models import Employee, Role
from yeji.org.queries import Area, User, user_employee, visible_employees
from yeji.planning.models import Task


class TaskShow(StrEnum):
    """Which of the visible tasks a list shows."""

    OPEN = "open"
    OVERDUE = "overdue"
    WEEK = "week"
    DONE = "done"
    ALL = "all"


TASK_SHOW_LABELS = {
    TaskShow.OPEN: _("Open"),
    TaskShow.OVERDUE: _("Overdue"),
    TaskShow.WEEK: _("Due this week"),
    TaskShow.DONE: _("Done"),
    TaskShow.ALL: _("All tasks"),
}


def task_sight(user: User) -> QuerySet[Employee]:
    """The employees whose tasks ``user`` may see (and complete)."""
    employee = user_employee(user)
    if employee is not None and employee.role == Role.FINANCE and not user.is_superuser:
        return Employee.objects.none()
    return visible_employees(user, area=Area.SALES)


def tasks_visible(user: User) -> QuerySet[Task]:
    return Task.objects.filter(employee__in=task_sight(user))


def week_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and the Sunday of the week holding ``today``.

    Weeks start on Monday, as Chinese calendars and ISO 8601 have them.
    """
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def tasks_shown(
    tasks: QuerySet[Task], *, show: TaskShow, today: dt.date
) -> QuerySet[Task]:
    """``tasks`` narrowed to ``show`` and put in the order the list reads.

    - open: not completed, soonest due first;
    - overdue: not completed and due before ``today`` (a task due today is
      not overdue yet), oldest first;
    - week: not completed and due from this week's Monday to its Sunday,
      including the days of the week already past;
    - done: completed, whenever (a task completed after its due date is
      done all the same), latest due first;
    - all: every task, latest due first.

    Orders run on ``(due_on, task_no)``, the index that keeps a long list's
    pages quick.
    """
    if show == TaskShow.OPEN:
        tasks = tasks.filter(completed_on__isnull=True)
    elif show == TaskShow.OVERDUE:
        tasks = tasks.filter(completed_on__isnull=True, due_on__lt=today)
    elif show == TaskShow.WEEK:
        monday, sunday = week_bounds(today)
        tasks = tasks.filter(completed_on__isnull=True, due_on__range=(monday, sunday))
    elif show == TaskShow.DONE:
        tasks = tasks.filter(completed_on__isnull=False)
    if show in (TaskShow.DONE, TaskShow.ALL):
        return tasks.order_by("-due_on", "-task_no")
    return tasks.order_by("due_on", "task_no")


def task_assignees(user: User, *, today: dt.date) -> QuerySet[Employee]:
    """Whom ``user`` may give a new task to.

    Oneself, and for a manager, a director or an administrator every rep in
    their sight.  Nobody who has left by ``today``.  A user who sees no
    tasks (finance, HR, a log-in without an employee) may give none.
    """
    sight = task_sight(user)
    employee = user_employee(user, today=today)
    if employee is not None and employee.role == Role.REP:
        assignable = sight.filter(pk=employee.pk)
    elif employee is not None:
        assignable = sight.filter(role=Role.REP) | sight.filter(pk=employee.pk)
    else:
        assignable = sight.filter(role=Role.REP)
    return (
        assignable.exclude(left_on__lt=today)
        .select_related("team")
        .order_by("employee_no")
    )
