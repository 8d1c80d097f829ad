"""Scorecard templates as the engine reads them, and how scores are made.

A template (weights of dimensions and metrics, the values scoring 0 and 100)
is data in ScorecardTemplate and its rows; this module loads one into plain
values and applies scorecard.md's scoring rules to a rep's metrics.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from yeji.performance.models import Dimension, Metric, ScorecardTemplate


class TemplateNotFound(LookupError):
    """No template by the name asked for, or no default template."""


@dataclass(frozen=True)
class MetricRule:
    """How one metric is scored and weighed within its dimension."""

    metric: str
    dimension: str
    weight: Decimal
    zero: Decimal
    full: Decimal | None
    full_target: str


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    # (dimension, weight) in the order of Dimension.
    dimensions: list[tuple[str, Decimal]]
    # In the order of Metric.
    rules: list[MetricRule]

    def rules_of(self, dimension: str) -> list[MetricRule]:
        return [r for r in self.rules if r.dimension == dimension]

    @cached_property
    def points(self) -> list[tuple[str, float, float | None, str]]:
        """(metric, zero, full, full_target) of each rule, as floats for the
        arithmetic of scores; full is None where it is a target."""
        return [
            (
                r.metric,
                float(r.zero),
                None if r.full is None else float(r.full),
                r.full_target,
            )
            for r in self.rules
        ]

    @cached_property
    def layout(self) -> list[tuple[str, float, list[tuple[str, float]]]]:
        """Each weighed dimension with its weight and the (metric, weight) of
        its rules, as floats."""
        return [
            (d, float(w), [(r.metric, float(r.weight)) for r in self.rules_of(d)])
            for d, w in self.dimensions
        ]

    @property
    def target_metrics(self) -> set[str]:
        return {r.full_target for r in self.rules if r.full_target}


def template_spec(template: ScorecardTemplate | str | None = None) -> TemplateSpec:
    """Load a template: the one given, the one by that name, or the default.

    Takes two queries beside the template itself (its dimensions and its
    metrics).
    """
    if not isinstance(template, ScorecardTemplate):
        qs = ScorecardTemplate.objects.all()
        try:
            if template is None:
                template = qs.get(is_default=True)
            else:
                template = qs.get(name=template)
        except ScorecardTemplate.DoesNotExist:
            names = ", ".join(qs.values_list("name", flat=True)) or "-"
            if template is None:
                raise TemplateNotFound(
                    _("No scorecard template is marked default (templates: %(names)s).")
                    % {"names": names}
                ) from None
            raise TemplateNotFound(
                _("There is no scorecard template %(name)r (templates: %(names)s).")
                % {"name": template, "names": names}
            ) from None

    dimension_order = {d: i for i, d in enumerate(Dimension.values)}
    metric_order = {m: i for i, m in enumerate(Metric.values)}
    dimensions = sorted(
        ((d.dimension, d.weight) for d in template.dimensions.all()),
        key=lambda item: dimension_order.get(item[0], len(dimension_order)),
    )
    rules = sorted(
        (
            MetricRule(m.metric, m.dimension, m.weight, m.zero, m.full, m.full_target)
            for m in template.metrics.all()
        ),
        key=lambda r: metric_order.get(r.metric, len(metric_order)),
    )
    return TemplateSpec(template.name, dimensions, rules)


def metric_score(
    value: Any, zero: Decimal | float, full: Decimal | float | None
) -> float | None:
    """The score of ``value`` on the straight line from ``zero`` (0) to
    ``full`` (100), clamped to 0..100; None without a value or a full point.
    """
    if value is None or full is None or full == zero:
        return None
    zero_f = float(zero)
    score = 100 * (float(value) - zero_f) / (float(full) - zero_f)
    return min(max(score, 0.0), 100.0)


def weighted_mean(pairs: list[tuple[Decimal | float, float | None]]) -> float | None:
    """The weighted mean over the scores present; None when none is, or when
    those present weigh nothing together."""
    total = 0.0
    weighted = 0.0
    for weight, score in pairs:
        if score is not None:
            total += float(weight)
            weighted += float(weight) * score
    if total == 0:
        return None
    return weighted / total


def grade(score: float | None) -> str | None:
    if score is None:
        return None
    for floor, letter in ((90, "S"), (80, "A"), (70, "B"), (60, "C")):
        if score >= floor:
            return letter
    return "D"
