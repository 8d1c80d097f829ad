"""Working days by the company's calendar: China's holidays and make-up
days, seeded from chinese-calendar, and the share of a period gone."""

import datetime as dt

import pytest

from yeji.performance.periods import period_parse
from yeji.planning.queries import period_elapsed_share
from yeji.targets.calendar import (
    calendar_for,
    elapsed_working_days,
    seed_from_chinese_calendar,
)
from yeji.targets.models import CalendarDay, DayKind

pytestmark = pytest.mark.django_db


def test_the_2026_holidays_are_in_the_table_once_seeded():
    seed_from_chinese_calendar(years=[2026])

    spring = CalendarDay.objects.get(date=dt.date(2026, 2, 17))
    make_up = CalendarDay.objects.get(date=dt.date(2026, 2, 14))

    assert (spring.kind, spring.name) == (DayKind.HOLIDAY, "Spring Festival")
    assert make_up.kind == DayKind.WORKDAY


def test_february_2026_has_16_working_days():
    # 20 weekdays, less 16-20 and 23 February off for the Spring Festival,
    # plus the make-up Saturdays 14 and 28 February.
    calendar = calendar_for(dt.date(2026, 2, 1), dt.date(2026, 2, 28))

    assert calendar.working_days(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == 16
    assert calendar.is_working_day(dt.date(2026, 2, 14))
    assert not calendar.is_working_day(dt.date(2026, 2, 16))


def test_october_2026_has_18_working_days():
    # 22 weekdays, less 1, 2, 5, 6 and 7 October, plus Saturday 10 October.
    elapsed = elapsed_working_days(
        dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 10, 31)
    )

    assert (elapsed.gone, elapsed.total) == (18, 18)


def test_the_share_gone_stands_still_over_the_national_day_week():
    start, end = dt.date(2026, 10, 1), dt.date(2026, 10, 31)

    on_the_8th = elapsed_working_days(start, end, dt.date(2026, 10, 8))
    on_the_7th = elapsed_working_days(start, end, dt.date(2026, 10, 7))
    on_the_10th = elapsed_working_days(start, end, dt.date(2026, 10, 10))

    assert on_the_7th.gone == 0
    assert on_the_8th.gone == 1
    # Thursday 8, Friday 9 and the make-up Saturday 10.
    assert on_the_10th.gone == 3
    assert on_the_10th.share == pytest.approx(3 / 18)


def test_the_rep_homes_share_of_time_counts_working_days():
    # As of Saturday 14 February (a make-up working day): 2-6, 9-13 and 14.
    period = period_parse("2026-02", as_of="2026-02-14")

    assert period_elapsed_share(period) == pytest.approx(11 / 16)
    # Through the Spring Festival's days off the share does not move.
    later = period_parse("2026-02", as_of="2026-02-23")
    assert period_elapsed_share(later) == pytest.approx(11 / 16)


def test_a_year_without_holidays_entered_counts_monday_to_friday():
    # 2027's holidays are not announced in chinese-calendar 1.11.
    elapsed = elapsed_working_days(
        dt.date(2027, 2, 1), dt.date(2027, 2, 28), dt.date(2027, 2, 28)
    )

    assert elapsed.total == 20


def test_an_administrators_change_survives_seeding_again():
    seed_from_chinese_calendar(years=[2026])
    day = CalendarDay.objects.get(date=dt.date(2026, 10, 7))
    day.kind = DayKind.WORKDAY
    day.save()

    added, kept = seed_from_chinese_calendar(years=[2026])

    assert added == 0 and kept > 30
    assert CalendarDay.objects.get(date=dt.date(2026, 10, 7)).kind == DayKind.WORKDAY


def test_seeding_an_empty_table_adds_the_years_holidays():
    CalendarDay.objects.filter(date__year=2026).delete()

    added, kept = seed_from_chinese_calendar(years=[2026])

    assert (added, kept) == (39, 0)
    assert (
        calendar_for(dt.date(2026, 1, 1), dt.date(2026, 12, 31)).working_days(
            dt.date(2026, 2, 1), dt.date(2026, 2, 28)
        )
        == 16
    )


def test_a_year_left_empty_in_the_table_takes_chinese_calendars_dates():
    CalendarDay.objects.filter(date__year=2026).delete()

    assert (
        calendar_for(dt.date(2026, 2, 1), dt.date(2026, 2, 28)).working_days(
            dt.date(2026, 2, 1), dt.date(2026, 2, 28)
        )
        == 16
    )


def test_a_year_with_rows_is_the_tables_alone():
    seed_from_chinese_calendar(years=[2026])
    CalendarDay.objects.filter(date__month=2, date__year=2026).delete()

    # February without its rows counts Monday to Friday: 20 days.
    assert (
        calendar_for(dt.date(2026, 2, 1), dt.date(2026, 2, 28)).working_days(
            dt.date(2026, 2, 1), dt.date(2026, 2, 28)
        )
        == 20
    )


def test_the_holidays_command_lists_a_years_working_days():
    seed_from_chinese_calendar(years=[2026])
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("holidays", "--year", "2026", stdout=out)

    assert out.getvalue().startswith("2026: 248 working days")
    assert "2026-02-28  workday   Spring Festival" in out.getvalue()
