"""A rep's targets for a period, by the rule of scorecard.md: the target
row with the period's own label; else, for a quarter, the sum of its three
months when all exist; for a year, the sum of its four quarters, each found
the same way.  A custom range has none.
"""

from decimal import Decimal
from functools import reduce
from operator import add
from typing import Any

from django.db import models
from django.db.models import Max
from django.db.models.functions import Coalesce

from yeji.performance.periods import Period, PeriodKind, quarter_months, year_quarters
from yeji.planning.models import Target


def _target_expression(label: str, kind: PeriodKind) -> Any:
    """The SQL of scorecard.md's target rule for one label: the row with the
    label, else the sum of its parts (a quarter's months, a year's quarters,
    each found the same way).  A missing part is NULL and makes the sum
    NULL, which is the rule's "when all exist"."""
    own = Max("value", filter=models.Q(period=label))
    if kind is PeriodKind.MONTH:
        return own
    if kind is PeriodKind.QUARTER:
        parts = [Max("value", filter=models.Q(period=m)) for m in quarter_months(label)]
    else:
        parts = [
            _target_expression(q, PeriodKind.QUARTER) for q in year_quarters(label)
        ]
    return Coalesce(own, reduce(add, parts))


def targets_by_rep(
    period: Period, *, reps: models.QuerySet | None = None
) -> dict[tuple[int, str], Decimal]:
    """Each rep's target per target metric for the period, found in one
    grouped query; a rep without one has no entry."""
    labels = period.target_labels()
    if not labels:
        return {}
    qs = Target.objects.filter(period__in=labels)
    if reps is not None:
        qs = qs.filter(employee_id__in=reps.values("id"))
    rows = (
        qs.order_by()
        .values("employee_id", "metric")
        .annotate(target=_target_expression(period.label, period.kind))
        .values_list("employee_id", "metric", "target")
    )
    return {
        (rep_id, metric): value for rep_id, metric, value in rows if value is not None
    }


def target_find(
    targets: dict[tuple[int, str, str], Decimal],
    rep_id: int,
    metric: str,
    period: Period,
) -> tuple[Decimal | None, list[str]]:
    """A rep's target for ``metric`` in the period and the labels of the
    target rows it adds up, from target rows keyed by (rep id, label,
    metric): the rule of ``_target_expression`` read in Python, so that an
    explanation can name the rows it used."""

    def find(label: str, kind: PeriodKind) -> tuple[Decimal | None, list[str]]:
        own = targets.get((rep_id, label, metric))
        if own is not None:
            return own, [label]
        if kind is PeriodKind.QUARTER:
            parts = [find(month, PeriodKind.MONTH) for month in quarter_months(label)]
        elif kind is PeriodKind.YEAR:
            parts = [find(q, PeriodKind.QUARTER) for q in year_quarters(label)]
        else:
            return None, []
        if any(value is None for value, _labels in parts):
            return None, []
        return sum((v for v, _l in parts), Decimal(0)), [
            lab for _v, labels in parts for lab in labels
        ]

    if period.kind is PeriodKind.RANGE:
        return None, []
    return find(period.label, period.kind)
