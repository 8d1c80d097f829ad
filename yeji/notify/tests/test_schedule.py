"""The schedule of ``yeji worker``: each job once per slot, the daily
reminders from their hour, the homes' scorecards every five minutes."""

import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from yeji.notify.schedule import schedule_tick

pytestmark = pytest.mark.django_db

BEIJING = dt.timezone(dt.timedelta(hours=8))
DAILY = ["pool-return", "locations-purge", "reminders"]


def _at(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, 4, hour, minute, second, tzinfo=BEIJING)


def test_before_the_reminders_hour_only_the_frequent_jobs_are_enqueued(settings):
    settings.YEJI_REMINDERS_AT = "08:30"

    assert schedule_tick(now=_at(8, 26)) == ["outbox", "home-scorecards"]
    assert schedule_tick(now=_at(8, 29)) == ["outbox"]
    assert schedule_tick(now=_at(8, 30)) == [
        "pool-return",
        "locations-purge",
        "reminders",
        "outbox",
        "home-scorecards",
    ]


def test_a_slot_is_enqueued_once_however_often_the_worker_looks(settings):
    settings.YEJI_REMINDERS_AT = "08:30"
    first = schedule_tick(now=_at(9, 0, 1))

    again = [schedule_tick(now=_at(9, minute, 30)) for minute in (0, 1, 2, 3, 4)]
    later = schedule_tick(now=_at(9, 5))

    assert first == DAILY + ["outbox", "home-scorecards"]
    assert again == [[], ["outbox"], ["outbox"], ["outbox"], ["outbox"]]
    assert later == ["outbox", "home-scorecards"]
    assert (
        DBTaskResult.objects.filter(
            task_path="yeji.web.tasks.home_scorecards_run"
        ).count()
        == 2
    )


def test_the_daily_pool_return_sends_a_customer_nobody_contacted_to_the_pool(cast):
    from django.utils import timezone

    from yeji.crm.rules import keeping_settings
    from yeji.crm.tasks import pool_return_run
    from yeji.web.tests.factories import CustomerFactory, VisitFactory

    rep = cast.people["rep1"]
    days = keeping_settings().pool_after_days
    today = timezone.localdate()
    quiet = CustomerFactory(owner=rep, code="C-QUIET", acquired_on=dt.date(2020, 1, 1))
    VisitFactory(
        customer=quiet, employee=rep, visited_on=today - dt.timedelta(days=days + 1)
    )
    kept = CustomerFactory(owner=rep, code="C-KEPT", acquired_on=dt.date(2020, 1, 1))
    VisitFactory(customer=kept, employee=rep, visited_on=today)

    assert pool_return_run.call() == 1

    quiet.refresh_from_db()
    kept.refresh_from_db()
    assert quiet.pooled_at is not None
    assert kept.pooled_at is None
