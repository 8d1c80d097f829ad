"""What is worth a reminder today: tasks, follow-ups and work reports.

Each source answers with :class:`Due` items, one per thing and person, that
``services.reminders_generate`` turns into notifications.  The follow-up
rule and the work reports belong to other apps; each is reached through one
function here (``follow_ups_due``, ``reports_unreviewed``), so that when
their apps change, only that function does.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from yeji.crm.queries import customers_overdue_for_contact
from yeji.notify.models import ReminderKind
from yeji.org.models import Employee
from yeji.planning.models import Task

# More than any company's customers: the follow-up query lists them all.
_ALL = 10**9


@dataclass(frozen=True)
class Due:
    """One thing one employee is to be reminded of; ``overdue`` things are
    told to their manager too."""

    employee: Employee
    kind: ReminderKind
    subject: str
    overdue: bool
    details: dict = field(default_factory=dict)


def _working(today: dt.date) -> QuerySet[Employee]:
    """Employees still with the company on ``today``."""
    return Employee.objects.filter(Q(left_on__isnull=True) | Q(left_on__gte=today))


def tasks_due(today: dt.date) -> list[Due]:
    """Open tasks due today or before, of employees still working."""
    tasks = (
        Task.objects.filter(
            completed_on__isnull=True,
            due_on__lte=today,
            employee__in=_working(today).values("id"),
        )
        .select_related("employee__team")
        .order_by("due_on", "task_no")
    )
    found = []
    for task in tasks.iterator(chunk_size=2000):
        overdue = task.due_on < today
        found.append(
            Due(
                employee=task.employee,
                kind=ReminderKind.TASK_OVERDUE if overdue else ReminderKind.TASK_DUE,
                subject=task.task_no,
                overdue=overdue,
                details={
                    "title": task.title,
                    "due_on": task.due_on.isoformat(),
                    "days": (today - task.due_on).days,
                },
            )
        )
    return found


def follow_ups_due(today: dt.date) -> list[Due]:
    """Customers to contact today (their level's limit ends today) or past
    their limit already.

    TODO: this asks crm's home-page rule (``customers_overdue_for_contact``:
    A 14, B 30, C 60 days); when crm has its own follow-up rule, call that
    here instead, or a rep's reminders and home page may disagree.
    """
    # A customer overdue tomorrow is due today, or overdue already.
    tomorrow = today + dt.timedelta(days=1)
    quiet, _count = customers_overdue_for_contact(
        employees=_working(today), today=tomorrow, limit=_ALL
    )
    found = []
    for row in quiet:
        days = row.days - 1
        overdue = days > row.limit
        found.append(
            Due(
                employee=row.customer.owner,
                kind=(
                    ReminderKind.FOLLOW_UP_OVERDUE
                    if overdue
                    else ReminderKind.FOLLOW_UP_DUE
                ),
                subject=row.customer.code,
                overdue=overdue,
                details={
                    "customer": row.customer.name,
                    "last_contact": row.last_contact.isoformat(),
                    "days": days,
                    "limit": row.limit,
                },
            )
        )
    return found


def reports_unreviewed(today: dt.date) -> list[Due]:
    """Work reports waiting for their manager's review.

    TODO: work reports do not exist yet (the plans app brings them); until
    then nobody is reminded of an unreviewed report.
    """
    return []


SOURCES = (tasks_due, follow_ups_due, reports_unreviewed)
