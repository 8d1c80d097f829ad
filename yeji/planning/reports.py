"""Work reports (日报 and 周报): their figures, who sees them, which are
missing, and every write of them.

A report is seen by whoever sees its rep's tasks (``task_sight``): the rep,
their managers up the tree, directors and administrators; not finance or
HR.  It is written by the rep, for a day or a week that has begun; read,
commented on and marked reviewed by those above them.

The reminders (another app) call :func:`reports_awaiting_review` and
:func:`missing_reports` with the employees a person oversees.
"""

import datetime as dt
import logging
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.crm.models import Customer, Visit
from yeji.numbering import new_key
from yeji.org.models import Employee, Role
from yeji.org.queries import User, user_employee
from yeji.planning.models import ReportComment, ReportKind, Task, WorkReport
from yeji.planning.tasklists import task_sight, week_bounds
from yeji.sales.models import Order, OrderStatus, Payment
from yeji.targets.calendar import WorkingCalendar, calendar_for

logger = logging.getLogger(__name__)

# The roles who write reports, and those who review them.
WRITERS = frozenset({Role.REP})
REVIEWERS = frozenset({Role.MANAGER, Role.DIRECTOR, Role.ADMIN})

# The longest stretch the missing-reports list covers at once.
LONGEST_MISSING_SPAN = dt.timedelta(days=62)

# A second send of the same comment within this long is the same comment.
COMMENT_RESEND = dt.timedelta(minutes=10)


# -- the calendar -----------------------------------------------------------


def working_days(
    start: dt.date, end: dt.date, calendar: WorkingCalendar | None = None
) -> list[dt.date]:
    """The days from ``start`` to ``end`` (both included) on which a daily
    report is due: the company calendar's working days, so no report is
    owed on a public holiday and one is on a make-up Saturday.  One query,
    none when given the ``calendar`` of a range holding these days."""
    calendar = calendar or calendar_for(start, end)
    days = []
    day = start
    while day <= end:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def report_period(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day a report of ``kind`` holding ``day`` covers:
    the day itself, or its week from Monday to Sunday."""
    if kind == ReportKind.WEEKLY:
        return week_bounds(day)
    return day, day


# -- figures ----------------------------------------------------------------


@dataclass(frozen=True)
class ReportFigures:
    """What a rep's own records say of a day or week.

    - visits: their visits on those days, every channel;
    - new_customers: customers they own acquired on those days;
    - orders, order_amount: their confirmed orders placed on those days,
      as revenue counts them;
    - collections (回款): payments received on those days against orders
      credited to them, whatever the order's status;
    - tasks_done: their tasks completed on those days.
    """

    visits: int
    new_customers: int
    orders: int
    order_amount: Decimal
    collections: Decimal
    tasks_done: int


def report_figures(
    employee: Employee, starts_on: dt.date, ends_on: dt.date
) -> ReportFigures:
    """The rep's figures from ``starts_on`` to ``ends_on``: five aggregate
    queries, each served by the table's (employee, date) index."""
    days = (starts_on, ends_on)
    orders = Order.objects.filter(
        employee=employee, ordered_on__range=days, status=OrderStatus.CONFIRMED
    ).aggregate(n=Count("id"), amount=Sum("amount"))
    collected = Payment.objects.filter(
        order__employee=employee, paid_on__range=days
    ).aggregate(amount=Sum("amount"))
    return ReportFigures(
        visits=Visit.objects.filter(employee=employee, visited_on__range=days).count(),
        new_customers=Customer.objects.filter(
            owner=employee, acquired_on__range=days
        ).count(),
        orders=orders["n"],
        order_amount=orders["amount"] or Decimal("0.00"),
        collections=collected["amount"] or Decimal("0.00"),
        tasks_done=Task.objects.filter(
            employee=employee, completed_on__range=days
        ).count(),
    )


# -- sight and lists --------------------------------------------------------


def reports_visible(user: User) -> QuerySet[WorkReport]:
    return WorkReport.objects.filter(employee__in=task_sight(user))


def reports_awaiting_review(employees: QuerySet[Employee]) -> QuerySet[WorkReport]:
    """The reports of ``employees`` nobody has marked reviewed yet, the
    oldest first (for a reminder, a count or a list)."""
    return (
        WorkReport.objects.filter(
            employee__in=employees.values("id"), reviewed_at__isnull=True
        )
        .select_related("employee")
        .order_by("submitted_at", "report_no")
    )


def report_writers(employees: QuerySet[Employee]) -> QuerySet[Employee]:
    """Those of ``employees`` who write reports: the reps."""
    return employees.filter(role__in=WRITERS)


@dataclass(frozen=True)
class MissingReport:
    """A report a rep has not written: of ``kind``, for the day or the
    week starting ``starts_on``."""

    employee: Employee
    kind: str
    starts_on: dt.date

    @property
    def label(self) -> str:
        return str(ReportKind(self.kind).label)


def missing_reports(
    *,
    employees: QuerySet[Employee],
    start: dt.date,
    end: dt.date,
    kind: str = ReportKind.DAILY,
) -> list[MissingReport]:
    """The reports the reps among ``employees`` owe from ``start`` to
    ``end`` and have not written, the latest first, then by employee
    number.

    Daily: one for each working day (:func:`working_days`) the rep was
    employed.  Weekly: one for each week that ends by ``end``, starts on or
    after the Monday of ``start``'s week, and holds a working day of the
    rep's employment.  Three queries, whatever the number of reps; the span
    is at most LONGEST_MISSING_SPAN, so the list stays a list.
    """
    if end < start:
        return []
    start = max(start, end - LONGEST_MISSING_SPAN)
    reps = list(
        report_writers(employees).select_related("team").order_by("employee_no")
    )
    calendar = calendar_for(week_bounds(start)[0], end)
    if kind == ReportKind.WEEKLY:
        first_monday = week_bounds(start)[0]
        periods = []
        monday = first_monday
        while monday + dt.timedelta(days=6) <= end:
            periods.append((monday, monday + dt.timedelta(days=6)))
            monday += dt.timedelta(days=7)
    else:
        periods = [(day, day) for day in working_days(start, end, calendar)]
    if not periods or not reps:
        return []
    written = set(
        WorkReport.objects.filter(
            employee__in=[r.pk for r in reps],
            kind=kind,
            starts_on__range=(periods[0][0], periods[-1][0]),
        ).values_list("employee_id", "starts_on")
    )
    missing = []
    for first, last in reversed(periods):
        for rep in reps:
            employed = [
                day
                for day in working_days(first, last, calendar)
                if rep.hired_on <= day and (rep.left_on is None or day <= rep.left_on)
            ]
            if employed and (rep.pk, first) not in written:
                missing.append(MissingReport(employee=rep, kind=kind, starts_on=first))
    return missing


def report_comments(report: WorkReport) -> QuerySet[ReportComment]:
    return report.comments.select_related("author").order_by("created_at", "id")


def report_reviewable(user: User, report: WorkReport) -> bool:
    """Whether ``user`` may mark the report reviewed: someone above the rep
    who sees the report, never the rep themself."""
    employee = user_employee(user)
    if employee is None or employee.pk == report.employee_id:
        return False
    if employee.role not in REVIEWERS and not user.is_superuser:
        return False
    return reports_visible(user).filter(pk=report.pk).exists()


# -- writes -----------------------------------------------------------------


@transaction.atomic
def report_submit(
    *,
    user: User,
    kind: str,
    day: dt.date,
    wins: str = "",
    problems: str = "",
    next_steps: str = "",
    help_needed: str = "",
) -> tuple[WorkReport, bool]:
    """Write the user's own report of ``kind`` for the day or week holding
    ``day``; returns it and whether it is new.

    The figures are read from the rep's records now.  Writing the same
    report again before it is reviewed rewrites the words and reads the
    figures again (so a second send of the form changes nothing); after
    review it is refused.  Refuses (PermissionDenied) a user who writes no
    reports and (ValidationError) a day or week not begun.
    """
    today = timezone.localdate()
    employee = user_employee(user, today=today)
    if employee is None or employee.role not in WRITERS:
        raise PermissionDenied("Only reps write work reports.")
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose a daily or a weekly report.")})
    starts_on, ends_on = report_period(kind, day)
    if starts_on > today:
        raise ValidationError({"day": _("This day has not come yet.")})
    figures = report_figures(employee, starts_on, ends_on)
    values = {
        "ends_on": ends_on,
        "wins": wins,
        "problems": problems,
        "next_steps": next_steps,
        "help_needed": help_needed,
        "submitted_at": timezone.now(),
        **asdict(figures),
    }

    report = (
        WorkReport.objects.select_for_update()
        .filter(employee=employee, kind=kind, starts_on=starts_on)
        .first()
    )
    if report is None:
        try:
            with transaction.atomic():
                report = WorkReport.objects.create(
                    report_no=new_key("WR", on=today),
                    employee=employee,
                    kind=kind,
                    starts_on=starts_on,
                    **values,
                )
        except IntegrityError:
            # The same form sent twice at once: the other send wrote it.
            report = WorkReport.objects.select_for_update().get(
                employee=employee, kind=kind, starts_on=starts_on
            )
        else:
            logger.info("work report written", extra={"report_no": report.report_no})
            return report, True
    if report.reviewed_at is not None:
        raise ValidationError(
            {"day": _("This report has been reviewed and can no longer be changed.")}
        )
    for name, value in values.items():
        setattr(report, name, value)
    report.save(update_fields=list(values))
    logger.info("work report rewritten", extra={"report_no": report.report_no})
    return report, False


def _report_in_sight(user: User, report_no: str) -> WorkReport:
    return (
        reports_visible(user)
        .select_for_update(of=("self",))
        .select_related("employee")
        .get(report_no=report_no)
    )


@transaction.atomic
def report_comment_add(*, user: User, report_no: str, body: str) -> ReportComment:
    """A comment on a report in sight, by its rep or anyone above them.

    The same words sent again within COMMENT_RESEND (a double tap) return
    the first comment.  Raises WorkReport.DoesNotExist out of sight.
    """
    report = _report_in_sight(user, report_no)
    author = user_employee(user)
    if author is None:
        raise PermissionDenied("Only employees comment on reports.")
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})

    earlier = report.comments.filter(
        author=author, body=body, created_at__gte=timezone.now() - COMMENT_RESEND
    ).first()
    if earlier is not None:
        return earlier
    comment = ReportComment.objects.create(report=report, author=author, body=body)

    logger.info("work report commented", extra={"report_no": report.report_no})
    return comment


@transaction.atomic
def report_review(*, user: User, report_no: str) -> WorkReport:
    """Mark a report reviewed by the user, now; a report already reviewed
    keeps its first review.  Raises WorkReport.DoesNotExist out of sight
    and PermissionDenied for the rep themself or a role that reviews not."""
    report = _report_in_sight(user, report_no)
    if not report_reviewable(user, report):
        raise PermissionDenied("This user does not review this report.")

    if report.reviewed_at is None:
        report.reviewed_at = timezone.now()
        report.reviewed_by = user_employee(user)
        report.save(update_fields=["reviewed_at", "reviewed_by"])
        logger.info("work report reviewed", extra={"report_no": report.report_no})
    return report
