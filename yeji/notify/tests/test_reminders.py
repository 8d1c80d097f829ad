"""Which reminders the day brings, to whom, and that a second run the same
day adds none."""

import datetime as dt

import pytest
from django.utils import timezone

from yeji.crm.models import CustomerLevel
from yeji.notify.models import (
    Channel,
    ChannelKind,
    Delivery,
    Notification,
    ReminderKind,
)
from yeji.notify.services import reminders_generate
from yeji.web.tests.factories import CustomerFactory, TaskFactory, VisitFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


def _task(employee, due_on, **kwargs):
    return TaskFactory(employee=employee, due_on=due_on, completed_on=None, **kwargs)


def _received(kind=None) -> list[tuple[str, str]]:
    notifications = Notification.objects.filter(day=TODAY)
    if kind:
        notifications = notifications.filter(kind=kind)
    return sorted(notifications.values_list("recipient__employee_no", "subject"))


def test_a_task_due_today_reminds_its_rep_only(cast):
    _task(cast.people["rep1"], TODAY, task_no="T-1")

    reminders_generate(today=TODAY)

    assert _received(ReminderKind.TASK_DUE) == [("E0001", "T-1")]


def test_an_overdue_task_reminds_the_rep_and_their_manager(cast):
    _task(cast.people["rep1"], TODAY - dt.timedelta(days=1), task_no="T-1")

    reminders_generate(today=TODAY)

    assert _received(ReminderKind.TASK_OVERDUE) == [("E0001", "T-1"), ("M002", "T-1")]


def test_a_team_without_a_manager_goes_to_the_manager_above_it(cast):
    # EAST-2 has no manager of its own; the region's manager is above it.
    _task(cast.people["rep3"], TODAY - dt.timedelta(days=1), task_no="T-3")

    reminders_generate(today=TODAY)

    assert _received() == [("E0003", "T-3"), ("M001", "T-3")]


def test_done_and_later_tasks_and_those_of_people_who_left_remind_nobody(cast):
    TaskFactory(employee=cast.people["rep1"], due_on=TODAY, completed_on=TODAY)
    _task(cast.people["rep1"], TODAY + dt.timedelta(days=1))
    gone = cast.people["rep2"]
    gone.left_on = TODAY - dt.timedelta(days=1)
    gone.save()
    _task(gone, TODAY)

    assert reminders_generate(today=TODAY) == 0


def test_generating_twice_the_same_day_makes_no_duplicate(cast):
    _task(cast.people["rep1"], TODAY - dt.timedelta(days=2))
    Channel.objects.create(name="robot", kind=ChannelKind.WECOM, webhook="https://x/")

    assert reminders_generate(today=TODAY) == 2
    assert reminders_generate(today=TODAY) == 0

    assert Notification.objects.count() == 2
    assert Delivery.objects.count() == 1


def test_the_next_day_reminds_again_of_what_is_still_overdue(cast):
    _task(cast.people["rep1"], TODAY - dt.timedelta(days=2))

    reminders_generate(today=TODAY)
    reminders_generate(today=TODAY + dt.timedelta(days=1))

    assert Notification.objects.filter(recipient=cast.people["rep1"]).count() == 2


def test_a_customer_reaching_its_contact_limit_today_is_a_follow_up_due(cast):
    rep = cast.people["rep1"]
    # An A customer may go 14 days without contact; today is the 14th.
    due = CustomerFactory(owner=rep, level=CustomerLevel.A, code="C-DUE")
    VisitFactory(customer=due, employee=rep, visited_on=TODAY - dt.timedelta(days=14))
    late = CustomerFactory(owner=rep, level=CustomerLevel.A, code="C-LATE")
    VisitFactory(customer=late, employee=rep, visited_on=TODAY - dt.timedelta(days=15))
    fresh = CustomerFactory(owner=rep, level=CustomerLevel.A, code="C-FRESH")
    VisitFactory(customer=fresh, employee=rep, visited_on=TODAY - dt.timedelta(days=3))

    reminders_generate(today=TODAY)

    assert _received(ReminderKind.FOLLOW_UP_DUE) == [("E0001", "C-DUE")]
    assert _received(ReminderKind.FOLLOW_UP_OVERDUE) == [
        ("E0001", "C-LATE"),
        ("M002", "C-LATE"),
    ]


def test_reminders_of_today_use_the_company_date(cast, settings):
    _task(cast.people["rep1"], timezone.localdate(), task_no="T-NOW")

    reminders_generate(today=timezone.localdate())

    assert Notification.objects.get().kind == ReminderKind.TASK_DUE
