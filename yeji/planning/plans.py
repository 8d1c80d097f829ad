"""Plans and their repeating tasks: who sees them, their progress, and
every write of them.

A plan is a rep's or a team's.  Its sight follows the tasks' sight
(``tasklists.task_sight``): a rep's plan is seen by whoever sees the rep's
tasks; a team's plan by whoever sees the team in the sales area (its
managers up the tree, directors, administrators) and by the team's own
reps and managers.  Finance and HR see no plans, as they see no tasks.
"""

import calendar
import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.numbering import create_once
from yeji.org.models import Employee, Role, Team
from yeji.org.queries import Area, User, user_employee, visible_teams
from yeji.planning.models import Frequency, Plan, Task, TaskRepeat
from yeji.planning.tasklists import task_assignees, task_sight

logger = logging.getLogger(__name__)

# A plan, and a repeat within it, runs for at most a year and a day, so a
# weekly repeat makes at most 53 tasks.
LONGEST_PLAN = dt.timedelta(days=366)

# The roles whose own team's plans and meetings they see as members.
_MEMBER_ROLES = (Role.REP, Role.MANAGER)


# -- sight ------------------------------------------------------------------


def planning_teams(user: User) -> QuerySet[Team]:
    """The teams whose plans and meetings ``user`` sees and may make:
    the sales area's teams, except for finance, who reads orders and
    payments but not the teams' plans."""
    employee = user_employee(user)
    if employee is not None and employee.role == Role.FINANCE and not user.is_superuser:
        return Team.objects.none()
    return visible_teams(user, area=Area.SALES)


def member_team_id(user: User) -> int | None:
    """The team of a rep or manager, whose plans and meetings they see as
    one of its members; None for other roles."""
    employee = user_employee(user)
    if employee is not None and employee.role in _MEMBER_ROLES:
        return employee.team_id
    return None


def plans_visible(user: User) -> QuerySet[Plan]:
    seen = Q(employee__in=task_sight(user)) | Q(team__in=planning_teams(user))
    team_id = member_team_id(user)
    if team_id is not None:
        seen |= Q(team_id=team_id)
    return Plan.objects.filter(seen)


def plan_changeable(user: User, plan: Plan, *, today: dt.date) -> bool:
    """Whether ``user`` may add tasks to the plan: a rep to their own, a
    manager or director to any plan of a rep or team they oversee."""
    if plan.employee_id is not None:
        return task_assignees(user, today=today).filter(pk=plan.employee_id).exists()
    employee = user_employee(user, today=today)
    if employee is not None and employee.role == Role.REP:
        return False
    return planning_teams(user).filter(pk=plan.team_id).exists()


def plan_owners(user: User, plan: Plan, *, today: dt.date) -> QuerySet[Employee]:
    """Who may own a task of the plan: the plan's rep, or for a team's plan
    the assignable employees of the team and the teams below it."""
    assignable = task_assignees(user, today=today)
    if plan.employee_id is not None:
        return assignable.filter(pk=plan.employee_id)
    team_ids = visible_teams(user, area=Area.SALES).values("id")
    return assignable.filter(team_id__in=team_ids).filter(
        Q(team_id=plan.team_id) | Q(team__parent_id=plan.team_id)
    )


# -- reads ------------------------------------------------------------------


class PlanShow:
    CURRENT = "current"
    ALL = "all"


def plans_with_progress(plans: QuerySet[Plan], *, today: dt.date) -> QuerySet[Plan]:
    """``plans`` with the counts a manager reads at a glance, in one query:
    ``task_total``, ``task_done``, ``task_on_time`` (done by the due date,
    as the scorecard counts it), ``task_overdue`` (open past its date) and
    ``task_due`` (due by today)."""
    return plans.select_related("employee", "team").annotate(
        task_total=Count("tasks"),
        task_done=Count("tasks", filter=Q(tasks__completed_on__isnull=False)),
        task_on_time=Count(
            "tasks", filter=Q(tasks__completed_on__lte=F("tasks__due_on"))
        ),
        task_overdue=Count(
            "tasks",
            filter=Q(tasks__completed_on__isnull=True, tasks__due_on__lt=today),
        ),
        task_due=Count("tasks", filter=Q(tasks__due_on__lte=today)),
    )


def plans_shown(plans: QuerySet[Plan], *, show: str, today: dt.date) -> QuerySet[Plan]:
    """The current plans (running today or starting later) or all, the
    latest start first."""
    if show == PlanShow.CURRENT:
        plans = plans.filter(ends_on__gte=today)
    return plans.order_by("-starts_on", "plan_no")


def plan_timetable(plan: Plan) -> QuerySet[Task]:
    """The plan's tasks in due order, with their owners."""
    return plan.tasks.select_related("employee").order_by("due_on", "task_no")


def _check_period(starts_on: dt.date, ends_on: dt.date, field: str = "ends_on") -> None:
    if ends_on < starts_on:
        raise ValidationError({field: _("The end is before the start.")})
    if ends_on - starts_on > LONGEST_PLAN:
        raise ValidationError({field: _("A plan runs for a year at most.")})


# -- repeats ----------------------------------------------------------------


def _month_day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def repeat_dates(
    *,
    frequency: str,
    starts_on: dt.date,
    ends_on: dt.date,
    weekday: int | None = None,
    day_of_month: int | None = None,
) -> list[dt.date]:
    """The days a repeating task falls due from ``starts_on`` to
    ``ends_on``, both included.

    Weekly: every ``weekday`` (0 Monday … 6 Sunday).  Monthly: the
    ``day_of_month`` of every month, or the month's last day when it is
    shorter (the 31st is the end of every month).
    """
    days: list[dt.date] = []
    if frequency == Frequency.WEEKLY:
        assert weekday is not None
        day = starts_on + dt.timedelta(days=(weekday - starts_on.weekday()) % 7)
        while day <= ends_on:
            days.append(day)
            day += dt.timedelta(days=7)
        return days
    assert day_of_month is not None
    year, month = starts_on.year, starts_on.month
    while (year, month) <= (ends_on.year, ends_on.month):
        day = _month_day(year, month, day_of_month)
        if starts_on <= day <= ends_on:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


# -- writes -----------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    user: User,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    goals: str = "",
    employee: Employee | None = None,
    team: Team | None = None,
    plan_no: str | None = None,
) -> tuple[Plan, bool]:
    """A new plan for a rep or a team; returns it and whether it is new.

    ``plan_no`` is the form's one-time key (``formkeys``): a second send
    of the same form returns the plan the first made.  Refuses
    (PermissionDenied) a rep the user may not give tasks to and a team
    outside their sight, and (ValidationError) a plan for both or neither,
    or one that ends before it starts or runs more than a year.
    """
    today = timezone.localdate()
    if (employee is None) == (team is None):
        raise ValidationError({"employee": _("A plan is for one rep or for one team.")})
    if employee is not None and not (
        task_assignees(user, today=today).filter(pk=employee.pk).exists()
    ):
        raise PermissionDenied("This rep's plans are not this user's to make.")
    if team is not None and not planning_teams(user).filter(pk=team.pk).exists():
        raise PermissionDenied("This team's plans are not this user's to make.")
    if team is not None and member_team_id(user) == team.pk:
        author = user_employee(user)
        if author is not None and author.role == Role.REP:
            raise PermissionDenied("A rep does not make their team's plans.")
    _check_period(starts_on, ends_on)

    plan, created = create_once(
        Plan,
        key_field="plan_no",
        key=plan_no,
        letter="PL",
        on=today,
        title=title,
        employee=employee,
        team=team,
        starts_on=starts_on,
        ends_on=ends_on,
        goals=goals,
        created_by=user_employee(user),
    )
    if not created:
        return plan, False

    logger.info("plan created", extra={"plan_no": plan.plan_no})
    return plan, True


def _changeable_plan(user: User, plan_no: str, today: dt.date) -> Plan:
    """The plan, locked, or Plan.DoesNotExist out of sight and
    PermissionDenied when the user only reads it."""
    plan = plans_visible(user).select_for_update(of=("self",)).get(plan_no=plan_no)
    if not plan_changeable(user, plan, today=today):
        raise PermissionDenied("This plan is read-only for this user.")
    return plan


def _check_owner(user: User, plan: Plan, owner: Employee, today: dt.date) -> None:
    if not plan_owners(user, plan, today=today).filter(pk=owner.pk).exists():
        raise ValidationError(
            {"employee": _("This person cannot own a task of this plan.")}
        )


def _check_in_plan(plan: Plan, day: dt.date, field: str) -> None:
    if not plan.starts_on <= day <= plan.ends_on:
        raise ValidationError({field: _("This date is outside the plan's dates.")})


@transaction.atomic
def plan_task_add(
    *,
    user: User,
    plan_no: str,
    employee: Employee,
    title: str,
    due_on: dt.date,
    task_no: str | None = None,
) -> tuple[Task, bool]:
    """A task on the plan's timetable; returns it and whether it is new.

    The owner must be the plan's rep (or, for a team's plan, one of the
    team's people the user gives tasks to), the due date within the plan
    and not past.  Raises Plan.DoesNotExist for a plan out of sight.
    """
    today = timezone.localdate()
    plan = _changeable_plan(user, plan_no, today)
    _check_owner(user, plan, employee, today)
    _check_in_plan(plan, due_on, "due_on")
    if due_on < today:
        raise ValidationError({"due_on": _("The due date is in the past.")})

    task, created = create_once(
        Task,
        key_field="task_no",
        key=task_no,
        letter="T",
        on=today,
        employee=employee,
        title=title,
        due_on=due_on,
        plan=plan,
    )
    if not created:
        return task, False

    logger.info(
        "plan task created", extra={"plan_no": plan.plan_no, "task_no": task.task_no}
    )
    return task, True


@transaction.atomic
def task_repeat_create(
    *,
    user: User,
    plan_no: str,
    employee: Employee,
    title: str,
    frequency: str,
    starts_on: dt.date,
    ends_on: dt.date,
    weekday: int | None = None,
    day_of_month: int | None = None,
    repeat_no: str | None = None,
) -> tuple[TaskRepeat, bool]:
    """A repeating task of the plan, with every occurrence made at once as
    its own task; returns the repeat and whether it is new.

    Occurrences fall from ``starts_on`` (or today, if later: a repeat
    added mid-plan makes no task already late) to ``ends_on``, both within
    the plan.  Raises Plan.DoesNotExist for a plan out of sight and
    ValidationError for a rule that makes no task.
    """
    today = timezone.localdate()
    plan = _changeable_plan(user, plan_no, today)
    _check_owner(user, plan, employee, today)
    _check_in_plan(plan, starts_on, "starts_on")
    _check_in_plan(plan, ends_on, "ends_on")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end is before the start.")})
    if frequency == Frequency.WEEKLY:
        if weekday is None or not 0 <= weekday <= 6:
            raise ValidationError({"weekday": _("Choose the day of the week.")})
        day_of_month = None
    elif frequency == Frequency.MONTHLY:
        if day_of_month is None or not 1 <= day_of_month <= 31:
            raise ValidationError(
                {"day_of_month": _("Choose a day of the month from 1 to 31.")}
            )
        weekday = None
    else:
        raise ValidationError({"frequency": _("Choose how often it repeats.")})
    days = repeat_dates(
        frequency=frequency,
        starts_on=max(starts_on, today),
        ends_on=ends_on,
        weekday=weekday,
        day_of_month=day_of_month,
    )
    if not days:
        raise ValidationError(
            {"ends_on": _("No day from today to the end fits this repeat.")}
        )

    repeat, created = create_once(
        TaskRepeat,
        key_field="repeat_no",
        key=repeat_no,
        letter="R",
        on=today,
        plan=plan,
        employee=employee,
        title=title,
        frequency=frequency,
        weekday=weekday,
        day_of_month=day_of_month,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if not created:
        return repeat, False
    Task.objects.bulk_create(
        Task(
            task_no=f"{repeat.repeat_no}-{n:02d}",
            employee=employee,
            title=title,
            due_on=day,
            plan=plan,
            repeat=repeat,
        )
        for n, day in enumerate(days, start=1)
    )

    logger.info(
        "repeating task created",
        extra={"plan_no": plan.plan_no, "occurrences": len(days)},
    )
    return repeat, True
