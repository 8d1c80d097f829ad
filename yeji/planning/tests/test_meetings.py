"""Team meetings: the agenda, who came, the minutes, and action items that
become tasks with owners and due dates in one action."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yeji.planning.meetings import (
    ActionItem,
    meeting_action_items_add,
    meeting_create,
    meeting_minutes_save,
    meetings_visible,
)
from yeji.planning.models import Meeting, Task

pytestmark = pytest.mark.django_db


def _meeting(cast, who="manager", team="EAST-1", **kwargs):
    meeting, _new = meeting_create(
        user=cast.people[who].user,
        team=cast.teams[team],
        title="周例会",
        held_on=timezone.localdate(),
        agenda="1. 上周回款\n2. 大客户",
        attendees=[cast.people["rep1"], cast.people["rep2"]],
        **kwargs,
    )
    return meeting


def test_action_items_become_tasks_of_their_owners_in_one_action(cast):
    meeting = _meeting(cast)
    today = timezone.localdate()
    items = [
        ActionItem(
            "跟进华光科技合同", cast.people["rep1"], today + dt.timedelta(days=3)
        ),
        ActionItem("整理回款明细", cast.people["rep2"], today + dt.timedelta(days=5)),
    ]

    tasks, created = meeting_action_items_add(
        user=cast.people["manager"].user, meeting_no=meeting.meeting_no, items=items
    )

    assert created
    made = Task.objects.filter(meeting=meeting).order_by("task_no")
    assert [(t.title, t.employee, t.due_on, t.completed_on) for t in made] == [
        (i.title, i.employee, i.due_on, None) for i in items
    ]


def test_action_items_with_one_bad_line_make_no_task(cast):
    meeting = _meeting(cast)
    today = timezone.localdate()
    items = [
        ActionItem("好的一行", cast.people["rep1"], today),
        ActionItem("别的团队", cast.people["rep4"], today),
    ]

    with translation.override("en"), pytest.raises(ValidationError) as error:
        meeting_action_items_add(
            user=cast.people["manager"].user,
            meeting_no=meeting.meeting_no,
            items=items,
        )

    assert "Item 2" in str(error.value.message_dict["items"])
    assert not Task.objects.exists()


def test_action_items_sent_twice_make_their_tasks_once(cast):
    meeting = _meeting(cast)
    items = [ActionItem("跟进", cast.people["rep1"], timezone.localdate())]
    kwargs = {
        "user": cast.people["manager"].user,
        "meeting_no": meeting.meeting_no,
        "items": items,
        "key": "T-20260101-AAAAAA",
    }

    meeting_action_items_add(**kwargs)
    _again, created = meeting_action_items_add(**kwargs)

    assert not created
    assert Task.objects.count() == 1


def test_minutes_and_attendees_are_saved(cast):
    meeting = _meeting(cast)

    meeting_minutes_save(
        user=cast.people["manager"].user,
        meeting_no=meeting.meeting_no,
        agenda=meeting.agenda,
        minutes="回款进度正常。",
        attendees=[cast.people["rep1"]],
    )

    meeting.refresh_from_db()
    assert meeting.minutes == "回款进度正常。"
    assert list(meeting.attendees.all()) == [cast.people["rep1"]]


def test_a_rep_reads_the_meeting_but_writes_no_minutes(cast):
    meeting = _meeting(cast)

    assert meetings_visible(cast.people["rep1"].user).get() == meeting
    with pytest.raises(PermissionDenied):
        meeting_minutes_save(
            user=cast.people["rep1"].user,
            meeting_no=meeting.meeting_no,
            agenda="",
            minutes="x",
            attendees=[],
        )


def test_a_manager_holds_no_meeting_of_another_team(cast):
    with pytest.raises(PermissionDenied):
        _meeting(cast, who="west_manager")
    assert not Meeting.objects.exists()


def test_attendees_come_from_the_meetings_team(cast):
    with pytest.raises(ValidationError):
        meeting_create(
            user=cast.people["region_manager"].user,
            team=cast.teams["EAST-1"],
            title="x",
            held_on=timezone.localdate(),
            attendees=[cast.people["rep4"]],
        )


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("rep1", True),
        ("rep2", True),
        ("rep3", False),
        ("rep4", False),
        ("manager", True),
        ("region_manager", True),
        ("west_manager", False),
        ("director", True),
        ("admin", True),
        ("finance", False),
        ("hr", False),
    ],
)
def test_meetings_are_seen_by_the_team_and_those_above(cast, who, sees):
    _meeting(cast)

    assert meetings_visible(cast.people[who].user).exists() == sees
