"""Template filters of the target pages."""

from decimal import Decimal

from django import template

from yeji.web import formats

register = template.Library()


@register.filter
def target_figure(value: object, metric: str) -> str:
    """A target, achieved figure or projection: money for revenue, else a
    count."""
    return formats.money(value) if metric == "revenue" else formats.count(value)


@register.filter
def target_gap(value: Decimal | None, metric: str) -> str:
    """By how much parts miss their whole, signed: +¥100.00, −3."""
    if value is None:
        return ""
    sign = "+" if value > 0 else "−"
    return sign + target_figure(abs(value), metric)
