"""The reads behind the homes, on hand-computed cases: target pace, the
customers not contacted for longer than usual, requests waiting, open tasks
and the sales summary."""

import datetime as dt
from decimal import Decimal

import pytest

from yeji.crm.queries import customers_overdue_for_contact, requests_waiting
from yeji.org.models import Employee
from yeji.performance.queries import period_parse, scorecard_compute
from yeji.planning.queries import (
    period_elapsed_share,
    reps_behind_pace,
    target_pace,
    tasks_open,
    week_end,
)
from yeji.sales.queries import sales_summary_by_team
from yeji.web.tests import factories as f

pytestmark = pytest.mark.django_db


def _paces(period_label: str, as_of: str, rep: Employee):
    period = period_parse(period_label, as_of=as_of)
    card = scorecard_compute(period=period, employee_no=rep.employee_no)
    return {p.metric: p for p in target_pace(period=period, cards=card.reps)}


def test_month_pace_compares_the_share_done_with_the_share_of_days_gone():
    rep = f.EmployeeFactory()
    f.TargetFactory(employee=rep, period="2026-07", metric="revenue", value="31000")
    f.OrderFactory(employee=rep, ordered_on=dt.date(2026, 7, 2), amount="6200.00")
    # Not counted: cancelled, and after the as-of date.
    f.OrderFactory(
        employee=rep, ordered_on=dt.date(2026, 7, 3), amount="900", status="cancelled"
    )
    f.OrderFactory(employee=rep, ordered_on=dt.date(2026, 7, 11), amount="5000.00")

    pace = _paces("2026-07", "2026-07-10", rep)["revenue"]

    # 6,200 of 31,000 is 20%; 8 of July's 23 working days are 34.8%.
    assert pace.achieved == Decimal("6200.00")
    assert pace.target == Decimal("31000")
    assert pace.done == pytest.approx(0.20)
    assert pace.elapsed == pytest.approx(8 / 23)
    assert pace.gap == pytest.approx(0.20 - 8 / 23)


def test_quarter_pace_adds_up_the_months_targets():
    rep = f.EmployeeFactory()
    for month in ["2026-07", "2026-08", "2026-09"]:
        f.TargetFactory(employee=rep, period=month, metric="orders", value="10")
    for day in range(1, 19):
        f.OrderFactory(employee=rep, ordered_on=dt.date(2026, 7, day))

    pace = _paces("2026-Q3", "2026-08-15", rep)["orders"]

    # 18 of 30 orders; July's 23 and August's first 10 working days of the
    # quarter's 66 (the Mid-autumn Friday off, Sunday 20 September worked).
    assert (pace.achieved, pace.target) == (Decimal(18), Decimal(30))
    assert pace.done == pytest.approx(0.6)
    assert pace.elapsed == pytest.approx(33 / 66)
    assert pace.gap > 0


def test_a_quarter_missing_a_months_target_has_no_target():
    rep = f.EmployeeFactory()
    for month in ["2026-07", "2026-08"]:
        f.TargetFactory(employee=rep, period=month, metric="orders", value="10")

    assert _paces("2026-Q3", "2026-08-15", rep) == {}


def test_elapsed_share_counts_the_as_of_day_in_working_days():
    assert period_elapsed_share(period_parse("2026-07", as_of="2026-07-01")) == 1 / 23
    assert period_elapsed_share(period_parse("2026-07", as_of="2026-07-31")) == 1
    assert period_elapsed_share(period_parse("2026-07", as_of="2026-09-01")) == 1


def test_reps_behind_pace_take_each_reps_worst_target_and_skip_those_ahead():
    ahead, behind, far_behind = (f.EmployeeFactory() for _ in range(3))
    for rep, amount in [(ahead, "9000"), (behind, "4000"), (far_behind, "1000")]:
        f.TargetFactory(employee=rep, period="2026-07", metric="revenue", value="10000")
        f.OrderFactory(employee=rep, ordered_on=dt.date(2026, 7, 1), amount=amount)
    # far_behind's orders target is met, but their revenue is far behind.
    f.TargetFactory(employee=far_behind, period="2026-07", metric="orders", value="1")
    period = period_parse("2026-07", as_of="2026-07-16")
    cards = scorecard_compute(period=period).reps

    listed = reps_behind_pace(target_pace(period=period, cards=cards), limit=5)

    assert [(p.employee_no, p.metric) for p in listed] == [
        (far_behind.employee_no, "revenue"),
        (behind.employee_no, "revenue"),
    ]


def test_week_end_is_the_sunday_of_the_week():
    assert week_end(dt.date(2026, 9, 30)) == dt.date(2026, 10, 4)
    assert week_end(dt.date(2026, 10, 4)) == dt.date(2026, 10, 4)


def test_open_tasks_split_into_overdue_and_due_this_week():
    rep, other = f.EmployeeFactory(), f.EmployeeFactory()
    today = dt.date(2026, 9, 30)  # a Wednesday
    late = f.TaskFactory(employee=rep, due_on=dt.date(2026, 9, 29), completed_on=None)
    f.TaskFactory(employee=rep, due_on=dt.date(2026, 9, 1), completed_on=today)
    due_today = f.TaskFactory(employee=rep, due_on=today, completed_on=None)
    sunday = f.TaskFactory(employee=rep, due_on=dt.date(2026, 10, 4), completed_on=None)
    f.TaskFactory(employee=rep, due_on=dt.date(2026, 10, 5), completed_on=None)
    f.TaskFactory(employee=other, due_on=dt.date(2026, 9, 1), completed_on=None)

    tasks = tasks_open(
        employees=Employee.objects.filter(pk=rep.pk), today=today, limit=10
    )

    assert [t.task_no for t in tasks.overdue] == [late.task_no]
    assert tasks.overdue_count == 1
    assert [t.task_no for t in tasks.due_this_week] == [
        due_today.task_no,
        sunday.task_no,
    ]
    assert tasks.due_this_week_count == 2


def _quiet(rep: Employee, today: dt.date) -> dict[str, int]:
    rows, count = customers_overdue_for_contact(
        employees=Employee.objects.filter(pk=rep.pk), today=today, limit=100
    )
    assert count == len(rows)
    return {row.customer.code: row.days for row in rows}


@pytest.mark.parametrize(
    ("level", "limit"), [("a", 14), ("b", 30), ("c", 60), ("", 60)]
)
def test_a_customer_is_quiet_from_the_day_after_its_levels_limit(level, limit):
    rep = f.EmployeeFactory()
    today = dt.date(2026, 9, 30)
    at_limit = f.CustomerFactory(owner=rep, level=level, code="AT")
    past_limit = f.CustomerFactory(owner=rep, level=level, code="PAST")
    f.VisitFactory(
        employee=rep,
        customer=at_limit,
        visited_on=today - dt.timedelta(days=limit),
    )
    f.VisitFactory(
        employee=rep,
        customer=past_limit,
        visited_on=today - dt.timedelta(days=limit + 1),
    )

    assert _quiet(rep, today) == {"PAST": limit + 1}


def test_a_never_visited_customer_counts_from_the_day_it_was_won():
    rep = f.EmployeeFactory()
    today = dt.date(2026, 9, 30)
    f.CustomerFactory(
        owner=rep, level="a", code="NEW", acquired_on=dt.date(2026, 9, 16)
    )
    f.CustomerFactory(
        owner=rep, level="a", code="OLD", acquired_on=dt.date(2026, 9, 15)
    )

    assert _quiet(rep, today) == {"OLD": 15}


def test_the_latest_visit_counts_and_one_after_today_does_not():
    rep = f.EmployeeFactory()
    today = dt.date(2026, 9, 30)
    customer = f.CustomerFactory(owner=rep, level="b", code="B1")
    f.VisitFactory(employee=rep, customer=customer, visited_on=dt.date(2026, 6, 1))
    f.VisitFactory(employee=rep, customer=customer, visited_on=dt.date(2026, 8, 1))
    f.VisitFactory(employee=rep, customer=customer, visited_on=dt.date(2026, 10, 1))

    assert _quiet(rep, today) == {"B1": 60}


def test_requests_waiting_are_the_unanswered_ones_oldest_first():
    rep, other = f.EmployeeFactory(), f.EmployeeFactory()
    today = dt.date(2026, 9, 30)
    newer = f.RequestFactory(
        employee=rep, opened_on=dt.date(2026, 9, 28), first_response_at=None
    )
    older = f.RequestFactory(
        employee=rep, opened_on=dt.date(2026, 9, 1), first_response_at=None
    )
    f.RequestFactory(employee=rep, opened_on=dt.date(2026, 9, 2))
    f.RequestFactory(
        employee=other, opened_on=dt.date(2026, 8, 1), first_response_at=None
    )

    rows, count = requests_waiting(
        employees=Employee.objects.filter(pk=rep.pk), today=today, limit=10
    )

    assert [(r.request.request_no, r.days) for r in rows] == [
        (older.request_no, 29),
        (newer.request_no, 2),
    ]
    assert count == 2


def test_sales_summary_sums_orders_payments_and_what_is_owed_by_team():
    east, west = f.TeamFactory(code="E"), f.TeamFactory(code="W")
    rep_e, rep_w = f.EmployeeFactory(team=east), f.EmployeeFactory(team=west)
    july = dt.date(2026, 7, 10)
    big = f.OrderFactory(employee=rep_e, ordered_on=july, amount="1000.00")
    f.OrderFactory(employee=rep_e, ordered_on=july, amount="300.00")
    f.OrderFactory(employee=rep_e, ordered_on=july, amount="50", status="cancelled")
    f.PaymentFactory(order=big, paid_on=dt.date(2026, 7, 20), amount="400.00")
    # Paid after the end: collected in no period shown, owed still.
    f.PaymentFactory(order=big, paid_on=dt.date(2026, 8, 2), amount="100.00")
    # A June order paid in July: collected in July, owed in no July order.
    june = f.OrderFactory(employee=rep_w, ordered_on=dt.date(2026, 6, 30))
    f.PaymentFactory(order=june, paid_on=dt.date(2026, 7, 1), amount="250.00")

    rows, total = sales_summary_by_team(
        employees=Employee.objects.all(),
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 7, 31),
    )

    by_team = {r.team_code: (r.orders, r.amount, r.collected, r.owed) for r in rows}
    assert by_team == {
        "E": (2, Decimal("1300.00"), Decimal("400.00"), Decimal("900.00")),
        "W": (0, Decimal("0.00"), Decimal("250.00"), Decimal("0.00")),
    }
    assert (total.orders, total.amount, total.collected) == (
        2,
        Decimal("1300.00"),
        Decimal("650.00"),
    )


def test_sales_summary_counts_only_the_employees_given():
    rep, other = f.EmployeeFactory(), f.EmployeeFactory()
    f.OrderFactory(employee=rep, ordered_on=dt.date(2026, 7, 1))
    f.OrderFactory(employee=other, ordered_on=dt.date(2026, 7, 1))

    rows, total = sales_summary_by_team(
        employees=Employee.objects.filter(pk=rep.pk),
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 7, 31),
    )

    assert [r.team_code for r in rows] == [rep.team.code]
    assert total.orders == 1
