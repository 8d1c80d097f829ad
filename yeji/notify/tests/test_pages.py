"""The bell, the reminders page and marking read: each person sees and
marks only their own; the channels page is for administrators."""

import datetime as dt
import gettext
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from yeji.notify.models import Channel, ChannelKind, Notification, ReminderKind

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 4)


def _notify(employee, n: int = 1, **kwargs) -> list[Notification]:
    return [
        Notification.objects.create(
            recipient=employee,
            about=employee,
            kind=ReminderKind.TASK_DUE,
            subject=f"{employee.employee_no}-T{i}",
            day=DAY,
            details={"title": f"任务{i}", "due_on": DAY.isoformat(), "days": 0},
            **kwargs,
        )
        for i in range(n)
    ]


def test_the_bell_shows_how_many_of_ones_own_reminders_are_unread(cast):
    _notify(cast.people["rep1"], 3)
    _notify(cast.people["rep2"], 5)

    page = cast.client("rep1").get("/tasks/").content.decode()

    assert 'class="count"' in page and ">3</span>" in page


def test_a_manager_does_not_see_their_reps_reminders(cast):
    _notify(cast.people["rep1"], 2)

    response = cast.client("manager").get("/notifications/")

    assert response.status_code == 200
    assert response.context["rows"] == []


def test_the_page_lists_ones_reminders_in_ones_language(cast):
    [mine] = _notify(cast.people["rep1"])

    chinese = cast.client("rep1").get("/notifications/").content.decode()
    english = (
        cast.client("rep1")
        .get("/notifications/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )

    assert "今天到期的任务：任务0" in chinese
    assert "Task due today: 任务0" in english


def test_marking_read_clears_the_bell(cast):
    first, second = _notify(cast.people["rep1"], 2)
    client = cast.client("rep1")

    response = client.post("/notifications/read/", {"id": first.pk})

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    client.post("/notifications/read/", {"all": "1"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_marking_anothers_reminder_read_is_not_found_and_changes_nothing(cast):
    [theirs] = _notify(cast.people["rep2"])

    response = cast.client("director").post("/notifications/read/", {"id": theirs.pk})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_takes_as_many_queries_for_many_reminders_as_for_few(cast):
    client = cast.client("rep1")
    _notify(cast.people["rep1"], 2)
    with CaptureQueriesContext(connection) as few:
        client.get("/notifications/")
    Notification.objects.all().delete()
    _notify(cast.people["rep1"], 40)
    with CaptureQueriesContext(connection) as many:
        client.get("/notifications/")

    assert len(many) == len(few)


def test_only_an_administrator_sees_the_channels(cast):
    Channel.objects.create(
        name="销售群机器人", kind=ChannelKind.WECOM, webhook="https://x/"
    )

    assert cast.client("director").get("/notifications/channels/").status_code == 404
    page = cast.client("admin").get("/notifications/channels/")
    assert page.status_code == 200
    assert "销售群机器人" in page.content.decode()


def test_no_other_catalogue_overrides_a_translation_of_these_pages():
    """An app listed before notify wins a message both translate; a message
    translated differently there must get a context here."""
    own = gettext.translation(
        "django",
        localedir=Path(__file__).resolve().parents[1] / "locale",
        languages=["zh_Hans"],
    )
    with translation.override("zh-hans"):
        merged = translation.trans_real.translation("zh-hans")
        for key, text in own._catalog.items():
            if not key or isinstance(key, tuple):
                continue
            assert merged._catalog.get(key) == text, key
