"""The seam through which pace reads the weighted pipeline: what the
opportunities still open are worth, each weighted by its chance of closing,
per rep, for those expected to close in a range of dates.

Only revenue has a pipeline: an opportunity is an amount of money, not a
number of orders, customers or visits, so the other metrics answer nothing
(their forecast is the run rate alone).
"""

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

from yeji.crm.pipeline_queries import weighted_pipeline_by_rep


def weighted_pipeline(
    *,
    metric: str,
    start: dt.date,
    end: dt.date,
    employee_ids: Collection[int] | None = None,
) -> dict[int, Decimal]:
    """The weighted pipeline of each employee for ``metric`` expected to
    close from ``start`` to ``end``; an employee without one has no entry.
    """
    if metric != "revenue":
        return {}
    return weighted_pipeline_by_rep(start=start, end=end, employee_ids=employee_ids)
