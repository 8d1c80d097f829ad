"""Why a rep's figure is what it is: the records behind each metric, the
target used, each score and how the weights make the total.

Every figure here comes from ``scorecard_compute`` for the one rep, and the
records from the same source filters and fact filters of ``metrics.py`` that
the scorecard aggregates, so an explanation cannot disagree with the
scorecard.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any, overload

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from yeji.performance.metrics import (
    FACTS_BY_NAME,
    METRICS_BY_NAME,
    Aggregate,
    MetricDef,
    ValueKind,
)
from yeji.performance.models import Dimension, Metric, ScorecardTemplate
from yeji.performance.periods import Period
from yeji.performance.scorecard import RepCard, scorecard_compute
from yeji.performance.scoring import template_spec
from yeji.performance.targets import target_find
from yeji.planning.models import Target


class EmployeeNotOnScorecard(LookupError):
    """The employee does not exist, is not a rep, or was not employed in the
    period."""


class UnknownMetric(LookupError):
    pass


@dataclass(frozen=True)
class RecordRow:
    """One record behind a figure: its natural key, its date in the period
    and the value it brings (an amount, a score, a response time in hours)."""

    key: str
    date: dt.date
    value: Any


class RecordList:
    """The records behind a figure, read lazily: ``count()`` runs a COUNT,
    a slice runs a LIMIT/OFFSET query.  Django's Paginator accepts it."""

    def __init__(
        self,
        queryset: models.QuerySet,
        convert: Callable[[Any], Any] | None = None,
    ):
        self.queryset = queryset
        self._convert = convert or (lambda value: value)

    def _row(self, row: dict[str, Any]) -> RecordRow:
        return RecordRow(row["key"], row["date"], self._convert(row["value"]))

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> RecordRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[RecordRow]: ...
    def __getitem__(self, index: int | slice) -> RecordRow | list[RecordRow]:
        if isinstance(index, slice):
            return [self._row(row) for row in self.queryset[index]]
        return self._row(self.queryset[index])

    def __iter__(self) -> Iterator[RecordRow]:
        return (self._row(row) for row in self.queryset.iterator(chunk_size=2000))


@dataclass
class MetricExplanation:
    """One metric of the rep: its value and the facts it is made of, where it
    sits in the template, the points and target it is scored against, and the
    records behind it."""

    metric: str
    label: str
    kind: ValueKind
    value: Any
    facts: dict[str, Any]
    dimension: str | None
    weight: Decimal | None
    zero: Decimal | None
    full: Decimal | None
    target: Decimal | None
    target_labels: list[str]
    target_metric: str
    score: float | None
    records: RecordList
    record_value: str


@dataclass
class DimensionExplanation:
    dimension: str
    label: str
    weight: Decimal
    score: float | None
    # (metric, weight) of the template's metrics in this dimension.
    metrics: list[tuple[str, Decimal]]


@dataclass
class Explanation:
    period: Period
    template_name: str
    card: RepCard
    metrics: list[MetricExplanation]
    dimensions: list[DimensionExplanation]

    @property
    def score(self) -> float | None:
        return self.card.score

    @property
    def grade(self) -> str | None:
        return self.card.grade


def _fact(card: RepCard, name: str) -> Any:
    """A fact of the card as people read it: a count 0 rather than absent,
    a sum of money with its two places."""
    value = card.facts.get(name)
    if FACTS_BY_NAME[name].aggregate is Aggregate.COUNT:
        return int(value or 0)
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    return value


def metric_records(
    definition: MetricDef, period: Period, employee_id: int
) -> RecordList:
    """The records behind one metric of one rep: the source's records of the
    period meeting any of the metric's fact filters, by date and key."""
    facts = [FACTS_BY_NAME[name] for name in definition.facts]
    source = definition.source
    records = source.records(period, rep_ids=[employee_id])
    conditions = [fact.condition(period) for fact in facts]
    if all(c is not None for c in conditions):
        records = records.filter(reduce(or_, conditions))
    value = facts[0].value
    rows = records.values(
        key=F(source.key_field),
        date=F(source.date_field),
        value=value if not isinstance(value, str) else F(value),
    ).order_by(source.date_field, source.key_field)
    return RecordList(rows)


def scorecard_explain(
    *,
    period: Period,
    employee_no: str,
    template: ScorecardTemplate | str | None = None,
    metric: str | None = None,
) -> Explanation:
    """Explain one rep's scorecard, or only ``metric`` of it.

    Raises EmployeeNotOnScorecard, UnknownMetric or TemplateNotFound with a
    message for people.
    """
    if metric is not None and metric not in METRICS_BY_NAME:
        raise UnknownMetric(
            _("There is no metric %(name)r; the metrics are: %(names)s.")
            % {"name": metric, "names": ", ".join(METRICS_BY_NAME)}
        )
    spec = template_spec(template)
    card_set = scorecard_compute(
        period=period, template=template, employee_no=employee_no
    )
    if not card_set.reps:
        raise EmployeeNotOnScorecard(
            _(
                "%(no)s is not on the scorecard of %(period)s: no rep with that "
                "employee number was employed in the period."
            )
            % {"no": employee_no, "period": period.label}
        )
    card = card_set.reps[0]

    rules = {r.metric: r for r in spec.rules}
    dims = dict(spec.dimensions)
    explained = []
    for definition in METRICS_BY_NAME.values():
        if metric is not None and definition.name != metric:
            continue
        rule = rules.get(definition.name)
        target, labels = None, []
        if rule is not None and rule.full_target:
            target = card.targets.get(definition.name)
            labels = _target_labels(period, card.employee_id, rule.full_target)
        explained.append(
            MetricExplanation(
                metric=definition.name,
                label=str(Metric(definition.name).label),
                kind=definition.kind,
                value=card.metrics[definition.name],
                facts={name: _fact(card, name) for name in definition.facts},
                dimension=rule.dimension if rule else None,
                weight=rule.weight if rule else None,
                zero=rule.zero if rule else None,
                full=(target if rule.full_target else rule.full) if rule else None,
                target=target,
                target_labels=labels,
                target_metric=rule.full_target if rule else "",
                score=card.metric_scores.get(definition.name),
                records=metric_records(definition, period, card.employee_id),
                record_value=FACTS_BY_NAME[definition.facts[0]].shown_value,
            )
        )
    dimensions = [
        DimensionExplanation(
            dimension=d,
            label=str(Dimension(d).label),
            weight=dims[d],
            score=card.dimensions.get(d),
            metrics=[(r.metric, r.weight) for r in spec.rules_of(d)],
        )
        for d, _w in spec.dimensions
    ]
    return Explanation(period, spec.name, card, explained, dimensions)


def _target_labels(period: Period, employee_id: int, target_metric: str) -> list[str]:
    """The labels of the target rows that make the rep's target."""
    rows = Target.objects.filter(
        employee_id=employee_id, period__in=period.target_labels(), metric=target_metric
    ).values_list("employee_id", "period", "metric", "value")
    found = {(rep_id, label, metric): value for rep_id, label, metric, value in rows}
    return target_find(found, employee_id, target_metric, period)[1]
