"""Periods are read from their labels or a range, as of a date."""

import datetime as dt

import pytest
from django.utils import timezone

from yeji.performance.periods import PeriodError, PeriodKind, period_parse

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("label", "kind", "start", "end"),
    [
        ("2026", PeriodKind.YEAR, "2026-01-01", "2026-12-31"),
        ("2026-Q1", PeriodKind.QUARTER, "2026-01-01", "2026-03-31"),
        ("2026-Q3", PeriodKind.QUARTER, "2026-07-01", "2026-09-30"),
        ("2026-q4", PeriodKind.QUARTER, "2026-10-01", "2026-12-31"),
        ("2026-07", PeriodKind.MONTH, "2026-07-01", "2026-07-31"),
        ("2028-02", PeriodKind.MONTH, "2028-02-01", "2028-02-29"),
        ("2026-12", PeriodKind.MONTH, "2026-12-01", "2026-12-31"),
    ],
)
def test_period_label_names_its_first_and_last_day(label, kind, start, end):
    period = period_parse(label, as_of="2030-01-01")

    assert (period.kind, period.start, period.end) == (kind, D(start), D(end))
    assert period.effective_end == D(end)


def test_quarter_label_is_written_in_capitals():
    assert period_parse("2026-q3", as_of="2030-01-01").label == "2026-Q3"


def test_range_is_labelled_by_its_two_dates():
    period = period_parse(start="2026-07-01", end="2026-08-15", as_of="2030-01-01")

    assert period.label == "2026-07-01..2026-08-15"
    assert period.kind is PeriodKind.RANGE
    assert period.target_labels() == []


def test_unfinished_period_counts_up_to_the_as_of_date():
    period = period_parse("2026-Q3", as_of="2026-08-15")

    assert period.end == D("2026-09-30")
    assert period.effective_end == D("2026-08-15")
    assert period.days == 46


def test_as_of_defaults_to_today_in_the_company_time_zone():
    assert period_parse("2026").as_of == timezone.localdate()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"label": "2026-Q5"}, "is not a period"),
        ({"label": "2026-13"}, "is not a period"),
        ({"label": "last year"}, "is not a period"),
        ({"label": "2026", "start": "2026-01-01", "end": "2026-02-01"}, "not both"),
        ({"start": "2026-01-01"}, "Give both --from and --to"),
        ({"start": "2026-02-01", "end": "2026-01-01"}, "is before --from"),
        ({"start": "2026-02-30", "end": "2026-03-01"}, "is not a date"),
        ({}, "Give a period"),
    ],
)
def test_bad_period_is_refused_with_a_reason(args, message):
    label = args.pop("label", None)

    with pytest.raises(PeriodError, match=message):
        period_parse(label, as_of="2030-01-01", **args)


def test_period_not_started_by_the_as_of_date_is_refused():
    with pytest.raises(PeriodError, match="after the as-of date"):
        period_parse("2026-Q3", as_of="2026-06-30")


def test_year_target_labels_hold_quarters_and_months():
    labels = period_parse("2026", as_of="2030-01-01").target_labels()

    assert labels[:5] == ["2026", "2026-Q1", "2026-01", "2026-02", "2026-03"]
    assert len(labels) == 1 + 4 + 12
