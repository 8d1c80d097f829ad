"""What people achieved, metric by metric, as the scorecard counts it
(scorecard.md): revenue and orders from confirmed orders by the date
ordered, new customers by owner and date acquired, visits by the local date
of the visit, each credited to the employee the record names.

Each read is one grouped query; callers add the employees' figures up the
team tree themselves.
"""

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth

from yeji.crm.models import Customer, Visit
from yeji.planning.models import TargetMetric
from yeji.sales.models import Order, OrderStatus


def _source(metric: str) -> tuple[QuerySet, str, str, object]:
    """The records behind a metric: queryset, employee column, date column
    and aggregate."""
    if metric == TargetMetric.REVENUE:
        orders = Order.objects.filter(status=OrderStatus.CONFIRMED)
        return orders, "employee_id", "ordered_on", Sum("amount")
    if metric == TargetMetric.ORDERS:
        orders = Order.objects.filter(status=OrderStatus.CONFIRMED)
        return orders, "employee_id", "ordered_on", Count("id")
    if metric == TargetMetric.NEW_CUSTOMERS:
        return Customer.objects.all(), "owner_id", "acquired_on", Count("id")
    if metric == TargetMetric.VISITS:
        return Visit.objects.all(), "employee_id", "visited_on", Count("id")
    raise ValueError(f"unknown target metric {metric!r}")


def achieved_by_employee(
    *,
    metric: str,
    start: dt.date,
    end: dt.date,
    employee_ids: Collection[int] | None = None,
) -> dict[int, Decimal]:
    """Each employee's figure for ``metric`` from ``start`` to ``end``
    (both included); an employee with nothing has no entry.  One query;
    ``employee_ids`` None means everyone."""
    records, who, when, aggregate = _source(metric)
    records = records.filter(**{f"{when}__range": (start, end)})
    if employee_ids is not None:
        records = records.filter(**{f"{who}__in": list(employee_ids)})
    rows = (
        records.order_by()
        .values(who)
        .annotate(figure=aggregate)
        .values_list(who, "figure")
    )
    return {pk: Decimal(figure or 0) for pk, figure in rows}


def achieved_by_employee_and_month(
    *,
    metric: str,
    start: dt.date,
    end: dt.date,
    employee_ids: Collection[int] | None = None,
) -> dict[tuple[int, str], Decimal]:
    """Each employee's figure per month (``2025-03``) from ``start`` to
    ``end``; one query."""
    records, who, when, aggregate = _source(metric)
    records = records.filter(**{f"{when}__range": (start, end)})
    if employee_ids is not None:
        records = records.filter(**{f"{who}__in": list(employee_ids)})
    rows = (
        records.order_by()
        .annotate(month=TruncMonth(when))
        .values(who, "month")
        .annotate(figure=aggregate)
        .values_list(who, "month", "figure")
    )
    return {(pk, f"{month:%Y-%m}"): Decimal(figure or 0) for pk, month, figure in rows}
