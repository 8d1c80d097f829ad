"""What is worth a reminder today: tasks, follow-ups and work reports.

Each source answers with :class:`Due` items, one per thing and person, that
``services.reminders_generate`` turns into notifications.  The follow-up
rule (crm) and the work reports (planning) belong to other apps; each is
reached through one function here (``follow_ups_due``,
``reports_unreviewed``), so that when their apps change, only that function
does.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from yeji.crm import followups
from yeji.crm.models import Customer
from yeji.notify.models import ReminderKind
from yeji.org.models import Employee
from yeji.planning.models import Task
from yeji.planning.reports import reports_awaiting_review


@dataclass(frozen=True)
class Due:
    """One thing of one employee's to be reminded of: to the employee, and
    to their manager too when it is ``overdue``; to the manager alone when
    it is ``managers_only`` (a report waiting for its review)."""

    employee: Employee
    kind: ReminderKind
    subject: str
    overdue: bool
    details: dict = field(default_factory=dict)
    managers_only: bool = False


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
    """Kept customers whose follow-up falls due today (by their level's
    limit, or the next follow-up date a visit set) or is past already: the
    same rule, from ``crm.followups``, as the rep's home page and the
    follow-up list."""
    customers = Customer.objects.filter(owner__in=_working(today).values("id"))
    found = []
    for customer in followups.follow_ups_due(customers, today=today, ahead=0):
        follow_up = followups.follow_up_of(customer, today=today)
        found.append(
            Due(
                employee=customer.owner,
                kind=(
                    ReminderKind.FOLLOW_UP_OVERDUE
                    if follow_up.overdue
                    else ReminderKind.FOLLOW_UP_DUE
                ),
                subject=customer.code,
                overdue=follow_up.overdue,
                details={
                    "customer": customer.name,
                    "last_contact": follow_up.last_contact_on.isoformat(),
                    "days": (today - follow_up.last_contact_on).days,
                    "limit": follow_up.gap,
                    "due_on": follow_up.due_on.isoformat(),
                },
            )
        )
    return found


def reports_unreviewed(today: dt.date) -> list[Due]:
    """Work reports handed in before today and not reviewed yet: a reminder
    to the rep's manager (the rep has done their part)."""
    submitted_before = dt.datetime.combine(
        today, dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    waiting = reports_awaiting_review(_working(today)).filter(
        submitted_at__lt=submitted_before
    )
    return [
        Due(
            employee=report.employee,
            kind=ReminderKind.REPORT_UNREVIEWED,
            subject=report.report_no,
            overdue=True,
            managers_only=True,
            details={
                "report_kind": report.kind,
                "starts_on": report.starts_on.isoformat(),
                "submitted_on": timezone.localdate(report.submitted_at).isoformat(),
            },
        )
        for report in waiting.iterator(chunk_size=2000)
    ]


SOURCES = (tasks_due, follow_ups_due, reports_unreviewed)
