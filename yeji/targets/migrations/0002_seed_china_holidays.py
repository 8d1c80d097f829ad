"""Seed the calendar with China's official holidays and make-up working
days as chinese-calendar knows them (to 2026 in version 1.11).  Later years
are added with ``yeji holidays --seed`` after upgrading the library, or by
hand in the admin pages; a second seeding keeps the rows already there."""

import datetime as dt

from django.db import migrations

# The calendar matters from the years a company's records start; older
# years would only fill the table.
FIRST_YEAR = 2020


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("targets", "CalendarDay")
    rows = {}
    for day, name in chinese_calendar.holidays.items():
        if day.year >= FIRST_YEAR:
            rows[day] = ("holiday", str(name or ""))
    for day, name in chinese_calendar.workdays.items():
        if day.year >= FIRST_YEAR and day.weekday() >= 5:
            rows[day] = ("workday", str(name or ""))
    known = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, kind=kind, name=name)
        for day, (kind, name) in sorted(rows.items())
        if day not in known
    )


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("targets", "CalendarDay")
    CalendarDay.objects.filter(date__gte=dt.date(FIRST_YEAR, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
