"""The periodic jobs and the scheduler that enqueues them.

Each job names, for a moment, the *slot* it is due for (a local day once its
hour has come, a minute, five minutes) or None.  The scheduler enqueues a
job once per slot: the slot is written to ``ScheduledRun`` under a unique constraint in
the same transaction as the task, so a second worker, or a worker restarted
within the minute, enqueues nothing twice.  A daily job whose hour passed
while no worker ran is enqueued as soon as one starts.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from yeji.crm.tasks import locations_purge_run, pool_return_run
from yeji.notify import tasks
from yeji.notify.models import ScheduledRun
from yeji.web.tasks import home_scorecards_run

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: object
    slot: Callable[[dt.datetime], str | None]


def reminders_time() -> dt.time:
    """The local time of the daily reminders, ``YEJI_REMINDERS_AT``."""
    return dt.time.fromisoformat(settings.YEJI_REMINDERS_AT)


def _daily_slot(moment: dt.datetime) -> str | None:
    local = timezone.localtime(moment)
    if local.time() < reminders_time():
        return None
    return local.date().isoformat()


def _minute_slot(moment: dt.datetime) -> str | None:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _five_minute_slot(moment: dt.datetime) -> str | None:
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%dT%H:") + f"{local.minute // 5 * 5:02d}"


# The pool's return comes before the reminders, so that nobody is reminded
# of a customer that went back to the pool that morning.
JOBS = (
    Job("pool-return", pool_return_run, _daily_slot),
    Job("locations-purge", locations_purge_run, _daily_slot),
    Job("reminders", tasks.reminders_run, _daily_slot),
    Job("outbox", tasks.outbox_run, _minute_slot),
    Job("home-scorecards", home_scorecards_run, _five_minute_slot),
)


def schedule_tick(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue each job due at ``now`` and not enqueued for its slot yet;
    returns the names of those enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in JOBS:
        slot = job.slot(now)
        if slot is None:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=slot)
                job.task.enqueue()
        except IntegrityError:
            continue
        logger.debug("Enqueued %s for %s", job.name, slot)
        enqueued.append(job.name)
    return enqueued
