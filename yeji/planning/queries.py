"""The planning app's reads for the home pages: targets against the pace of
the period, and the tasks a person must see to.

Callers pass the employees whose records may be read (an
``org.queries.visible_employees`` queryset), so nothing here decides who sees
what.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from yeji.org.models import Employee
from yeji.performance.queries import Period, RepCard
from yeji.performance.targets import targets_by_rep
from yeji.planning.models import TargetMetric, Task
from yeji.targets.calendar import elapsed_working_days

# The scorecard metric that measures what each target metric asks for.
ACHIEVED_BY = {
    TargetMetric.REVENUE: "revenue",
    TargetMetric.ORDERS: "order_count",
    TargetMetric.NEW_CUSTOMERS: "new_customers",
    TargetMetric.VISITS: "visits",
}


@dataclass(frozen=True)
class TargetPace:
    """A rep's progress on one target of a period, beside the time gone.

    ``done`` is achieved ÷ target (0.62 for 62%), ``elapsed`` the share of
    the period's working days gone by the as-of date, that day included.  ``gap``
    is ``done - elapsed``: below zero the rep is behind the pace that would
    reach the target on the period's last day.
    """

    employee_id: int
    employee_no: str
    name: str
    metric: str
    achieved: Decimal
    target: Decimal
    done: float
    elapsed: float

    @property
    def gap(self) -> float:
        return self.done - self.elapsed

    @property
    def label(self) -> str:
        return str(TargetMetric(self.metric).label)


def period_elapsed_share(period: Period) -> float:
    """The share of the period's working days gone by its as-of date, that
    day included, by the company's calendar (``targets.calendar``): in
    February 2026, with the Spring Festival off and two make-up Saturdays,
    the 16 working days count, not the 28 days."""
    return elapsed_working_days(period.start, period.end, period.as_of).share


def target_pace(*, period: Period, cards: list[RepCard]) -> list[TargetPace]:
    """Every target the reps of ``cards`` have for the period, with what
    they achieved (read from their scorecard, never recomputed) and the
    share of the period gone, rep by rep in the cards' order, metrics in
    the order of TargetMetric.

    Targets follow the scorecard's rule (performance.targets): a quarter
    without its own target adds up its three months'.  One query.
    """
    if not cards:
        return []
    ids = [card.employee_id for card in cards]
    targets = targets_by_rep(period, reps=Employee.objects.filter(id__in=ids))
    elapsed = period_elapsed_share(period)
    paces = []
    for card in cards:
        for metric in TargetMetric:
            target = targets.get((card.employee_id, metric.value))
            if target is None:
                continue
            achieved = Decimal(card.metrics.get(ACHIEVED_BY[metric]) or 0)
            paces.append(
                TargetPace(
                    employee_id=card.employee_id,
                    employee_no=card.employee_no,
                    name=card.name,
                    metric=metric.value,
                    achieved=achieved,
                    target=target,
                    done=float(achieved / target),
                    elapsed=elapsed,
                )
            )
    return paces


def reps_behind_pace(paces: list[TargetPace], *, limit: int) -> list[TargetPace]:
    """The reps furthest behind their pace: each rep's worst target, the
    reps ordered by it (furthest behind first), only those behind."""
    worst: dict[int, TargetPace] = {}
    for pace in paces:
        known = worst.get(pace.employee_id)
        if known is None or pace.gap < known.gap:
            worst[pace.employee_id] = pace
    behind = [p for p in worst.values() if p.gap < 0]
    return sorted(behind, key=lambda p: (p.gap, p.employee_no))[:limit]


@dataclass(frozen=True)
class TaskList:
    """Open tasks of some employees: those past their date and those due
    in the rest of the week, each the oldest first, at most ``limit`` of
    each, with the full counts."""

    overdue: list[Task]
    overdue_count: int
    due_this_week: list[Task]
    due_this_week_count: int


def week_end(day: dt.date) -> dt.date:
    """The Sunday of the week (Monday to Sunday) holding ``day``."""
    return day + dt.timedelta(days=6 - day.weekday())


def tasks_open(*, employees: QuerySet, today: dt.date, limit: int) -> TaskList:
    """The employees' tasks not completed: overdue (due before ``today``)
    and due from ``today`` to the week's Sunday.  Four queries, served by
    the (employee, due date) index."""
    open_tasks = (
        Task.objects.filter(employee__in=employees.values("id"), completed_on=None)
        .select_related("employee")
        .order_by("due_on", "task_no")
    )
    overdue = open_tasks.filter(due_on__lt=today)
    this_week = open_tasks.filter(due_on__gte=today, due_on__lte=week_end(today))
    return TaskList(
        overdue=list(overdue[:limit]),
        overdue_count=overdue.count(),
        due_this_week=list(this_week[:limit]),
        due_this_week_count=this_week.count(),
    )


def overdue_tasks_by_team(*, employees: QuerySet, today: dt.date) -> dict[int, int]:
    """How many open tasks past their date each team's employees have, by
    the employees' own team id (not summed up the tree).  One query."""
    rows = (
        Task.objects.filter(
            employee__in=employees.values("id"), completed_on=None, due_on__lt=today
        )
        .order_by()
        .values("employee__team_id")
        .annotate(n=Count("id"))
        .values_list("employee__team_id", "n")
    )
    return dict(rows)
