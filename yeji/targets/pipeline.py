"""The seam through which pace reads the weighted pipeline: what the
opportunities still open are worth, each weighted by its chance of closing,
per rep, for those expected to close in a range of dates.

TODO: the opportunities and their weighted-pipeline query are being built
on the ``pipeline`` branch; until it lands this answers nothing (zero for
every rep), so a forecast from the pipeline is the achieved figure alone
and only the run rate moves a status.  Replace the body of
``weighted_pipeline`` with a call of that query; nothing else changes.
"""

import datetime as dt
from collections.abc import Collection
from decimal import Decimal


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
    return {}
