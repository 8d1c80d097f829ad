"""Customer keeping's daily background tasks, run by ``yeji worker``."""

from django_tasks import task

from yeji.crm.checkin import locations_purge
from yeji.crm.pool import pool_return


@task()
def pool_return_run() -> int:
    """Return the customers nobody contacted for too long to the shared
    pool (``yeji pool return``); returns how many."""
    return len(pool_return().codes)


@task()
def locations_purge_run() -> int:
    """Forget the visit locations older than the company keeps them
    (``yeji locations purge``); returns how many."""
    return locations_purge()
