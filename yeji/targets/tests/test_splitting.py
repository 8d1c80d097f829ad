"""The arithmetic of splits: parts that add up to the fen, counts whole."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yeji.targets.splitting import (
    UNIT,
    SplitError,
    split_equal,
    split_largest_remainder,
    split_running,
)


def test_a_hundred_yuan_in_three_gives_the_extra_fen_to_the_first():
    assert split_equal(Decimal("100.00"), 3) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]


def test_two_fen_in_three_leaves_one_part_with_nothing():
    assert split_equal(Decimal("0.02"), 3) == [
        Decimal("0.01"),
        Decimal("0.01"),
        Decimal("0.00"),
    ]


def test_counts_split_in_whole_numbers():
    assert split_equal(Decimal(10), 3, step=UNIT) == [4, 3, 3]
    assert split_equal(Decimal(2), 3, step=UNIT) == [1, 1, 0]


def test_shares_by_weight_give_the_leftover_to_the_largest_remainder():
    # 1000 by 1:2:3 is 166.666…, 333.333…, 500: the fen left goes to the
    # first, whose remainder (0.6…) is the largest.
    assert split_largest_remainder(
        Decimal("1000.00"), [Decimal(1), Decimal(2), Decimal(3)]
    ) == [Decimal("166.67"), Decimal("333.33"), Decimal("500.00")]


def test_a_zero_weight_gets_nothing():
    assert split_largest_remainder(
        Decimal("10.00"), [Decimal(0), Decimal(1), Decimal(1)]
    ) == [Decimal("0.00"), Decimal("5.00"), Decimal("5.00")]


def test_a_split_with_no_weight_is_refused():
    with pytest.raises(SplitError):
        split_largest_remainder(Decimal("10.00"), [Decimal(0), Decimal(0)])
    with pytest.raises(SplitError):
        split_largest_remainder(Decimal("10.00"), [])


def test_a_count_with_a_fraction_is_refused():
    with pytest.raises(SplitError):
        split_equal(Decimal("10.5"), 2, step=UNIT)


@given(
    fen=st.integers(min_value=0, max_value=10**14 - 1),
    weights=st.lists(
        st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40
    ).filter(any),
)
def test_money_parts_always_add_up_to_the_total(fen, weights):
    total = Decimal(fen) / 100
    parts = split_largest_remainder(total, [Decimal(w) for w in weights])

    assert sum(parts) == total
    assert all(p >= 0 and p == p.quantize(Decimal("0.01")) for p in parts)
    # No part is more than a fen away from its exact share.
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - total * weight / weight_sum) < Decimal("0.01")


def test_running_splits_spread_the_odd_fen_and_keep_each_parts_total():
    # Three months of 0.10 between three members: month by month the first
    # would get 0.04 three times; by running totals each member's quarter
    # is 0.10 and every month still adds up to 0.10.
    wholes = [Decimal("0.10")] * 3
    exact = [[w / 3] * 3 for w in wholes]

    parts = split_running(wholes, exact, step=Decimal("0.01"))

    assert [sum(month) for month in parts] == wholes
    assert [sum(p[i] for p in parts) for i in range(3)] == [Decimal("0.10")] * 3
