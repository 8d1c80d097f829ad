"""The schedule of ``yeji worker``: each job once per slot, the daily
reminders from their hour, the homes' scorecards every five minutes."""

import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from yeji.notify.schedule import schedule_tick

pytestmark = pytest.mark.django_db

BEIJING = dt.timezone(dt.timedelta(hours=8))


def _at(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, 4, hour, minute, second, tzinfo=BEIJING)


def test_before_the_reminders_hour_only_the_frequent_jobs_are_enqueued(settings):
    settings.YEJI_REMINDERS_AT = "08:30"

    assert schedule_tick(now=_at(8, 26)) == ["outbox", "home-scorecards"]
    assert schedule_tick(now=_at(8, 29)) == ["outbox"]
    assert schedule_tick(now=_at(8, 30)) == ["reminders", "outbox", "home-scorecards"]


def test_a_slot_is_enqueued_once_however_often_the_worker_looks(settings):
    settings.YEJI_REMINDERS_AT = "08:30"
    first = schedule_tick(now=_at(9, 0, 1))

    again = [schedule_tick(now=_at(9, minute, 30)) for minute in (0, 1, 2, 3, 4)]
    later = schedule_tick(now=_at(9, 5))

    assert first == ["reminders", "outbox", "home-scorecards"]
    assert again == [[], ["outbox"], ["outbox"], ["outbox"], ["outbox"]]
    assert later == ["outbox", "home-scorecards"]
    assert (
        DBTaskResult.objects.filter(
            task_path="yeji.web.tasks.home_scorecards_run"
        ).count()
        == 2
    )
