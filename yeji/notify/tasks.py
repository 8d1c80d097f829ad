"""The background tasks of reminders, run by ``yeji worker``."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from yeji.notify.models import ScheduledRun
from yeji.notify.services import (
    notifications_prune,
    outbox_deliver,
    reminders_generate,
)

# Finished task records and schedule marks are kept this long, then pruned
# (reminders themselves: services.NOTIFICATIONS_KEEP_DAYS).
KEEP_DAYS = 7


@task()
def reminders_run() -> int:
    """Today's reminders (in the company's time zone), then old records
    and old reminders pruned."""
    today = timezone.localdate()
    made = reminders_generate(today=today)
    prune_finished(before=timezone.now() - dt.timedelta(days=KEEP_DAYS))
    notifications_prune(today=today)
    return made


@task()
def outbox_run() -> int:
    """Send what the outbox holds that is due."""
    return outbox_deliver()


def prune_finished(*, before: dt.datetime) -> None:
    """Delete finished task records and schedule marks older than
    ``before``: the delivery job alone leaves 1,440 of each a day."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(finished_at__lt=before).delete()
    ScheduledRun.objects.filter(enqueued_at__lt=before).delete()
