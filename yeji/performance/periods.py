"""Scorecard periods: a year, a quarter, a month or a custom range of dates.

A period is a closed range of local dates in the company's time zone.  It is
computed as of a date: a period that has not ended by then counts only up to
that date (its *effective end*), while its label, start and end stay its own.
"""

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _


class PeriodKind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    RANGE = "range"


class PeriodError(ValueError):
    """A period that cannot be read or makes no sense; the message says why."""


@dataclass(frozen=True)
class Period:
    """One scorecard period as of one date.

    ``end`` is the period's own last day; ``effective_end`` is the last day
    that counts, ``min(end, as_of)``.  Every record filter uses
    ``start..effective_end``.
    """

    label: str
    kind: PeriodKind
    start: dt.date
    end: dt.date
    as_of: dt.date

    @property
    def effective_end(self) -> dt.date:
        return min(self.end, self.as_of)

    @property
    def days(self) -> int:
        """The number of dates that count, start to effective end inclusive."""
        return (self.effective_end - self.start).days + 1

    def target_labels(self) -> list[str]:
        """Every target label that can give this period's target.

        The period's own label, and for a quarter its months, for a year its
        quarters and their months.  A custom range has no target at all.
        """
        if self.kind is PeriodKind.RANGE:
            return []
        if self.kind is PeriodKind.MONTH:
            return [self.label]
        if self.kind is PeriodKind.QUARTER:
            return [self.label, *quarter_months(self.label)]
        labels = [self.label]
        for quarter in year_quarters(self.label):
            labels += [quarter, *quarter_months(quarter)]
        return labels


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def year_quarters(year_label: str) -> list[str]:
    return [f"{year_label}-Q{n}" for n in range(1, 5)]


def quarter_months(quarter_label: str) -> list[str]:
    year, quarter = quarter_label.split("-Q")
    first = (int(quarter) - 1) * 3 + 1
    return [f"{year}-{month:02d}" for month in range(first, first + 3)]


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _date(value: dt.date | str, what: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PeriodError(
            _("%(what)s: %(value)r is not a date like 2026-07-01.")
            % {"what": what, "value": value}
        ) from None


def period_parse(
    label: str | None = None,
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    as_of: dt.date | str | None = None,
) -> Period:
    """Read a period from its label (``2026``, ``2026-Q3``, ``2026-07``) or
    from a ``start``/``end`` pair, as of ``as_of`` (default: today in the
    company's time zone).

    Raises PeriodError with a message for people when the input is not a
    period or the period has not started by ``as_of``.
    """
    as_of_date = timezone.localdate() if as_of is None else _date(as_of, "--as-of")
    if label and (start is not None or end is not None):
        raise PeriodError(_("Give either a period or --from and --to, not both."))

    if label:
        text = label.strip()
        if m := _YEAR.match(text):
            year = int(m[1])
            period = Period(
                text,
                PeriodKind.YEAR,
                dt.date(year, 1, 1),
                dt.date(year, 12, 31),
                as_of_date,
            )
        elif m := _QUARTER.match(text):
            year, quarter = int(m[1]), int(m[2])
            first = (quarter - 1) * 3 + 1
            period = Period(
                f"{year}-Q{quarter}",
                PeriodKind.QUARTER,
                dt.date(year, first, 1),
                _month_end(year, first + 2),
                as_of_date,
            )
        elif (m := _MONTH.match(text)) and 1 <= int(m[2]) <= 12:
            year, month = int(m[1]), int(m[2])
            period = Period(
                text,
                PeriodKind.MONTH,
                dt.date(year, month, 1),
                _month_end(year, month),
                as_of_date,
            )
        else:
            raise PeriodError(
                _(
                    "%(label)r is not a period: write a year (2026), a quarter "
                    "(2026-Q3) or a month (2026-07)."
                )
                % {"label": label}
            )
    elif start is not None and end is not None:
        first, last = _date(start, "--from"), _date(end, "--to")
        if last < first:
            raise PeriodError(
                _("--to (%(end)s) is before --from (%(start)s).")
                % {"start": first, "end": last}
            )
        period = Period(
            f"{first.isoformat()}..{last.isoformat()}",
            PeriodKind.RANGE,
            first,
            last,
            as_of_date,
        )
    elif start is not None or end is not None:
        raise PeriodError(_("Give both --from and --to."))
    else:
        raise PeriodError(_("Give a period (--period) or a range (--from and --to)."))

    if period.as_of < period.start:
        raise PeriodError(
            _(
                "The period %(label)s starts on %(start)s, after the as-of date %(as_of)s."
            )
            % {"label": period.label, "start": period.start, "as_of": period.as_of}
        )
    return period
