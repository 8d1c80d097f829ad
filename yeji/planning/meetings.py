"""Team meetings: who sees them, and every write of them.

A meeting is a team's.  It is seen by whoever sees the team in the sales
area (``plans.planning_teams``), by the team's own reps and managers and by
its attendees.  It is made, and its minutes and action items written, by a
user who oversees the team (a manager of it or above, a director, an
administrator).  An action item is a task with an owner and a due date
that names the meeting, so it counts on the owner's scorecard as any task.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.numbering import create_once, new_key
from yeji.org.models import Employee, Team
from yeji.org.queries import User, user_employee
from yeji.planning.models import Meeting, Task
from yeji.planning.plans import member_team_id, planning_teams
from yeji.planning.tasklists import task_assignees

logger = logging.getLogger(__name__)

# The most action items one send of the form may add.
MAX_ACTION_ITEMS = 20


def meetings_visible(user: User) -> QuerySet[Meeting]:
    seen = Q(team__in=planning_teams(user))
    team_id = member_team_id(user)
    if team_id is not None:
        seen |= Q(team_id=team_id)
    employee = user_employee(user)
    if employee is not None and team_id is not None:
        seen |= Q(attendees=employee)
    # An attendee matches once per meeting, but the OR over a many-to-many
    # join still needs the distinct ids.
    return Meeting.objects.filter(pk__in=Meeting.objects.filter(seen).values("pk"))


def meeting_teams(user: User) -> QuerySet[Team]:
    """The teams ``user`` may hold meetings of: those they oversee."""
    return planning_teams(user).order_by("code")


def meeting_changeable(user: User, meeting: Meeting) -> bool:
    return meeting_teams(user).filter(pk=meeting.team_id).exists()


def meeting_people(meeting_team: Team, *, today: dt.date) -> QuerySet[Employee]:
    """Who may attend: the employees of the team and of the teams right
    below it who have not left."""
    return (
        Employee.objects.filter(
            Q(team_id=meeting_team.pk) | Q(team__parent_id=meeting_team.pk)
        )
        .exclude(left_on__lt=today)
        .order_by("employee_no")
    )


def _check_attendees(team: Team, attendees: list[Employee], today: dt.date) -> None:
    allowed = set(meeting_people(team, today=today).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in attendees):
        raise ValidationError(
            {"attendees": _("Attendees are people of the meeting's team.")}
        )


@transaction.atomic
def meeting_create(
    *,
    user: User,
    team: Team,
    title: str,
    held_on: dt.date,
    agenda: str = "",
    attendees: list[Employee] | None = None,
    meeting_no: str | None = None,
) -> tuple[Meeting, bool]:
    """A new meeting of ``team``; returns it and whether it is new.

    ``meeting_no`` is the form's one-time key: a second send of the same
    form returns the meeting the first made.  Refuses (PermissionDenied) a
    team the user does not oversee.
    """
    today = timezone.localdate()
    if not meeting_teams(user).filter(pk=team.pk).exists():
        raise PermissionDenied("This team's meetings are not this user's to hold.")
    attendees = attendees or []
    _check_attendees(team, attendees, today)

    meeting, created = create_once(
        Meeting,
        key_field="meeting_no",
        key=meeting_no,
        letter="MT",
        on=today,
        team=team,
        title=title,
        held_on=held_on,
        agenda=agenda,
        organizer=user_employee(user),
    )
    if not created:
        return meeting, False
    meeting.attendees.set(attendees)

    logger.info("meeting created", extra={"meeting_no": meeting.meeting_no})
    return meeting, True


def _changeable_meeting(user: User, meeting_no: str) -> Meeting:
    """The meeting, locked, or Meeting.DoesNotExist out of sight and
    PermissionDenied when the user only reads it."""
    meeting = (
        meetings_visible(user)
        .select_for_update(of=("self",))
        .select_related("team")
        .get(meeting_no=meeting_no)
    )
    if not meeting_changeable(user, meeting):
        raise PermissionDenied("This meeting is read-only for this user.")
    return meeting


@transaction.atomic
def meeting_minutes_save(
    *,
    user: User,
    meeting_no: str,
    agenda: str,
    minutes: str,
    attendees: list[Employee],
) -> Meeting:
    """Write the meeting's agenda, minutes and who came; saving the same
    twice changes nothing.  Raises Meeting.DoesNotExist out of sight."""
    today = timezone.localdate()
    meeting = _changeable_meeting(user, meeting_no)
    _check_attendees(meeting.team, attendees, today)

    meeting.agenda = agenda
    meeting.minutes = minutes
    meeting.save(update_fields=["agenda", "minutes"])
    meeting.attendees.set(attendees)

    logger.info("meeting minutes saved", extra={"meeting_no": meeting.meeting_no})
    return meeting


@dataclass(frozen=True)
class ActionItem:
    """One line of the meeting's action items: what, who, by when."""

    title: str
    employee: Employee
    due_on: dt.date


@transaction.atomic
def meeting_action_items_add(
    *, user: User, meeting_no: str, items: list[ActionItem], key: str | None = None
) -> tuple[list[Task], bool]:
    """Turn the meeting's action items into tasks, all or none; returns
    them and whether they are new.

    Each owner must be someone the user gives tasks to; no due date may be
    past.  ``key`` is the form's one-time key: the tasks are numbered
    ``<key>-01``, ``<key>-02``, … so a second send of the same form finds
    the first send's tasks and makes no others.  Raises
    Meeting.DoesNotExist for a meeting out of sight.
    """
    today = timezone.localdate()
    meeting = _changeable_meeting(user, meeting_no)
    if not items:
        raise ValidationError({"items": _("Write at least one action item.")})
    if len(items) > MAX_ACTION_ITEMS:
        raise ValidationError(
            {
                "items": _("At most %(n)d action items at a time.")
                % {"n": MAX_ACTION_ITEMS}
            }
        )
    assignable = set(task_assignees(user, today=today).values_list("pk", flat=True))
    errors = []
    for number, item in enumerate(items, start=1):
        if item.employee.pk not in assignable:
            errors.append(
                _("Item %(n)d: this person cannot be given a task by you.")
                % {"n": number}
            )
        if item.due_on < today:
            errors.append(_("Item %(n)d: the due date is in the past.") % {"n": number})
    if errors:
        raise ValidationError({"items": errors})

    key = key or new_key("T", on=today)
    earlier = list(meeting.action_items.filter(task_no__startswith=f"{key}-"))
    if earlier:
        return earlier, False
    tasks = [
        Task(
            task_no=f"{key}-{n:02d}",
            employee=item.employee,
            title=item.title,
            due_on=item.due_on,
            meeting=meeting,
        )
        for n, item in enumerate(items, start=1)
    ]
    try:
        with transaction.atomic():
            Task.objects.bulk_create(tasks)
    except IntegrityError:
        earlier = list(meeting.action_items.filter(task_no__startswith=f"{key}-"))
        if not earlier:
            raise
        return earlier, False

    logger.info(
        "meeting action items created",
        extra={"meeting_no": meeting.meeting_no, "tasks": len(tasks)},
    )
    return tasks, True
