"""The value rules of the format, cell by cell."""

import datetime as dt
from decimal import Decimal

import pytest

from yeji.interchange.values import Date, Integer, InvalidValue, Number, Period

MONEY = Number(at_least=Decimal(0))


@pytest.mark.parametrize(
    ("text", "value"),
    [("1234.5", "1234.50"), ("1234.50", "1234.50"), ("0", "0.00"), (".5", "0.50")],
)
def test_money_reads_up_to_two_places(text, value):
    assert MONEY.parse(text) == Decimal(value)


@pytest.mark.parametrize(
    "text", ["12.345", "1,234.00", "¥12", "1e5", "NaN", "١٢", "-3", "1000000000000"]
)
def test_money_refuses_what_is_not_plain_money(text):
    with pytest.raises(InvalidValue):
        MONEY.parse(text)


def test_money_number_cell_keeps_what_the_sheet_shows():
    assert MONEY.from_cell(1234.5) == Decimal("1234.50")
    with pytest.raises(InvalidValue, match="more than 2 decimal places"):
        MONEY.from_cell(1234.567)


def test_integer_takes_whole_numbers_written_as_decimals():
    satisfaction = Integer(at_least=1, at_most=5)

    assert satisfaction.parse("5.0") == 5
    assert satisfaction.from_cell(4.0) == 4
    with pytest.raises(InvalidValue):
        satisfaction.parse("4.5")


def test_date_takes_only_the_one_spelling():
    assert Date().parse("2026-07-01") == dt.date(2026, 7, 1)
    for text in ["20260701", "2026-W27-3", "2026/07/01", "2026-7-1"]:
        with pytest.raises(InvalidValue):
            Date().parse(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [("2026", "2026"), ("2026-q3", "2026-Q3"), ("2026-07", "2026-07")],
)
def test_period_labels(text, label):
    assert Period().parse(text) == label


@pytest.mark.parametrize("text", ["2026-Q5", "2026-13", "2026-7", "26-Q1"])
def test_period_refuses_other_labels(text):
    with pytest.raises(InvalidValue):
        Period().parse(text)
