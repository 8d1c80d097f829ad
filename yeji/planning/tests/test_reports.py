"""Work reports: figures equal to the rep's own records of the day or the
week, the review and comment flow, who sees them and which are missing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yeji.org.models import Employee
from yeji.planning.models import ReportKind, WorkReport
from yeji.planning.reports import (
    missing_reports,
    report_comment_add,
    report_figures,
    report_review,
    report_submit,
    reports_awaiting_review,
    reports_visible,
    working_days,
)
from yeji.targets.calendar import seed_from_chinese_calendar
from yeji.web.tests import factories as f

pytestmark = pytest.mark.django_db

# A Wednesday, and its week from Monday 6 July to Sunday 12 July 2026.
DAY = dt.date(2026, 7, 8)
MONDAY, SUNDAY = dt.date(2026, 7, 6), dt.date(2026, 7, 12)


def _records(rep, other) -> None:
    """Hand-built records of ``rep`` on DAY, in its week, outside it, and
    ``other``'s on DAY."""
    customer = f.CustomerFactory(owner=rep, acquired_on=DAY)
    f.CustomerFactory(owner=rep, acquired_on=MONDAY)
    f.CustomerFactory(owner=rep, acquired_on=SUNDAY + dt.timedelta(days=1))
    f.CustomerFactory(owner=other, acquired_on=DAY)
    for day in (DAY, DAY, MONDAY):
        f.VisitFactory(employee=rep, customer=customer, visited_on=day)
    f.VisitFactory(employee=rep, visited_on=MONDAY - dt.timedelta(days=1))
    f.VisitFactory(employee=other, visited_on=DAY)
    first = f.OrderFactory(
        employee=rep, customer=customer, ordered_on=DAY, amount="1200.50"
    )
    f.OrderFactory(employee=rep, customer=customer, ordered_on=SUNDAY, amount="300")
    f.OrderFactory(
        employee=rep,
        customer=customer,
        ordered_on=DAY,
        amount="999",
        status="cancelled",
    )
    f.OrderFactory(employee=other, ordered_on=DAY, amount="5000")
    # Collections: against the rep's orders, on the day they came in, even
    # an order of another month.
    old = f.OrderFactory(
        employee=rep, customer=customer, ordered_on=dt.date(2026, 5, 1)
    )
    first.payments.create(payment_no="P1", paid_on=DAY, amount=Decimal("600.25"))
    old.payments.create(payment_no="P2", paid_on=DAY, amount=Decimal("400.00"))
    old.payments.create(payment_no="P3", paid_on=SUNDAY, amount=Decimal("100.00"))
    f.TaskFactory(employee=rep, due_on=DAY, completed_on=DAY)
    f.TaskFactory(employee=rep, due_on=DAY, completed_on=MONDAY)
    f.TaskFactory(employee=rep, due_on=DAY, completed_on=None)
    f.TaskFactory(employee=other, completed_on=DAY)


def test_daily_figures_are_the_reps_records_of_that_day(cast):
    _records(cast.people["rep1"], cast.people["rep2"])

    figures = report_figures(cast.people["rep1"], DAY, DAY)

    assert figures.visits == 2
    assert figures.new_customers == 1
    assert figures.orders == 1
    assert figures.order_amount == Decimal("1200.50")
    assert figures.collections == Decimal("1000.25")
    assert figures.tasks_done == 1


def test_weekly_figures_are_the_reps_records_of_monday_to_sunday(cast):
    _records(cast.people["rep1"], cast.people["rep2"])

    figures = report_figures(cast.people["rep1"], MONDAY, SUNDAY)

    assert (figures.visits, figures.new_customers, figures.orders) == (3, 2, 2)
    assert figures.order_amount == Decimal("1500.50")
    assert figures.collections == Decimal("1100.25")
    assert figures.tasks_done == 2


def test_a_weekly_report_keeps_the_figures_of_its_week(cast):
    rep = cast.people["rep1"]
    _records(rep, cast.people["rep2"])

    report, created = report_submit(
        user=rep.user,
        kind=ReportKind.WEEKLY,
        day=DAY,
        wins="签下华光",
        help_needed="报价",
    )

    assert created
    assert (report.starts_on, report.ends_on) == (MONDAY, SUNDAY)
    assert (report.visits, report.orders, report.tasks_done) == (3, 2, 2)
    assert report.collections == Decimal("1100.25")
    assert (report.wins, report.help_needed) == ("签下华光", "报价")


def test_a_report_sent_twice_is_one_report_with_the_latest_words(cast):
    rep = cast.people["rep1"]

    first, _ = report_submit(user=rep.user, kind=ReportKind.DAILY, day=DAY, wins="a")
    again, created = report_submit(
        user=rep.user, kind=ReportKind.DAILY, day=DAY, wins="b"
    )

    assert not created and again.pk == first.pk
    assert WorkReport.objects.get().wins == "b"


def test_a_report_of_a_day_to_come_is_refused(cast):
    with pytest.raises(ValidationError):
        report_submit(
            user=cast.people["rep1"].user,
            kind=ReportKind.DAILY,
            day=timezone.localdate() + dt.timedelta(days=1),
        )


@pytest.mark.parametrize("who", ["manager", "finance", "hr"])
def test_only_reps_write_reports(cast, who):
    with pytest.raises(PermissionDenied):
        report_submit(user=cast.people[who].user, kind=ReportKind.DAILY, day=DAY)


def test_the_manager_comments_the_rep_answers_the_manager_reviews(cast):
    rep, manager = cast.people["rep1"], cast.people["manager"]
    report, _ = report_submit(user=rep.user, kind=ReportKind.DAILY, day=DAY)
    employees = Employee.objects.filter(team=cast.teams["EAST-1"])
    assert list(reports_awaiting_review(employees)) == [report]

    report_comment_add(user=manager.user, report_no=report.report_no, body="报价发我")
    report_comment_add(user=rep.user, report_no=report.report_no, body="好的")
    reviewed = report_review(user=manager.user, report_no=report.report_no)

    assert [(c.author, c.body) for c in report.comments.all()] == [
        (manager, "报价发我"),
        (rep, "好的"),
    ]
    assert reviewed.reviewed_by == manager and reviewed.reviewed_at is not None
    assert not reports_awaiting_review(employees).exists()
    with pytest.raises(ValidationError):
        report_submit(user=rep.user, kind=ReportKind.DAILY, day=DAY, wins="改")


def test_a_comment_sent_twice_is_one_comment(cast):
    rep = cast.people["rep1"]
    report, _ = report_submit(user=rep.user, kind=ReportKind.DAILY, day=DAY)

    for _attempt in range(2):
        report_comment_add(user=rep.user, report_no=report.report_no, body="补充")

    assert report.comments.count() == 1


@pytest.mark.parametrize("who", ["rep1", "finance"])
def test_neither_the_rep_nor_finance_reviews(cast, who):
    report, _ = report_submit(
        user=cast.people["rep1"].user, kind=ReportKind.DAILY, day=DAY
    )

    with pytest.raises((PermissionDenied, WorkReport.DoesNotExist)):
        report_review(user=cast.people[who].user, report_no=report.report_no)
    report.refresh_from_db()
    assert report.reviewed_at is None


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("rep1", True),
        ("rep2", False),
        ("manager", True),
        ("region_manager", True),
        ("west_manager", False),
        ("director", True),
        ("admin", True),
        ("finance", False),
        ("hr", False),
    ],
)
def test_reports_are_seen_by_the_rep_and_those_above(cast, who, sees):
    report_submit(user=cast.people["rep1"].user, kind=ReportKind.DAILY, day=DAY)

    assert reports_visible(cast.people[who].user).exists() == sees


def test_working_days_are_monday_to_friday_in_an_ordinary_week():
    assert working_days(MONDAY, SUNDAY) == [
        MONDAY + dt.timedelta(days=n) for n in range(5)
    ]


def test_no_daily_report_is_owed_on_a_holiday_and_one_is_on_a_make_up_day(cast):
    # The Spring Festival of 2026: 16 to 20 February off (and the 23rd),
    # Saturday 14 February worked in exchange.
    seed_from_chinese_calendar(years=[2026])
    week_before = (dt.date(2026, 2, 9), dt.date(2026, 2, 15))
    festival = (dt.date(2026, 2, 16), dt.date(2026, 2, 22))

    assert dt.date(2026, 2, 14) in working_days(*week_before)
    assert working_days(*festival) == []

    missing = missing_reports(
        employees=Employee.objects.filter(pk=cast.people["rep1"].pk),
        start=week_before[0],
        end=festival[1],
    )
    assert [m.starts_on.day for m in missing] == [14, 13, 12, 11, 10, 9]


def test_missing_daily_reports_are_the_working_days_without_one(cast):
    rep1, rep2 = cast.people["rep1"], cast.people["rep2"]
    for day in (MONDAY, DAY):
        WorkReport.objects.create(
            report_no=f"WR-{day}",
            employee=rep1,
            kind=ReportKind.DAILY,
            starts_on=day,
            ends_on=day,
            submitted_at=timezone.now(),
        )
    rep2.hired_on = DAY
    rep2.save()

    missing = missing_reports(
        employees=Employee.objects.filter(team=cast.teams["EAST-1"]),
        start=MONDAY,
        end=SUNDAY,
    )

    assert [(m.employee.employee_no, m.starts_on.day) for m in missing] == [
        ("E0001", 10),
        ("E0002", 10),
        ("E0001", 9),
        ("E0002", 9),
        ("E0002", 8),
        ("E0001", 7),
    ]


def test_missing_weekly_reports_are_the_ended_weeks_without_one(cast):
    rep1 = cast.people["rep1"]
    WorkReport.objects.create(
        report_no="WR-W",
        employee=rep1,
        kind=ReportKind.WEEKLY,
        starts_on=MONDAY,
        ends_on=SUNDAY,
        submitted_at=timezone.now(),
    )

    missing = missing_reports(
        employees=Employee.objects.filter(pk=rep1.pk),
        start=MONDAY,
        end=SUNDAY + dt.timedelta(days=10),
        kind=ReportKind.WEEKLY,
    )

    assert [m.starts_on for m in missing] == [MONDAY + dt.timedelta(days=7)]


def test_missing_reports_take_three_queries_for_any_number_of_reps(
    cast, django_assert_num_queries
):
    employees = Employee.objects.all()
    # The reps, the calendar's exceptions, the reports written.
    with django_assert_num_queries(3):
        few = missing_reports(employees=employees, start=MONDAY, end=SUNDAY)
    for n in range(20):
        f.EmployeeFactory(employee_no=f"X{n:03d}", team=cast.teams["EAST-1"])
    with django_assert_num_queries(3):
        many = missing_reports(employees=employees, start=MONDAY, end=SUNDAY)

    assert len(many) == len(few) + 20 * 5
