"""Plans and repeating tasks: the occurrences a repeat makes, each its own
task on the scorecard, who may make them, and progress at a glance."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yeji.planning.models import Frequency, Plan, Task
from yeji.planning.plans import (
    plan_create,
    plan_task_add,
    plans_visible,
    plans_with_progress,
    repeat_dates,
    task_repeat_create,
)

pytestmark = pytest.mark.django_db


def _plan(cast, *, who="manager", rep="rep1", team=None, days=120, **kwargs):
    today = timezone.localdate()
    plan, _new = plan_create(
        user=cast.people[who].user,
        title="三季度计划",
        starts_on=today,
        ends_on=today + dt.timedelta(days=days),
        goals="新客户 5 家\n回款 20 万",
        employee=None if team else cast.people[rep],
        team=cast.teams[team] if team else None,
        **kwargs,
    )
    return plan


def test_weekly_repeat_falls_on_its_weekday_each_week():
    days = repeat_dates(
        frequency=Frequency.WEEKLY,
        starts_on=dt.date(2026, 7, 1),  # a Wednesday
        ends_on=dt.date(2026, 7, 31),
        weekday=4,
    )

    assert days == [dt.date(2026, 7, d) for d in (3, 10, 17, 24, 31)]


def test_monthly_repeat_on_the_31st_falls_on_each_month_end():
    days = repeat_dates(
        frequency=Frequency.MONTHLY,
        starts_on=dt.date(2026, 1, 15),
        ends_on=dt.date(2026, 4, 30),
        day_of_month=31,
    )

    assert days == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
    ]


def test_repeat_makes_each_occurrence_its_own_task_of_the_plan(cast):
    plan = _plan(cast)
    today = timezone.localdate()

    repeat, created = task_repeat_create(
        user=cast.people["manager"].user,
        plan_no=plan.plan_no,
        employee=cast.people["rep1"],
        title="周报",
        frequency=Frequency.WEEKLY,
        weekday=today.weekday(),
        starts_on=today,
        ends_on=today + dt.timedelta(days=27),
    )

    tasks = list(Task.objects.filter(repeat=repeat).order_by("due_on"))
    assert created
    assert [t.due_on for t in tasks] == [
        today + dt.timedelta(days=7 * n) for n in range(4)
    ]
    assert {t.employee for t in tasks} == {cast.people["rep1"]}
    assert {t.plan for t in tasks} == {plan}
    assert all(t.completed_on is None for t in tasks)


def test_repeat_sent_twice_makes_its_tasks_once(cast):
    plan = _plan(cast)
    today = timezone.localdate()
    kwargs = {
        "user": cast.people["manager"].user,
        "plan_no": plan.plan_no,
        "employee": cast.people["rep1"],
        "title": "大客户月度回顾",
        "frequency": Frequency.MONTHLY,
        "day_of_month": 28,
        "starts_on": today,
        "ends_on": plan.ends_on,
        "repeat_no": "R-20260101-AAAAAA",
    }

    first, created = task_repeat_create(**kwargs)
    again, created_again = task_repeat_create(**kwargs)

    assert created and not created_again
    assert again == first
    assert Task.objects.filter(repeat=first).count() == len(
        repeat_dates(
            frequency=Frequency.MONTHLY,
            starts_on=today,
            ends_on=plan.ends_on,
            day_of_month=28,
        )
    )


def test_repeat_makes_no_task_already_late(cast):
    today = timezone.localdate()
    plan = Plan.objects.create(
        plan_no="PL-1",
        title="本月",
        employee=cast.people["rep1"],
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
    )

    repeat, _new = task_repeat_create(
        user=cast.people["rep1"].user,
        plan_no=plan.plan_no,
        employee=cast.people["rep1"],
        title="周报",
        frequency=Frequency.WEEKLY,
        weekday=0,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )

    assert min(repeat.occurrences.values_list("due_on", flat=True)) >= today


def test_repeat_needs_a_weekday_for_a_weekly_rule(cast):
    plan = _plan(cast)

    with pytest.raises(ValidationError) as error:
        task_repeat_create(
            user=cast.people["manager"].user,
            plan_no=plan.plan_no,
            employee=cast.people["rep1"],
            title="周报",
            frequency=Frequency.WEEKLY,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
        )

    assert "weekday" in error.value.message_dict
    assert not Task.objects.exists()


def test_repeated_tasks_done_on_time_count_on_the_scorecard(cast):
    """Each occurrence is a task like any other: two of three done by
    their day make an on-time rate of 2/3."""
    from yeji.performance.queries import period_parse, scorecard_compute

    plan = _plan(cast)
    today = timezone.localdate()
    repeat, _new = task_repeat_create(
        user=cast.people["manager"].user,
        plan_no=plan.plan_no,
        employee=cast.people["rep1"],
        title="周报",
        frequency=Frequency.WEEKLY,
        weekday=today.weekday(),
        starts_on=today,
        ends_on=today + dt.timedelta(days=20),
    )
    first, second, third = repeat.occurrences.order_by("due_on")
    Task.objects.filter(pk=first.pk).update(completed_on=first.due_on)
    Task.objects.filter(pk=second.pk).update(completed_on=second.due_on)
    Task.objects.filter(pk=third.pk).update(
        completed_on=third.due_on + dt.timedelta(days=1)
    )

    period = period_parse(
        None,
        start=today,
        end=today + dt.timedelta(days=20),
        as_of=today + dt.timedelta(days=21),
    )
    card = scorecard_compute(period=period, employee_no="E0001")
    rate = card.reps[0].metrics["task_on_time_rate"]
    assert float(rate) == pytest.approx(2 / 3)


def test_a_rep_plans_for_themself_but_not_for_a_colleague(cast):
    own = _plan(cast, who="rep1", rep="rep1")

    assert own.employee == cast.people["rep1"]
    with pytest.raises(PermissionDenied):
        _plan(cast, who="rep1", rep="rep2")


def test_a_plan_is_for_a_rep_or_a_team_not_both(cast):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        plan_create(
            user=cast.people["manager"].user,
            title="x",
            starts_on=today,
            ends_on=today,
            employee=cast.people["rep1"],
            team=cast.teams["EAST-1"],
        )


def test_plan_form_sent_twice_makes_one_plan(cast):
    first = _plan(cast, plan_no="PL-20260101-AAAAAA")
    again = _plan(cast, plan_no="PL-20260101-AAAAAA")

    assert again == first
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("rep1", {"rep1", "EAST-1"}),
        ("rep2", {"EAST-1"}),
        ("rep3", set()),
        ("manager", {"rep1", "EAST-1"}),
        ("region_manager", {"rep1", "EAST-1"}),
        ("west_manager", set()),
        ("director", {"rep1", "EAST-1"}),
        ("finance", set()),
        ("hr", set()),
    ],
)
def test_plans_are_seen_by_the_rep_their_team_and_those_above(cast, who, sees):
    _plan(cast, rep="rep1")
    _plan(cast, team="EAST-1")

    shown = {
        p.employee.user.username if p.employee else p.team.code
        for p in plans_visible(cast.people[who].user)
    }

    assert shown == sees


def test_a_rep_reads_the_team_plan_but_adds_no_task_to_it(cast):
    plan = _plan(cast, team="EAST-1")

    with pytest.raises(PermissionDenied):
        plan_task_add(
            user=cast.people["rep1"].user,
            plan_no=plan.plan_no,
            employee=cast.people["rep1"],
            title="x",
            due_on=timezone.localdate(),
        )


def test_plan_task_outside_the_plan_dates_is_refused(cast):
    plan = _plan(cast, days=10)

    with pytest.raises(ValidationError) as error:
        plan_task_add(
            user=cast.people["manager"].user,
            plan_no=plan.plan_no,
            employee=cast.people["rep1"],
            title="x",
            due_on=plan.ends_on + dt.timedelta(days=1),
        )

    assert "due_on" in error.value.message_dict


def test_progress_counts_done_on_time_and_overdue_tasks(cast):
    plan = _plan(cast)
    today = timezone.localdate()
    rep = cast.people["rep1"]
    day = dt.timedelta(days=1)
    Task.objects.bulk_create(
        [
            Task(task_no="A", employee=rep, title="a", due_on=today, plan=plan),
            Task(
                task_no="B",
                employee=rep,
                title="b",
                due_on=today - day,
                completed_on=today - day,
                plan=plan,
            ),
            Task(
                task_no="C",
                employee=rep,
                title="c",
                due_on=today - 2 * day,
                completed_on=today,
                plan=plan,
            ),
            Task(task_no="D", employee=rep, title="d", due_on=today - day, plan=plan),
            Task(task_no="E", employee=rep, title="e", due_on=today, plan=None),
        ]
    )

    shown = plans_with_progress(Plan.objects.all(), today=today).get()

    assert (shown.task_total, shown.task_done, shown.task_on_time) == (4, 2, 1)
    assert (shown.task_overdue, shown.task_due) == (1, 4)
