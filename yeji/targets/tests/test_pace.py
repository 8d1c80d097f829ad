"""Pace, projections and status on hand-computed cases, with the Spring
Festival and the National Day in the working days."""

import datetime as dt
from decimal import Decimal

import pytest

from yeji.performance.periods import period_parse
from yeji.planning.models import Target
from yeji.targets.calendar import Elapsed
from yeji.targets.models import TeamTarget
from yeji.targets.pace import Pace, PaceStatus, most_at_risk, pace_lines, pace_status
from yeji.web.tests import factories as f

D = Decimal


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        ("1.10", PaceStatus.AHEAD),
        ("1.0999", PaceStatus.ON_TRACK),
        ("0.95", PaceStatus.ON_TRACK),
        ("0.9499", PaceStatus.AT_RISK),
        ("0.80", PaceStatus.AT_RISK),
        ("0.7999", PaceStatus.BEHIND),
    ],
)
def test_the_status_thresholds(ratio, status):
    assert pace_status(D(ratio)) == status


def test_the_run_rate_projects_by_working_days():
    # 11 of February's 16 working days gone, 11,000 of 16,000 done.
    pace = Pace(target=D("16000"), achieved=D("11000"), elapsed=Elapsed(11, 16))

    assert pace.run_rate_projection == D("16000.00")
    assert pace.expected == D("11000.00")
    assert pace.status == PaceStatus.ON_TRACK


def test_the_pipeline_lifts_a_projection_the_run_rate_leaves_short():
    pace = Pace(
        target=D("10000"),
        achieved=D("2000"),
        elapsed=Elapsed(8, 16),
        pipeline=D("7500"),
    )

    # Run rate: 2,000 × 16 ÷ 8 = 4,000; pipeline: 2,000 + 7,500 = 9,500.
    assert pace.run_rate_projection == D("4000.00")
    assert pace.pipeline_projection == D("9500")
    assert pace.projection == D("9500")
    assert pace.status == PaceStatus.ON_TRACK


def test_before_the_first_working_day_there_is_no_status():
    pace = Pace(target=D("18000"), achieved=D("0"), elapsed=Elapsed(0, 18))

    assert pace.run_rate_projection is None
    assert pace.status is None


def test_a_period_that_has_ended_projects_what_was_achieved():
    pace = Pace(target=D("100"), achieved=D("85"), elapsed=Elapsed(18, 18))

    assert pace.run_rate_projection == D("85")
    assert pace.status == PaceStatus.AT_RISK


def _order(rep, day, amount):
    return f.OrderFactory(employee=rep, ordered_on=day, amount=D(amount))


def test_reps_and_teams_pace_over_the_spring_festival(cast):
    rep1, rep2, rep4 = (cast.people[w] for w in ("rep1", "rep2", "rep4"))
    for rep, done in [(rep1, "11000"), (rep2, "8000"), (rep4, "13000")]:
        Target.objects.create(
            employee=rep, period="2026-02", metric="revenue", value=D("16000")
        )
        _order(rep, dt.date(2026, 2, 10), done)
    # An order after the as-of date does not count yet.
    _order(rep1, dt.date(2026, 2, 26), "5000")
    # The manager's own order counts for the team.
    _order(cast.people["manager"], dt.date(2026, 2, 3), "1000")
    TeamTarget.objects.create(
        team=cast.teams["EAST-1"], period="2026-02", metric="revenue", value=D("32000")
    )
    # As of Saturday 14 February, a make-up working day: 11 of 16 gone.
    period = period_parse("2026-02", as_of="2026-02-14")

    teams, reps = pace_lines(
        period=period, teams=[cast.teams["EAST-1"]], reps=[rep1, rep2, rep4]
    )

    assert [(line.member.key, line.pace.status) for line in reps] == [
        ("E0001", PaceStatus.ON_TRACK),  # 11,000 × 16/11 = 16,000
        ("E0002", PaceStatus.BEHIND),  # 8,000 × 16/11 = 11,636.36: 73%
        ("E0004", PaceStatus.AHEAD),  # 13,000 × 16/11 = 18,909.09: 118%
    ]
    assert reps[1].pace.run_rate_projection == D("11636.36")
    [team] = teams
    # 11,000 + 8,000 + 1,000 = 20,000 done; × 16/11 = 29,090.91: 91%.
    assert team.pace.achieved == D("20000")
    assert team.pace.run_rate_projection == D("29090.91")
    assert team.pace.status == PaceStatus.AT_RISK
    assert [line.member.key for line in most_at_risk(reps + teams, limit=5)] == [
        "E0002",
        "EAST-1",
    ]


def test_the_national_day_week_does_not_count_against_the_pace(cast):
    rep = cast.people["rep4"]
    Target.objects.create(employee=rep, period="2026-10", metric="visits", value=18)
    for day in (8, 9):
        f.VisitFactory(
            employee=rep,
            visited_at=dt.datetime(2026, 10, day, 10, tzinfo=dt.UTC),
            visited_on=dt.date(2026, 10, day),
        )

    def status_on(day):
        period = period_parse("2026-10", as_of=f"2026-10-{day:02d}")
        _teams, [line] = pace_lines(period=period, teams=[], reps=[rep])
        return line.pace

    # Nothing to judge through the holiday week.
    assert status_on(7).status is None
    # Two visits in the two working days since: 2 × 18 ÷ 2 = 18, on track.
    on_the_9th = status_on(9)
    assert (on_the_9th.elapsed.gone, on_the_9th.elapsed.total) == (2, 18)
    assert on_the_9th.run_rate_projection == D("18")
    assert on_the_9th.status == PaceStatus.ON_TRACK


def test_a_quarter_target_made_of_months_paces_as_the_quarter(cast):
    rep = cast.people["rep1"]
    for month in ("2026-07", "2026-08", "2026-09"):
        Target.objects.create(employee=rep, period=month, metric="orders", value=10)
    TeamTarget.objects.create(
        team=cast.teams["EAST-1"], period="2026-Q3", metric="orders", value=40
    )
    period = period_parse("2026-Q3", as_of="2026-09-30")

    teams, reps = pace_lines(period=period, teams=[cast.teams["EAST-1"]], reps=[rep])

    assert reps[0].pace.target == D(30)
    assert teams[0].pace.target == D(40)
    assert teams[0].pace.status == PaceStatus.BEHIND


def test_open_opportunities_expected_later_in_the_period_lift_the_forecast(cast):
    from yeji.crm.models import Stage
    from yeji.crm.tests.pipeline_factories import OpportunityFactory

    rep = cast.people["rep2"]
    Target.objects.create(
        employee=rep, period="2026-02", metric="revenue", value=D("16000")
    )
    _order(rep, dt.date(2026, 2, 10), "8000")
    # 20,000 at 50% and 10,000 at 25% expected after the as-of date count;
    # one expected before it, one already won and one after the month do not.
    for amount, probability, close, stage in [
        ("20000", 50, dt.date(2026, 2, 20), Stage.PROPOSAL),
        ("10000", 25, dt.date(2026, 2, 27), Stage.DEMO),
        ("90000", 50, dt.date(2026, 2, 12), Stage.PROPOSAL),
        ("90000", 100, dt.date(2026, 2, 20), Stage.WON),
        ("90000", 50, dt.date(2026, 3, 2), Stage.PROPOSAL),
    ]:
        OpportunityFactory(
            employee=rep,
            amount=D(amount),
            probability=probability,
            expected_close_on=close,
            stage=stage,
        )
    period = period_parse("2026-02", as_of="2026-02-14")

    _teams, [line] = pace_lines(period=period, teams=[], reps=[rep])

    # 8,000 done + 10,000 + 2,500 weighted = 20,500: ahead of 16,000.
    assert line.pace.pipeline_projection == D("20500")
    assert line.pace.run_rate_projection == D("11636.36")
    assert line.pace.status == PaceStatus.AHEAD
