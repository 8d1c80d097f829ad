"""The meeting pages: the list, a new meeting, and one meeting with its
agenda, attendees, minutes and action items.

Whose meetings a user sees is ``meetings.meetings_visible``; a meeting out
of sight answers 404, exactly like one that does not exist.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from yeji.planning.meetings import (
    ActionItem,
    meeting_action_items_add,
    meeting_changeable,
    meeting_create,
    meeting_minutes_save,
    meeting_people,
    meeting_teams,
    meetings_visible,
)
from yeji.planning.models import Meeting
from yeji.planning.tasklists import task_assignees
from yeji.planning.work_forms import ActionItemsForm, MeetingCreateForm, MinutesForm
from yeji.planning.work_views import apply_errors

MEETINGS_PER_PAGE = 30


@login_required
@require_http_methods(["GET", "HEAD"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = (
        meetings_visible(request.user)
        .select_related("team")
        .annotate(action_count=Count("action_items"))
        .order_by("-held_on", "meeting_no")
    )
    page = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "nav": "meetings",
        "page": page,
        "meetings": page.object_list,
        "can_create": meeting_teams(request.user).exists(),
    }
    return render(request, "planning/meeting_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_create_view(request: HttpRequest) -> HttpResponse:
    teams = list(meeting_teams(request.user))
    if not teams:
        status = 403 if request.method == "POST" else 200
        context = {"nav": "meetings", "nobody": True}
        return render(request, "planning/meeting_form.html", context, status=status)
    kwargs = {"teams": teams, "user_pk": request.user.pk}
    if request.method != "POST":
        form = MeetingCreateForm(initial={"held_on": timezone.localdate()}, **kwargs)
        return _meeting_form(request, form)

    form = MeetingCreateForm(request.POST, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting, _created = meeting_create(
                user=request.user,
                team=data["team"],
                title=data["title"],
                held_on=data["held_on"],
                agenda=data["agenda"],
                meeting_no=data["token"],
            )
        except ValidationError as error:
            apply_errors(form, error, default="team")
        else:
            messages.success(
                request, _("Meeting %(no)s saved.") % {"no": meeting.meeting_no}
            )
            return redirect("work:meeting_detail", meeting_no=meeting.meeting_no)
    return _meeting_form(request, form, status=400)


def _meeting_form(
    request: HttpRequest, form: MeetingCreateForm, status: int = 200
) -> HttpResponse:
    context = {"nav": "meetings", "form": form, "token": form.token_to_show()}
    return render(request, "planning/meeting_form.html", context, status=status)


def _meeting_in_sight(request: HttpRequest, meeting_no: str) -> Meeting:
    meeting = (
        meetings_visible(request.user)
        .select_related("team", "organizer")
        .filter(meeting_no=meeting_no)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def _forms(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    today = timezone.localdate()
    people = list(meeting_people(meeting.team, today=today))
    owners = list(task_assignees(request.user, today=today))
    return {
        "people": people,
        "owners": owners,
        "today": today,
    }


def _meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    minutes_form: MinutesForm | None = None,
    items_form: ActionItemsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    changeable = meeting_changeable(request.user, meeting)
    context: dict[str, Any] = {
        "nav": "meetings",
        "meeting": meeting,
        "attendees": list(meeting.attendees.order_by("employee_no")),
        "actions": list(
            meeting.action_items.select_related("employee").order_by("task_no")
        ),
        "changeable": changeable,
        "today": timezone.localdate(),
    }
    if changeable:
        parts = _forms(request, meeting)
        minutes_form = minutes_form or MinutesForm(
            initial={
                "agenda": meeting.agenda,
                "minutes": meeting.minutes,
                "attendees": [e.employee_no for e in context["attendees"]],
            },
            people=parts["people"],
        )
        items_form = items_form or ActionItemsForm(
            owners=parts["owners"], today=parts["today"], user_pk=request.user.pk
        )
        context.update(
            minutes_form=minutes_form,
            items_form=items_form,
            items_token=items_form.token_to_show(),
        )
    return render(request, "planning/meeting_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def meeting_detail(request: HttpRequest, meeting_no: str) -> HttpResponse:
    return _meeting_page(request, _meeting_in_sight(request, meeting_no))


def _changeable(request: HttpRequest, meeting_no: str) -> Meeting:
    meeting = _meeting_in_sight(request, meeting_no)
    if not meeting_changeable(request.user, meeting):
        raise PermissionDenied
    return meeting


@login_required
@require_POST
def meeting_minutes_view(request: HttpRequest, meeting_no: str) -> HttpResponse:
    """The agenda, the minutes and who came, saved together."""
    meeting = _changeable(request, meeting_no)
    parts = _forms(request, meeting)
    form = MinutesForm(request.POST, people=parts["people"])
    if form.is_valid():
        try:
            meeting_minutes_save(
                user=request.user,
                meeting_no=meeting.meeting_no,
                agenda=form.cleaned_data["agenda"],
                minutes=form.cleaned_data["minutes"],
                attendees=form.cleaned_data["attendees"],
            )
        except ValidationError as error:
            apply_errors(form, error, default="minutes")
        else:
            messages.success(request, _("Minutes saved."))
            return redirect("work:meeting_detail", meeting_no=meeting.meeting_no)
    return _meeting_page(request, meeting, minutes_form=form, status=400)


@login_required
@require_POST
def meeting_actions_view(request: HttpRequest, meeting_no: str) -> HttpResponse:
    """The action items written, each made a task of its owner at once."""
    meeting = _changeable(request, meeting_no)
    parts = _forms(request, meeting)
    form = ActionItemsForm(
        request.POST,
        owners=parts["owners"],
        today=parts["today"],
        user_pk=request.user.pk,
    )
    if form.is_valid():
        items = [ActionItem(*item) for item in form.cleaned_data["items"]]
        try:
            tasks, _created = meeting_action_items_add(
                user=request.user,
                meeting_no=meeting.meeting_no,
                items=items,
                key=form.cleaned_data["token"],
            )
        except ValidationError as error:
            apply_errors(form, error, default="__all__")
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d action item is now a task.",
                    "%(count)d action items are now tasks.",
                    len(tasks),
                )
                % {"count": len(tasks)},
            )
            return redirect("work:meeting_detail", meeting_no=meeting.meeting_no)
    return _meeting_page(request, meeting, items_form=form, status=400)
