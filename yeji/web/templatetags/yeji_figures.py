"""Template filters that write the engine's figures for people (see formats)."""

from django import template

from yeji.web import formats

register = template.Library()

register.filter("money", formats.money)
register.filter("score", formats.score)
register.filter("percent", formats.percent)
register.filter("count", formats.count)
register.filter("weight", formats.weight)
register.filter("record_value", formats.record_value)


@register.filter
def metric_value(value: object, metric: str) -> str:
    """``{{ value|metric_value:"revenue" }}``: the value as its metric reads."""
    return formats.metric_value(value, metric)


@register.filter
def get_item(mapping: dict, key: str) -> object:
    """``{{ scores|get_item:"sales" }}``: a dictionary's value by a key."""
    return mapping.get(key) if mapping else None


@register.filter
def target_value(value: object, metric: str) -> str:
    """A target or what was achieved on it: money for revenue, else a
    count."""
    return formats.money(value) if metric == "revenue" else formats.count(value)


@register.filter
def achieved_metric(pace: object) -> str:
    """The scorecard metric whose records make what a target's pace shows."""
    from yeji.planning.queries import ACHIEVED_BY

    return ACHIEVED_BY.get(getattr(pace, "metric", ""), "")


@register.filter
def progress_value(share: float | None) -> str:
    """A share for a ``<progress max="1">``: from 0 to 1, a dot for the
    decimal point whatever the language."""
    if share is None:
        return "0"
    return f"{min(max(share, 0.0), 1.0):.3f}"
