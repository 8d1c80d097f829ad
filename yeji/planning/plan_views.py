"""The plan pages: the plans at a glance, a new plan, and one plan with its
goals, its timetable and the forms that add a task or a repeating task.

Whose plans a user sees is ``plans.plans_visible``; a plan out of sight
answers 404, exactly like one that does not exist.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from yeji.org.models import Role
from yeji.org.queries import user_employee
from yeji.planning.models import Plan
from yeji.planning.plans import (
    PlanShow,
    plan_changeable,
    plan_create,
    plan_owners,
    plan_task_add,
    plan_timetable,
    planning_teams,
    plans_shown,
    plans_visible,
    plans_with_progress,
    task_repeat_create,
)
from yeji.planning.tasklists import task_assignees
from yeji.planning.work_forms import WEEKDAYS, PlanCreateForm, PlanTaskForm, RepeatForm
from yeji.planning.work_views import apply_errors

PLANS_PER_PAGE = 30
TASKS_PER_PAGE = 100


def _plan_authors(request: HttpRequest) -> tuple[list[Any], list[Any]]:
    """The reps and the teams the user may make plans for."""
    today = timezone.localdate()
    reps = list(task_assignees(request.user, today=today))
    employee = user_employee(request.user, today=today)
    teams = []
    if employee is None or employee.role != Role.REP:
        teams = list(planning_teams(request.user).order_by("code"))
    return reps, teams


@login_required
@require_http_methods(["GET", "HEAD"])
def plan_list(request: HttpRequest) -> HttpResponse:
    """Every plan in sight with its progress: tasks done of all, on time,
    overdue; the current ones unless all are asked for."""
    today = timezone.localdate()
    show = PlanShow.ALL if request.GET.get("show") == PlanShow.ALL else PlanShow.CURRENT
    plans = plans_with_progress(
        plans_shown(plans_visible(request.user), show=show, today=today), today=today
    )
    page = Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    reps, teams = _plan_authors(request)
    context = {
        "nav": "plans",
        "page": page,
        "plans": page.object_list,
        "show": show,
        "today": today,
        "can_create": bool(reps or teams),
    }
    return render(request, "planning/plan_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_create_view(request: HttpRequest) -> HttpResponse:
    reps, teams = _plan_authors(request)
    if not (reps or teams):
        status = 403 if request.method == "POST" else 200
        return render(
            request,
            "planning/plan_form.html",
            {"nav": "plans", "nobody": True},
            status=status,
        )
    kwargs = {"reps": reps, "teams": teams, "user_pk": request.user.pk}
    if request.method != "POST":
        today = timezone.localdate()
        form = PlanCreateForm(initial={"starts_on": today}, **kwargs)
        return _plan_form(request, form)

    form = PlanCreateForm(request.POST, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan, _created = plan_create(
                user=request.user,
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                goals=data["goals"],
                employee=data["employee"],
                team=data["team"],
                plan_no=data["token"],
            )
        except ValidationError as error:
            apply_errors(form, error, default="ends_on")
        else:
            messages.success(request, _("Plan %(no)s saved.") % {"no": plan.plan_no})
            return redirect("work:plan_detail", plan_no=plan.plan_no)
    return _plan_form(request, form, status=400)


def _plan_form(
    request: HttpRequest, form: PlanCreateForm, status: int = 200
) -> HttpResponse:
    context = {"nav": "plans", "form": form, "token": form.token_to_show()}
    return render(request, "planning/plan_form.html", context, status=status)


def _plan_in_sight(request: HttpRequest, plan_no: str) -> Plan:
    today = timezone.localdate()
    plan = (
        plans_with_progress(plans_visible(request.user), today=today)
        .filter(plan_no=plan_no)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def _plan_page(
    request: HttpRequest,
    plan: Plan,
    *,
    task_form: PlanTaskForm | None = None,
    repeat_form: RepeatForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    changeable = plan_changeable(request.user, plan, today=today)
    context: dict[str, Any] = {
        "nav": "plans",
        "plan": plan,
        "today": today,
        "changeable": changeable,
        "weekdays": dict(WEEKDAYS),
    }
    page = Paginator(plan_timetable(plan), TASKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context.update(page=page, tasks=page.object_list)
    context["repeats"] = list(plan.repeats.select_related("employee"))
    if changeable:
        owners = list(plan_owners(request.user, plan, today=today))
        kwargs = {"owners": owners, "user_pk": request.user.pk}
        task_form = task_form or PlanTaskForm(initial={"due_on": today}, **kwargs)
        repeat_form = repeat_form or RepeatForm(
            initial={"starts_on": max(today, plan.starts_on), "ends_on": plan.ends_on},
            **kwargs,
        )
        context.update(
            task_form=task_form,
            task_token=task_form.token_to_show(),
            repeat_form=repeat_form,
            repeat_token=repeat_form.token_to_show(),
        )
    return render(request, "planning/plan_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def plan_detail(request: HttpRequest, plan_no: str) -> HttpResponse:
    return _plan_page(request, _plan_in_sight(request, plan_no))


def _changeable(request: HttpRequest, plan_no: str) -> tuple[Plan, list[Any]]:
    plan = _plan_in_sight(request, plan_no)
    today = timezone.localdate()
    if not plan_changeable(request.user, plan, today=today):
        raise PermissionDenied
    return plan, list(plan_owners(request.user, plan, today=today))


@login_required
@require_POST
def plan_task_add_view(request: HttpRequest, plan_no: str) -> HttpResponse:
    """One task on the plan's timetable."""
    plan, owners = _changeable(request, plan_no)
    form = PlanTaskForm(request.POST, owners=owners, user_pk=request.user.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            task, _created = plan_task_add(
                user=request.user,
                plan_no=plan.plan_no,
                employee=data["employee"],
                title=data["title"],
                due_on=data["due_on"],
                task_no=data["token"],
            )
        except ValidationError as error:
            apply_errors(form, error, default="due_on")
        else:
            messages.success(
                request, _("Task %(task_no)s saved.") % {"task_no": task.task_no}
            )
            return redirect("work:plan_detail", plan_no=plan.plan_no)
    return _plan_page(request, plan, task_form=form, status=400)


@login_required
@require_POST
def plan_repeat_add_view(request: HttpRequest, plan_no: str) -> HttpResponse:
    """A repeating task, and every one of its occurrences."""
    plan, owners = _changeable(request, plan_no)
    form = RepeatForm(request.POST, owners=owners, user_pk=request.user.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            repeat, _created = task_repeat_create(
                user=request.user,
                plan_no=plan.plan_no,
                employee=data["employee"],
                title=data["title"],
                frequency=data["frequency"],
                weekday=data["weekday"],
                day_of_month=data["day_of_month"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                repeat_no=data["token"],
            )
        except ValidationError as error:
            apply_errors(form, error, default="ends_on")
        else:
            count = repeat.occurrences.count()
            messages.success(
                request,
                ngettext(
                    "Repeating task saved: %(count)d task.",
                    "Repeating task saved: %(count)d tasks.",
                    count,
                )
                % {"count": count},
            )
            return redirect("work:plan_detail", plan_no=plan.plan_no)
    return _plan_page(request, plan, repeat_form=form, status=400)
