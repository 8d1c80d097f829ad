"""``yeji holidays``: the company's holiday calendar, listed or seeded."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandParser

from yeji.targets.calendar import calendar_for, seed_from_chinese_calendar
from yeji.targets.models import CalendarDay


class Command(BaseCommand):
    help = (
        "List a year's holidays and make-up working days, or (--seed) add China's "
        "official ones as the installed chinese-calendar knows them. Dates already "
        "in the calendar are kept, so corrections made in the admin pages survive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append", help="a year")
        parser.add_argument(
            "--seed",
            action="store_true",
            help="add the years' official holidays from chinese-calendar",
        )

    def handle(self, *args: object, **options: object) -> None:
        years = options["year"]
        if options["seed"]:
            added, kept = seed_from_chinese_calendar(years=years)  # type: ignore[arg-type]
            self.stdout.write(
                self.style.SUCCESS(f"{added} dates added, {kept} already there.")
            )
            return
        for year in years or sorted(
            {d.year for d in CalendarDay.objects.dates("date", "year")}
        ):
            days = CalendarDay.objects.filter(date__year=year)
            calendar = calendar_for(*_year(year))
            self.stdout.write(
                f"{year}: {calendar.working_days(*_year(year))} working days"
            )
            for day in days:
                self.stdout.write(f"  {day.date}  {day.kind:8}  {day.name}")


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
