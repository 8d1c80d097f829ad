"""Every write of tasks: giving one, completing it and opening it again."""

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yeji.numbering import create_once
from yeji.org.models import Employee
from yeji.org.queries import User
from yeji.planning.models import Task
from yeji.planning.tasklists import task_assignees, tasks_visible

logger = logging.getLogger(__name__)


@transaction.atomic
def task_create(
    *,
    user: User,
    employee: Employee,
    title: str,
    due_on: dt.date,
    task_no: str | None = None,
) -> tuple[Task, bool]:
    """Give ``employee`` a task; returns it and whether it is new.

    ``task_no`` is the number the form was opened with (see
    ``TaskCreateForm``): a second submit of the same form finds the task
    the first one made and makes no other.  Without it a fresh number is
    drawn.  Refuses (PermissionDenied) an assignee the user may not give
    tasks to.
    """
    today = timezone.localdate()
    if not task_assignees(user, today=today).filter(pk=employee.pk).exists():
        raise PermissionDenied("This employee cannot be given a task by this user.")

    task, created = create_once(
        Task,
        key_field="task_no",
        key=task_no,
        letter="T",
        on=today,
        employee=employee,
        title=title,
        due_on=due_on,
    )
    if not created:
        return task, False

    logger.info(
        "task created",
        extra={"task_no": task.task_no, "employee_no": employee.employee_no},
    )
    return task, True


def _visible_task(user: User, task_no: str) -> Task:
    """The task, locked for the change, or Task.DoesNotExist when the user
    does not see it (exactly as when there is none)."""
    return (
        tasks_visible(user)
        .select_for_update(of=("self",))
        .select_related("employee")
        .get(task_no=task_no)
    )


@transaction.atomic
def task_complete(*, user: User, task_no: str) -> Task:
    """Mark the task done today (the company's local date).

    A task already done keeps the day it was first completed, so a second
    tap changes nothing.  Raises Task.DoesNotExist for a task out of sight.
    """
    task = _visible_task(user, task_no)
    if task.completed_on is None:
        task.completed_on = timezone.localdate()
        task.save(update_fields=["completed_on"])
        logger.info("task completed", extra={"task_no": task.task_no})
    return task


@transaction.atomic
def task_reopen(*, user: User, task_no: str) -> Task:
    """Undo a completion: the task is open again.

    Raises Task.DoesNotExist for a task out of sight.
    """
    task = _visible_task(user, task_no)
    if task.completed_on is not None:
        task.completed_on = None
        task.save(update_fields=["completed_on"])
        logger.info("task reopened", extra={"task_no": task.task_no})
    return task
