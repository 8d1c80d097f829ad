"""Which reminders the day brings, to whom, and that a second run the same
day adds none."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from yeji.crm.models import CustomerLevel
from yeji.notify.models import (
    Channel,
    ChannelKind,
    Delivery,
    DeliveryStatus,
    Notification,
    ReminderKind,
)
from yeji.notify.services import (
    NOTIFICATIONS_KEEP_DAYS,
    notifications_prune,
    reminders_generate,
)
from yeji.notify.texts import notification_detail
from yeji.planning.models import ReportKind, WorkReport
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


def test_a_next_follow_up_date_set_by_a_visit_is_when_the_reminder_comes(cast):
    rep = cast.people["rep1"]
    # Visited 20 days ago (an A customer's 14 days are past), but the visit
    # set the next contact for tomorrow: not due yet.  Another's visit set
    # it for today, well inside the 14 days: due today.
    later = CustomerFactory(owner=rep, level=CustomerLevel.A, code="C-LATER")
    VisitFactory(
        customer=later,
        employee=rep,
        visited_on=TODAY - dt.timedelta(days=20),
        next_follow_up_on=TODAY + dt.timedelta(days=1),
    )
    sooner = CustomerFactory(owner=rep, level=CustomerLevel.A, code="C-SOONER")
    VisitFactory(
        customer=sooner,
        employee=rep,
        visited_on=TODAY - dt.timedelta(days=2),
        next_follow_up_on=TODAY,
    )

    reminders_generate(today=TODAY)

    assert _received() == [("E0001", "C-SOONER")]


def test_a_customer_in_the_shared_pool_reminds_nobody(cast):
    rep = cast.people["rep1"]
    pooled = CustomerFactory(owner=rep, level=CustomerLevel.A, code="C-POOL")
    VisitFactory(
        customer=pooled, employee=rep, visited_on=TODAY - dt.timedelta(days=40)
    )
    pooled.pooled_at = timezone.now()
    pooled.save()

    assert reminders_generate(today=TODAY) == 0


def test_a_report_waiting_for_review_reminds_the_manager_not_the_rep(cast):
    rep = cast.people["rep1"]
    yesterday = TODAY - dt.timedelta(days=1)
    # 18:00 in Beijing: yesterday in the company's time zone.
    handed_in = dt.datetime.combine(
        yesterday, dt.time(18), tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    WorkReport.objects.create(
        report_no="WR-1",
        employee=rep,
        kind=ReportKind.DAILY,
        starts_on=yesterday,
        ends_on=yesterday,
        submitted_at=handed_in,
    )
    WorkReport.objects.create(
        report_no="WR-SEEN",
        employee=rep,
        kind=ReportKind.DAILY,
        starts_on=yesterday - dt.timedelta(days=1),
        ends_on=yesterday - dt.timedelta(days=1),
        submitted_at=handed_in - dt.timedelta(days=1),
        reviewed_at=handed_in,
    )

    reminders_generate(today=TODAY)

    assert _received(ReminderKind.REPORT_UNREVIEWED) == [("M002", "WR-1")]
    with translation.override("en"):
        note = Notification.objects.get(subject="WR-1")
        assert notification_detail(note) == (
            "Daily report WR-1 of 2026-12-03, handed in on 2026-12-03. "
            f"Rep: {rep.name}."
        )


def test_reminders_older_than_a_quarter_are_pruned_unless_still_to_send(cast):
    rep = cast.people["rep1"]
    channel = Channel.objects.create(
        name="robot", kind=ChannelKind.WECOM, webhook="https://x/"
    )
    oldest_kept = TODAY - dt.timedelta(days=NOTIFICATIONS_KEEP_DAYS)

    def made(subject, day, delivery=None):
        notification = Notification.objects.create(
            recipient=rep,
            about=rep,
            kind=ReminderKind.TASK_DUE,
            subject=subject,
            day=day,
        )
        if delivery:
            notification.deliveries.create(
                channel=channel,
                status=delivery,
                next_attempt_at=timezone.now(),
                sent_at=timezone.now() if delivery == DeliveryStatus.SENT else None,
            )

    made("T-OLD-SENT", oldest_kept - dt.timedelta(days=1), DeliveryStatus.SENT)
    made("T-OLD", oldest_kept - dt.timedelta(days=200))
    made("T-OLD-PENDING", oldest_kept - dt.timedelta(days=1), DeliveryStatus.PENDING)
    made("T-KEPT", oldest_kept)

    assert notifications_prune(today=TODAY) == 2
    assert sorted(Notification.objects.values_list("subject", flat=True)) == [
        "T-KEPT",
        "T-OLD-PENDING",
    ]
    assert Delivery.objects.count() == 1
    assert notifications_prune(today=TODAY) == 0
