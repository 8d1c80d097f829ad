"""How the web pages write figures for people.

Every figure of the engine is unrounded; this is the one place where a page
rounds it, so the table and the explanation print the same figure the same
way.  Money and counts are grouped by thousands with a comma (¥1,234.50),
which is how Chinese and English business documents both write them; Django's
Chinese locale would group by ten-thousands with no separator, which readers
of sales reports do not expect.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.conf import settings
from django.utils import timezone

ABSENT = "—"

_CURRENCY_SIGNS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "HKD": "HK$"}


class Kind(StrEnum):
    """How a metric's value reads: as money, a count, a share or a number."""

    MONEY = "money"
    COUNT = "count"
    RATE = "rate"
    NUMBER = "number"


# Metrics not named here are plain numbers with one decimal.
METRIC_KINDS: dict[str, Kind] = {
    "revenue": Kind.MONEY,
    "order_count": Kind.COUNT,
    "new_customers": Kind.COUNT,
    "complaints": Kind.COUNT,
    "visits": Kind.COUNT,
    "unanswered_requests": Kind.COUNT,
    "customer_growth_rate": Kind.RATE,
    "recommendation_rate": Kind.RATE,
    "task_on_time_rate": Kind.RATE,
}

# Averages on small scales need a second decimal to tell reps apart.
_TWO_DECIMALS = {"avg_satisfaction", "visits_per_week"}


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        # str() first: a float goes through its shortest repr, never its
        # binary expansion.
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def currency_sign() -> str:
    code = settings.YEJI_CURRENCY
    return _CURRENCY_SIGNS.get(code, f"{code} ")


def money(value: object) -> str:
    """Money with the currency's sign, grouped, two places: ¥1,234.50."""
    amount = _decimal(value)
    if amount is None:
        return ABSENT
    sign = "-" if amount < 0 else ""
    return f"{sign}{currency_sign()}{abs(amount):,.2f}"


def number(value: object, places: int = 1) -> str:
    """A number grouped by thousands with ``places`` decimals."""
    amount = _decimal(value)
    if amount is None:
        return ABSENT
    return f"{amount:,.{places}f}"


def score(value: object) -> str:
    """A score of 0 to 100 with one decimal."""
    return number(value, 1)


def count(value: object) -> str:
    return number(value, 0)


def percent(value: object) -> str:
    """A share (0.25) as a percentage with one decimal (25.0%)."""
    amount = _decimal(value)
    if amount is None:
        return ABSENT
    return f"{amount * 100:,.1f}%"


def metric_value(value: object, metric: str) -> str:
    """A metric's value, or one of its points, written the way it reads."""
    kind = METRIC_KINDS.get(metric, Kind.NUMBER)
    if kind is Kind.MONEY:
        return money(value)
    if kind is Kind.COUNT:
        return count(value)
    if kind is Kind.RATE:
        return percent(value)
    return number(value, 2 if metric in _TWO_DECIMALS else 1)


def weight(value: object) -> str:
    """A weight without trailing zeros: 0.6, 40, 0.25."""
    amount = _decimal(value)
    if amount is None:
        return ABSENT
    text = f"{amount:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def record_value(value: object) -> str:
    """A value in a record list: money stays money, dates stay ISO dates."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value.as_tuple().exponent == -2 else number(value, 2)
    if value is None:
        return ABSENT
    if isinstance(value, float):
        return number(value, 2)
    return str(value)
