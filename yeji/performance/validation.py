"""The rules a scorecard template must keep across its rows.

One row's rules (a weight not negative, ``zero`` unlike ``full``) are in the
models' ``clean()`` and in database constraints.  The rules here look at
several rows at once: weights that are all zero would divide by nothing, so
no rep could get a score.  The admin's formsets and ``template_check`` use
the same functions.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yeji.performance.models import Dimension, ScorecardTemplate


def dimension_weights_error(weights: Iterable[Decimal]) -> str | None:
    """Why a template's dimension weights cannot be used, or None."""
    weights = list(weights)
    if not weights:
        return _(
            "weight: a template needs at least one dimension, or no rep would get "
            "a score."
        )
    if all(w == 0 for w in weights):
        return _(
            "weight: the dimension weights are all zero; give at least one "
            "dimension a weight above zero, or no rep would get a score."
        )
    return None


def metric_weights_errors(rows: Iterable[tuple[str, Decimal]]) -> dict[str, str]:
    """Why the metric weights of a dimension cannot be used, by dimension,
    for each dimension that has metrics weighing nothing together."""
    by_dimension: dict[str, list[Decimal]] = defaultdict(list)
    for dimension, weight in rows:
        by_dimension[dimension].append(weight)
    return {
        dimension: _(
            "weight: the metric weights of %(dimension)s are all zero; give at "
            "least one of its metrics a weight above zero, or the dimension "
            "could never have a score."
        )
        % {"dimension": Dimension(dimension).label}
        for dimension, weights in by_dimension.items()
        if all(w == 0 for w in weights)
    }


def template_check(*, template: ScorecardTemplate) -> None:
    """Check a saved template's rows against the rules of this module and
    each row's own ``clean()``; raises ValidationError listing every
    problem."""
    errors: list[ValidationError] = []
    for row in [*template.dimensions.all(), *template.metrics.all()]:
        try:
            row.full_clean(exclude=["template"])
        except ValidationError as error:
            errors.append(error)
    message = dimension_weights_error(d.weight for d in template.dimensions.all())
    if message:
        errors.append(ValidationError(message, code="dimension_weights"))
    for message in metric_weights_errors(
        (m.dimension, m.weight) for m in template.metrics.all()
    ).values():
        errors.append(ValidationError(message, code="metric_weights"))
    if errors:
        raise ValidationError(errors)
