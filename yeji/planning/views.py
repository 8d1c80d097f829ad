"""The task pages: the list, a new task, and the one-tap done and undo.

Whose tasks a user sees is ``tasklists.task_sight``: a rep their own, a
manager their teams', a director everyone's, finance and HR nobody's.  A
task out of sight answers 404, exactly like one that does not exist.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from yeji.planning.forms import TaskCreateForm, TaskFilterForm, task_form_token
from yeji.planning.models import Task
from yeji.planning.services import task_complete, task_create, task_reopen
from yeji.planning.tasklists import (
    TASK_SHOW_LABELS,
    TaskShow,
    task_assignees,
    task_sight,
    tasks_shown,
    tasks_visible,
)
from yeji.web.downloads import Format, requested_format, table_download
from yeji.web.paging import ListPaginator

TASKS_PER_PAGE = 50

# The session key of the task last marked done, offered for undoing.
_UNDO_KEY = "planning.task_undo"


def _status(task: Task, today: dt.date) -> str:
    if task.completed_on is not None:
        return str(TASK_SHOW_LABELS[TaskShow.DONE])
    if task.due_on < today:
        return str(TASK_SHOW_LABELS[TaskShow.OVERDUE])
    return str(TASK_SHOW_LABELS[TaskShow.OPEN])


def _download(tasks: QuerySet[Task], today: dt.date, fmt: Format) -> HttpResponseBase:
    headers = [
        _("Task number"),
        pgettext("of a task", "Title"),
        _("Employee no."),
        _("Assignee"),
        _("Team"),
        _("Due on"),
        _("Completed on"),
        _("Status"),
    ]
    rows = (
        [
            t.task_no,
            t.title,
            t.employee.employee_no,
            t.employee.name,
            t.employee.team.code,
            t.due_on,
            t.completed_on,
            _status(t, today),
        ]
        for t in tasks.select_related("employee__team").iterator(chunk_size=2000)
    )
    return table_download(filename=_("tasks"), fmt=fmt, headers=headers, rows=rows)


@login_required
@require_http_methods(["GET", "HEAD"])
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks the user sees, filtered, a page at a time or downloaded.

    A user who sees nobody's tasks gets the page with an empty list.
    """
    today = timezone.localdate()
    sight = list(task_sight(request.user).order_by("employee_no"))
    form = TaskFilterForm(request.GET, employees=sight)
    context: dict[str, Any] = {
        "form": form,
        "nav": "tasks",
        "today": today,
        "can_create": task_assignees(request.user, today=today).exists(),
        "undo": request.session.pop(_UNDO_KEY, None),
    }
    if not form.is_valid():
        return render(request, "planning/task_list.html", context, status=400)

    show = form.cleaned_data["show"]
    tasks = tasks_shown(tasks_visible(request.user), show=show, today=today)
    if form.cleaned_data["employee"]:
        tasks = tasks.filter(employee__employee_no=form.cleaned_data["employee"])
    fmt = requested_format(request)
    if fmt is not None:
        return _download(tasks, today, fmt)

    page = ListPaginator(tasks.select_related("employee"), TASKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    keep = request.GET.copy()
    keep.pop("page", None)
    keep.pop("download", None)
    context.update(
        page=page,
        tasks=page.object_list,
        show=show,
        query=keep.urlencode(),
        next_url=request.get_full_path(),
    )
    return render(request, "planning/task_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def task_create_view(request: HttpRequest) -> HttpResponse:
    """A new task, for oneself or (a manager) for a rep in sight."""
    today = timezone.localdate()
    assignees = list(task_assignees(request.user, today=today))
    if not assignees:
        # Finance, HR and a log-in without an employee give nobody tasks.
        status = 403 if request.method == "POST" else 200
        context = {"nav": "tasks", "nobody": True}
        return render(request, "planning/task_form.html", context, status=status)
    kwargs = {"assignees": assignees, "user_pk": request.user.pk, "today": today}
    own = getattr(request.user, "employee", None)
    initial = {"employee": own.employee_no} if own in assignees else {}
    if request.method != "POST":
        form = TaskCreateForm(initial=initial, **kwargs)
        return _task_form(request, form, token=form.fields["token"].initial)

    form = TaskCreateForm(request.POST, **kwargs)
    if not form.is_valid():
        token = request.POST.get("token", "")
        if "token" in form.errors:
            token = task_form_token(user_pk=request.user.pk, today=today)
        return _task_form(request, form, token=token, status=400)
    task, _created = task_create(
        user=request.user,
        employee=form.cleaned_data["employee"],
        title=form.cleaned_data["title"],
        due_on=form.cleaned_data["due_on"],
        task_no=form.cleaned_data["token"],
    )
    messages.success(request, _("Task %(task_no)s saved.") % {"task_no": task.task_no})
    return redirect("planning:task_list")


def _task_form(
    request: HttpRequest, form: TaskCreateForm, *, token: str, status: int = 200
) -> HttpResponse:
    context = {"form": form, "token": token, "nav": "tasks"}
    return render(request, "planning/task_form.html", context, status=status)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("planning:task_list")
    return redirect(target)


@login_required
@require_POST
def task_complete_view(request: HttpRequest, task_no: str) -> HttpResponse:
    """Done today, in one tap; the list then offers to undo it."""
    try:
        task = task_complete(user=request.user, task_no=task_no)
    except Task.DoesNotExist:
        raise Http404 from None
    request.session[_UNDO_KEY] = {"task_no": task.task_no, "title": task.title}
    return _back(request)


@login_required
@require_POST
def task_reopen_view(request: HttpRequest, task_no: str) -> HttpResponse:
    """Undo a completion: the task is open again."""
    try:
        task = task_reopen(user=request.user, task_no=task_no)
    except Task.DoesNotExist:
        raise Http404 from None
    messages.info(
        request, _("Task %(task_no)s is open again.") % {"task_no": task.task_no}
    )
    return _back(request)
