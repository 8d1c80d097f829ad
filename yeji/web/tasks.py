"""The web pages' background tasks, run by ``yeji worker``."""

from django.utils import timezone
from django_tasks import task

from yeji.web.homes import home_scorecards_keep


@task()
def home_scorecards_run() -> int:
    """Keep the company's scorecards of the homes up to date, as of today
    in the company's time zone."""
    return home_scorecards_keep(timezone.localdate())
