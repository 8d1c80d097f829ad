"""Template filters that write the engine's figures for people (see formats)."""

from django import template

from yeji.web import formats

register = template.Library()

register.filter("money", formats.money)
register.filter("score", formats.score)
register.filter("percent", formats.percent)
register.filter("weight", formats.weight)
register.filter("record_value", formats.record_value)


@register.filter
def metric_value(value: object, metric: str) -> str:
    """``{{ value|metric_value:"revenue" }}``: the value as its metric reads."""
    return formats.metric_value(value, metric)
