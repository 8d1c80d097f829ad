"""Working days by the company's calendar.

A date is a working day from Monday to Friday and a day off on Saturday
and Sunday, unless the calendar table (``CalendarDay``) says otherwise: a
public holiday is a day off whatever its weekday, and a make-up Saturday or
Sunday (调休) is a working day.  The table is seeded from
``chinese-calendar`` and kept, so an administrator can add next year's
holidays when the State Council announces them.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction

from yeji.targets.models import CalendarDay, DayKind

logger = logging.getLogger(__name__)

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    """The exceptions of the calendar over a range of dates, read once."""

    exceptions: dict[dt.date, str]

    def is_working_day(self, day: dt.date) -> bool:
        kind = self.exceptions.get(day)
        if kind == DayKind.HOLIDAY:
            return False
        if kind == DayKind.WORKDAY:
            return True
        return day.weekday() < 5

    def working_days(self, start: dt.date, end: dt.date) -> int:
        """The working days from ``start`` to ``end``, both included (zero
        when ``end`` is before ``start``)."""
        count = 0
        day = start
        while day <= end:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count


def calendar_for(start: dt.date, end: dt.date) -> WorkingCalendar:
    """The calendar's exceptions from ``start`` to ``end``; one query.

    A year without a single row in the table (a database whose table was
    emptied, or never seeded) takes chinese-calendar's dates for that year,
    so that pace never silently counts the Spring Festival as working days;
    a year with any row is the table's alone.
    """
    first, last = dt.date(start.year, 1, 1), dt.date(end.year, 12, 31)
    rows = list(
        CalendarDay.objects.filter(date__range=(first, last)).values_list(
            "date", "kind"
        )
    )
    exceptions = {day: kind for day, kind in rows if start <= day <= end}
    kept = {day.year for day, _kind in rows}
    missing = set(range(start.year, end.year + 1)) - kept
    if missing:
        for day, (kind, _name) in _library_days(missing).items():
            if start <= day <= end:
                exceptions[day] = kind
    return WorkingCalendar(exceptions)


def _library_days(years: set[int]) -> dict[dt.date, tuple[str, str]]:
    """chinese-calendar's holidays and make-up working days of ``years``."""
    import chinese_calendar

    found: dict[dt.date, tuple[str, str]] = {}
    for day, name in chinese_calendar.holidays.items():
        if day.year in years:
            found[day] = (DayKind.HOLIDAY, str(name or ""))
    for day, name in chinese_calendar.workdays.items():
        # The library's "workdays" holds only the make-up days worked on
        # a Saturday or Sunday; ordinary weekdays need no row.
        if day.year in years and day.weekday() >= 5:
            found[day] = (DayKind.WORKDAY, str(name or ""))
    return found


@dataclass(frozen=True)
class Elapsed:
    """How much of a period's working time has gone by a date."""

    gone: int
    total: int

    @property
    def share(self) -> float:
        """Working days gone ÷ working days of the period; a period with no
        working day at all counts as gone once its end has come."""
        if self.total == 0:
            return 1.0 if self.gone else 0.0
        return self.gone / self.total


def elapsed_working_days(
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    calendar: WorkingCalendar | None = None,
) -> Elapsed:
    """The working days of ``start..end`` gone by ``as_of``, that day
    included, and the period's working days in all."""
    calendar = calendar or calendar_for(start, end)
    gone = calendar.working_days(start, min(end, as_of))
    return Elapsed(gone=gone, total=calendar.working_days(start, end))


def seed_from_chinese_calendar(*, years: list[int] | None = None) -> tuple[int, int]:
    """Add China's official holidays and make-up working days, as
    ``chinese-calendar`` knows them, to the calendar table.

    Dates already in the table are left as they are, so an administrator's
    correction survives a second seeding.  ``years`` defaults to every year
    the library covers.  Returns how many dates were added and how many
    were already there.
    """
    covered = years or sorted({d.year for d in chinese_calendar_dates()})
    wanted = _library_days(set(covered))

    with transaction.atomic():
        known = set(
            CalendarDay.objects.filter(date__in=list(wanted)).values_list(
                "date", flat=True
            )
        )
        CalendarDay.objects.bulk_create(
            CalendarDay(date=day, kind=kind, name=name)
            for day, (kind, name) in sorted(wanted.items())
            if day not in known
        )
    added = len(wanted) - len(known)
    logger.info("calendar seeded", extra={"added": added, "kept": len(known)})
    return added, len(known)


def chinese_calendar_dates() -> list[dt.date]:
    """Every date chinese-calendar lists as a holiday or a make-up day."""
    import chinese_calendar

    return [*chinese_calendar.holidays, *chinese_calendar.workdays]


def years_covered() -> set[int]:
    """The years with at least one date in the calendar table: a year
    without any has had no holidays entered yet."""
    return {day.year for day in CalendarDay.objects.dates("date", "year")}
