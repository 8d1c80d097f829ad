"""After-sales service: a request's type, priority and status, its response
target by priority, the overdue requests, and the handling of complaints.

A request's first response (``first_response_at``) is still what the
scorecard's median response time measures; the status only follows it
(answering an open request puts it in progress) and never changes it.
A request is overdue while it waits for that first response longer than
its priority's target (``rules.response_target_hours``).
"""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.crm.keeping_models import (
    KeepingSettings,
    Priority,
    RequestStatus,
    RequestType,
)
from yeji.crm.models import Complaint, Request
from yeji.crm.queries import visible_requests, writable_customers
from yeji.crm.rules import keeping_settings, response_target_hours
from yeji.org.models import Employee
from yeji.org.queries import Area, User, visible_employees

logger = logging.getLogger(__name__)


class NotAllowed(Exception):
    """The user may not change this record (or does not see it): 404."""


def response_due_at(
    request: Request, rules: KeepingSettings | None = None
) -> dt.datetime:
    """When the request should have had its first response."""
    hours = response_target_hours(request.priority, rules)
    return request.opened_at + dt.timedelta(hours=hours)


def response_overdue(*, now: dt.datetime, rules: KeepingSettings | None = None) -> Q:
    """The requests still waiting for a first response past their
    priority's target at ``now``: one comparison per priority."""
    rules = rules or keeping_settings()
    late = Q()
    for priority in Priority.values:
        hours = response_target_hours(priority, rules)
        late |= Q(priority=priority, opened_at__lt=now - dt.timedelta(hours=hours))
    return Q(first_response_at__isnull=True) & late


def requests_overdue(
    *, employees: QuerySet[Employee], now: dt.datetime | None = None
) -> QuerySet[Request]:
    """The employees' requests overdue for a first response, the longest
    late first, with their customer and rep."""
    now = now or timezone.now()
    return (
        Request.objects.filter(employee__in=employees.values("id"))
        .filter(response_overdue(now=now))
        .select_related("customer", "employee", "employee__team")
        .order_by("opened_at", "request_no")
    )


def overdue_requests_of(user: User, *, now: dt.datetime | None = None) -> QuerySet:
    """The overdue requests the user sees: a rep's own, a manager's team's."""
    sight = visible_employees(user, area=Area.SALES)
    return requests_overdue(employees=sight, now=now).filter(customer__owner__in=sight)


def _request_to_change(user: User, request: Request) -> Request:
    found = (
        visible_requests(user)
        .filter(pk=request.pk, customer__in=writable_customers(user))
        .select_for_update()
        .first()
    )
    if found is None:
        raise NotAllowed
    return found


@transaction.atomic
def request_update(
    *,
    user: User,
    request: Request,
    request_type: str,
    priority: str,
    status: str,
    resolution: str = "",
) -> Request:
    """Change a request's type, priority and status.

    Resolving or closing it records when (once) and needs a resolution;
    a request resolved or closed without a first response gets one then,
    the resolution being the response.  Reopening clears the resolution's
    time but keeps the first response.
    """
    found = _request_to_change(user, request)
    errors = {}
    if request_type not in RequestType.values:
        errors["request_type"] = _("Choose a type.")
    if priority not in Priority.values:
        errors["priority"] = _("Choose a priority.")
    if status not in RequestStatus.values:
        errors["status"] = _("Choose a status.")
    done = status in {RequestStatus.RESOLVED, RequestStatus.CLOSED}
    if done and not resolution.strip():
        errors["resolution"] = _("Say how the request was resolved.")
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    found.request_type = request_type
    found.priority = priority
    found.status = status
    found.resolution = resolution.strip()
    if done:
        found.resolved_at = found.resolved_at or now
        found.first_response_at = found.first_response_at or now
    else:
        found.resolved_at = None
        if status == RequestStatus.IN_PROGRESS:
            found.first_response_at = found.first_response_at or now
    found.save()
    logger.info(
        "Request updated",
        extra={"request_no": found.request_no, "status": found.status},
    )
    return found


@transaction.atomic
def complaint_resolve(
    *,
    user: User,
    complaint: Complaint,
    handler: Employee | None,
    resolution: str,
    resolved_on: dt.date | None,
) -> Complaint:
    """Name who handles a complaint and, when it is resolved, how and on
    which day.  The handler must be someone the user sees."""
    sight = visible_employees(user, area=Area.SALES)
    found = (
        Complaint.objects.select_for_update()
        .filter(
            pk=complaint.pk,
            employee__in=sight,
            customer__in=writable_customers(user),
        )
        .first()
    )
    if found is None:
        raise NotAllowed
    errors = {}
    if handler is not None and not sight.filter(pk=handler.pk).exists():
        errors["handler"] = _("Choose someone you see.")
    if resolved_on is not None:
        if resolved_on < found.filed_on:
            errors["resolved_on"] = _("The complaint is resolved before it was filed.")
        elif resolved_on > timezone.localdate():
            errors["resolved_on"] = _("This is in the future.")
        if not resolution.strip():
            errors["resolution"] = _("Say how the complaint was resolved.")
    if errors:
        raise ValidationError(errors)

    found.handler = handler
    found.resolution = resolution.strip()
    found.resolved_on = resolved_on
    found.save(update_fields=["handler", "resolution", "resolved_on"])
    logger.info("Complaint handled", extra={"complaint_no": found.complaint_no})
    return found
