"""The reminders pages: one's own notifications, and the channels'
outbox for administrators."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from yeji.notify.models import Notification
from yeji.notify.queries import channels_overview, notifications_of
from yeji.notify.services import notification_mark_read, notifications_mark_all_read
from yeji.notify.texts import notification_detail, notification_title
from yeji.org.queries import is_administrator

NOTIFICATIONS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's own reminders, newest first, a page at a time."""
    notifications = notifications_of(request.user)
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "id": n.pk,
            "title": notification_title(n),
            "detail": notification_detail(n),
            "day": n.day,
            "unread": n.read_at is None,
            "kind": n.kind,
        }
        for n in page.object_list
    ]
    context = {"page": page, "rows": rows, "nav": "notifications"}
    return render(request, "notify/notification_list.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one reminder read (``id``), or all of them (``all``)."""
    if request.POST.get("all"):
        notifications_mark_all_read(user=request.user)
        return redirect("notify:list")
    try:
        notification_id = int(request.POST.get("id", ""))
    except ValueError:
        # Nothing named: nothing to mark.
        return redirect("notify:list")
    try:
        notification_mark_read(user=request.user, notification_id=notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None
    return redirect("notify:list")


@login_required
@require_http_methods(["GET", "HEAD"])
def channel_list(request: HttpRequest) -> HttpResponse:
    """The channels reminders leave by, and what each still has to send."""
    if not is_administrator(request.user):
        raise Http404
    context = {"channels": list(channels_overview()), "nav": "notifications"}
    return render(request, "notify/channel_list.html", context)
