"""The cascade's arithmetic: splits that add up to the fen at every level,
and every place where the parts miss their whole found, by how much.

The cast (yeji/sales/tests/cast.py): HQ over EAST (EAST-1 with rep1 and
rep2, EAST-2 with rep3) and WEST (WEST-1 with rep4).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from yeji.planning.models import Target
from yeji.targets.cascade import cascade_read
from yeji.targets.models import RevisionHow, TargetRevision, TeamTarget
from yeji.targets.services import (
    rep_target_set,
    target_split_among_members,
    target_split_over_periods,
    team_target_set,
)
from yeji.targets.splitting import SplitError
from yeji.web.tests import factories as f

D = Decimal


def _team(cast, code, period, value, metric="revenue"):
    return TeamTarget.objects.create(
        team=cast.teams[code], period=period, metric=metric, value=D(value)
    )


def _rep(cast, who, period, value, metric="revenue"):
    return Target.objects.create(
        employee=cast.people[who], period=period, metric=metric, value=D(value)
    )


def _mismatches(cast, code="HQ", metric="revenue"):
    cascade = cascade_read(team=cast.teams[code], year=2026, metric=metric)
    return [(m.member.key, m.label, m.kind, m.gap) for m in cascade.mismatches]


def test_members_that_add_up_show_no_mismatch(cast):
    _team(cast, "HQ", "2026", "1000.00")
    _team(cast, "EAST", "2026", "600.00")
    _team(cast, "WEST", "2026", "400.00")
    _team(cast, "EAST-1", "2026", "350.00")
    _team(cast, "EAST-2", "2026", "250.00")
    _team(cast, "WEST-1", "2026", "400.00")
    _rep(cast, "rep1", "2026", "200.00")
    _rep(cast, "rep2", "2026", "150.00")
    _rep(cast, "rep3", "2026", "250.00")
    _rep(cast, "rep4", "2026", "400.00")

    assert _mismatches(cast) == []


def test_a_mismatch_is_found_at_every_level_with_its_gap(cast):
    _team(cast, "HQ", "2026", "1000.00")
    _team(cast, "EAST", "2026", "600.00")
    _team(cast, "WEST", "2026", "300.00")  # regions short by 100
    _team(cast, "EAST-1", "2026", "350.00")
    _team(cast, "EAST-2", "2026", "250.00")
    _team(cast, "WEST-1", "2026", "300.00")
    _rep(cast, "rep1", "2026", "200.00")
    _rep(cast, "rep2", "2026", "150.01")  # a fen too much in EAST-1
    _rep(cast, "rep3", "2026", "250.00")
    _rep(cast, "rep4", "2026", "300.00")

    assert _mismatches(cast) == [
        ("HQ", "2026", "members", D("-100.00")),
        ("EAST-1", "2026", "members", D("0.01")),
    ]
    # The team's own page shows only what is below it.
    assert _mismatches(cast, "EAST") == [("EAST-1", "2026", "members", D("0.01"))]


def test_periods_that_miss_their_year_or_quarter_are_found(cast):
    _team(cast, "WEST-1", "2026", "1200.00")
    for quarter, value in [("Q1", "300.00"), ("Q2", "300.00"), ("Q3", "300.00")]:
        _team(cast, "WEST-1", f"2026-{quarter}", value)
    _rep(cast, "rep4", "2026-Q1", "300.00")
    _rep(cast, "rep4", "2026-01", "100.00")
    _rep(cast, "rep4", "2026-02", "100.00")

    found = _mismatches(cast, "WEST-1")

    # The fourth quarter is missing, so the quarters fall 300 short of the
    # year; rep4's Q1 is 100 more than its two months.
    assert ("WEST-1", "2026", "periods", D("-300.00")) in found
    assert ("rep4", "2026-Q1", "periods", D("-100.00")) not in found
    assert ("E0004", "2026-Q1", "periods", D("-100.00")) in found
    # WEST-1's Q1 of 300 is met by rep4's 300.
    assert not [m for m in found if m[:3] == ("WEST-1", "2026-Q1", "members")]


def test_a_target_without_its_own_row_is_the_sum_of_its_months(cast):
    for month in range(1, 13):
        _rep(cast, "rep4", f"2026-{month:02d}", "10.00")

    cascade = cascade_read(team=cast.teams["WEST-1"], year=2026, metric="revenue")
    rep4 = cascade.members[0].by_label

    assert rep4["2026"].own is None
    assert rep4["2026"].value == D("120.00")
    assert rep4["2026-Q2"].value == D("30.00")


def test_a_team_whose_target_is_not_split_yet_is_a_mismatch_of_its_whole(cast):
    _team(cast, "EAST-1", "2026-Q3", "900.00")

    assert _mismatches(cast, "EAST-1") == [
        ("EAST-1", "2026-Q3", "members", D("-900.00"))
    ]


def test_splitting_a_hundred_yuan_among_three_adds_up_to_the_fen(cast):
    f.EmployeeFactory(employee_no="E0009", team=cast.teams["EAST-1"])
    _team(cast, "EAST-1", "2026-Q3", "100.00")

    changes = target_split_among_members(
        user=cast.people["manager"].user,
        team=cast.teams["EAST-1"],
        period="2026-Q3",
        metric="revenue",
        rule=RevisionHow.EQUAL,
    )

    values = dict(
        Target.objects.filter(period="2026-Q3").values_list(
            "employee__employee_no", "value"
        )
    )
    assert values == {"E0001": D("33.34"), "E0002": D("33.33"), "E0009": D("33.33")}
    assert len(changes) == 3
    assert _mismatches(cast, "EAST-1") == []


def test_counts_split_in_whole_numbers_and_a_rep_with_none_has_no_target(cast):
    f.EmployeeFactory(employee_no="E0009", team=cast.teams["EAST-1"])
    _team(cast, "EAST-1", "2026-07", "2", metric="orders")

    target_split_among_members(
        user=cast.people["manager"].user,
        team=cast.teams["EAST-1"],
        period="2026-07",
        metric="orders",
        rule=RevisionHow.EQUAL,
    )

    values = dict(
        Target.objects.filter(metric="orders").values_list(
            "employee__employee_no", "value"
        )
    )
    assert values == {"E0001": D(1), "E0002": D(1)}
    assert _mismatches(cast, "EAST-1", metric="orders") == []


def test_a_split_by_last_years_share_follows_each_members_revenue(cast):
    for who, amount in [("rep1", "3000.00"), ("rep2", "1000.00")]:
        f.OrderFactory(
            employee=cast.people[who], ordered_on=dt.date(2025, 8, 3), amount=amount
        )
    _team(cast, "EAST-1", "2026-Q3", "10000.00")

    target_split_among_members(
        user=cast.people["manager"].user,
        team=cast.teams["EAST-1"],
        period="2026-Q3",
        metric="revenue",
        rule=RevisionHow.LAST_YEAR,
    )

    assert dict(Target.objects.values_list("employee__employee_no", "value")) == {
        "E0001": D("7500.00"),
        "E0002": D("2500.00"),
    }


def test_a_split_by_last_year_with_no_figures_is_refused(cast):
    _team(cast, "EAST-1", "2026-Q3", "10000.00")

    with pytest.raises(SplitError, match="2025-Q3"):
        target_split_among_members(
            user=cast.people["manager"].user,
            team=cast.teams["EAST-1"],
            period="2026-Q3",
            metric="revenue",
            rule=RevisionHow.LAST_YEAR,
        )
    assert not Target.objects.exists()


def test_a_year_split_by_a_seasonal_profile_sets_months_and_quarters(cast):
    _team(cast, "HQ", "2026", "1000000.00")
    # Quiet around the Spring Festival, busy at the year's end.
    profile = [D(w) for w in "6 4 8 8 8 8 8 8 9 9 10 14".split()]

    target_split_over_periods(
        user=cast.people["director"].user,
        team=cast.teams["HQ"],
        period="2026",
        metric="revenue",
        rule=RevisionHow.PROFILE,
        profile=profile,
    )

    values = dict(
        TeamTarget.objects.filter(team=cast.teams["HQ"]).values_list("period", "value")
    )
    # 1,000,000 × 6/100 and so on; the quarters add their months up.
    assert values["2026-01"] == D("60000.00")
    assert values["2026-12"] == D("140000.00")
    assert values["2026-Q1"] == D("180000.00")
    assert values["2026-Q4"] == D("330000.00")
    assert sum(values[f"2026-{m:02d}"] for m in range(1, 13)) == D("1000000.00")
    assert [m for m in _mismatches(cast) if m[2] == "periods"] == []


def test_an_equal_split_over_months_adds_up_to_the_fen(cast):
    _team(cast, "WEST", "2026", "100.00")

    target_split_over_periods(
        user=cast.people["director"].user,
        team=cast.teams["WEST"],
        period="2026",
        metric="revenue",
        rule=RevisionHow.EQUAL,
    )

    values = dict(
        TeamTarget.objects.filter(team=cast.teams["WEST"]).values_list(
            "period", "value"
        )
    )
    # 100.00 in 12 is 8.33 and 4 fen over: the first four months get 8.34.
    assert [values[f"2026-{m:02d}"] for m in range(1, 13)] == [D("8.34")] * 4 + [
        D("8.33")
    ] * 8
    assert values["2026-Q1"] == D("25.02")
    assert sum(values[f"2026-Q{q}"] for q in range(1, 5)) == D("100.00")


def test_a_whole_year_split_among_members_keeps_every_level_adding_up(cast):
    _team(cast, "HQ", "2026", "1000.00")
    target_split_over_periods(
        user=cast.people["director"].user,
        team=cast.teams["HQ"],
        period="2026",
        metric="revenue",
        rule=RevisionHow.EQUAL,
    )
    director = cast.people["director"].user

    for code in ["HQ", "EAST", "WEST", "EAST-1", "EAST-2", "WEST-1"]:
        target_split_among_members(
            user=director,
            team=cast.teams[code],
            period="2026",
            metric="revenue",
            rule=RevisionHow.EQUAL,
            whole_year=True,
        )

    assert _mismatches(cast) == []
    # Each region half, each team of EAST half of it, each rep of EAST-1
    # half of that: the months' odd fen spread so that every year is exact.
    assert dict(
        Target.objects.filter(period="2026").values_list(
            "employee__employee_no", "value"
        )
    ) == {
        "E0001": D("125.00"),
        "E0002": D("125.00"),
        "E0003": D("250.00"),
        "E0004": D("500.00"),
    }


def test_a_manager_splits_the_teams_share_but_does_not_change_it(cast):
    manager = cast.people["manager"].user
    _team(cast, "EAST-1", "2026-Q3", "900.00")

    with pytest.raises(PermissionDenied):
        team_target_set(
            user=manager,
            team=cast.teams["EAST-1"],
            period="2026-Q3",
            metric="revenue",
            value=D("1.00"),
        )
    with pytest.raises(PermissionDenied):
        target_split_among_members(
            user=manager,
            team=cast.teams["WEST-1"],
            period="2026-Q3",
            metric="revenue",
            rule=RevisionHow.EQUAL,
        )
    with pytest.raises(PermissionDenied):
        rep_target_set(
            user=manager,
            rep=cast.people["rep4"],
            period="2026-Q3",
            metric="revenue",
            value=D("1.00"),
        )
    rep_target_set(
        user=manager,
        rep=cast.people["rep1"],
        period="2026-Q3",
        metric="revenue",
        value=D("450.00"),
    )
    assert Target.objects.get(employee=cast.people["rep1"]).value == D("450.00")


def test_every_change_is_on_record_with_who_before_and_after(cast):
    director = cast.people["director"].user
    for value in ["500.00", "650.00", None]:
        team_target_set(
            user=director,
            team=cast.teams["WEST"],
            period="2026-Q4",
            metric="revenue",
            value=None if value is None else D(value),
        )

    revisions = list(
        TargetRevision.objects.order_by("id").values_list(
            "changed_by__username", "before", "after", "how"
        )
    )
    assert revisions == [
        ("director", None, D("500.00"), "hand"),
        ("director", D("500.00"), D("650.00"), "hand"),
        ("director", D("650.00"), None, "hand"),
    ]
    assert not TeamTarget.objects.exists()


def test_a_count_target_with_a_fraction_is_refused(cast):
    with translation.override("en"), pytest.raises(SplitError, match="whole number"):
        team_target_set(
            user=cast.people["director"].user,
            team=cast.teams["WEST"],
            period="2026-Q4",
            metric="visits",
            value=D("10.5"),
        )
