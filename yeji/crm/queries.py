"""The crm app's reads.

Callers pass the employees whose records may be read (an
``org.queries.visible_employees`` queryset for the sales area), so nothing
here decides who sees what.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce

from yeji.crm.models import Customer, CustomerLevel, Request

# The longest a customer of each level may go without a contact (a visit on
# site, by phone or by video) before the rep's home lists it.  A customer
# with no level is kept like a C customer.
CONTACT_LIMIT_DAYS = {
    CustomerLevel.A: 14,
    CustomerLevel.B: 30,
    CustomerLevel.C: 60,
}
CONTACT_LIMIT_UNGRADED = 60


def contact_limit_days(level: str) -> int:
    try:
        return CONTACT_LIMIT_DAYS[CustomerLevel(level)]
    except ValueError:
        return CONTACT_LIMIT_UNGRADED


@dataclass(frozen=True)
class QuietCustomer:
    """A customer not contacted for longer than its level allows."""

    customer: Customer
    last_contact: dt.date
    visited: bool
    days: int
    limit: int


def customers_overdue_for_contact(
    *, employees: QuerySet, today: dt.date, limit: int
) -> tuple[list[QuietCustomer], int]:
    """The employees' customers not contacted for longer than usual, the
    longest-quiet first (at most ``limit``), and how many there are.

    The rule: a customer's last contact is its latest visit (any channel)
    on or before ``today``, or, never visited, the day it was acquired.  It
    is overdue when more days than its level's limit have passed since
    then: A 14 days, B 30, C and no level 60.  Exactly 14 days after an A
    customer's last visit it is not yet overdue; on the 15th it is.

    Two queries, one grouped over the customers' visits.
    """
    customers = (
        Customer.objects.filter(owner__in=employees.values("id"))
        .annotate(
            last_visit=Max(
                "visits__visited_on", filter=Q(visits__visited_on__lte=today)
            )
        )
        .annotate(last_contact=Coalesce("last_visit", "acquired_on"))
    )
    quiet = Q()
    for level, days in CONTACT_LIMIT_DAYS.items():
        if level == CustomerLevel.C:
            continue
        quiet |= Q(level=level, last_contact__lt=today - dt.timedelta(days=days))
    quiet |= ~Q(level__in=[CustomerLevel.A, CustomerLevel.B]) & Q(
        last_contact__lt=today - dt.timedelta(days=CONTACT_LIMIT_DAYS[CustomerLevel.C])
    )
    overdue = customers.filter(quiet)
    rows = [
        QuietCustomer(
            customer=c,
            last_contact=c.last_contact,
            visited=c.last_visit is not None,
            days=(today - c.last_contact).days,
            limit=contact_limit_days(c.level),
        )
        for c in overdue.select_related("owner").order_by("last_contact", "code")[
            :limit
        ]
    ]
    return rows, overdue.count()


@dataclass(frozen=True)
class WaitingRequest:
    """A customer request not answered yet, and how long it has waited."""

    request: Request
    days: int


def requests_waiting(
    *, employees: QuerySet, today: dt.date, limit: int
) -> tuple[list[WaitingRequest], int]:
    """The employees' customer requests with no first answer, opened on or
    before ``today``, the oldest first (at most ``limit``), each with the
    days it has waited, and how many there are.  Two queries."""
    waiting = Request.objects.filter(
        employee__in=employees.values("id"),
        first_response_at=None,
        opened_on__lte=today,
    )
    rows = [
        WaitingRequest(request=r, days=(today - r.opened_on).days)
        for r in waiting.select_related("customer", "employee").order_by(
            "opened_at", "request_no"
        )[:limit]
    ]
    return rows, waiting.count()


def requests_waiting_by_team(*, employees: QuerySet, today: dt.date) -> dict[int, int]:
    """How many requests wait for a first answer, by the responsible
    employee's own team id (not summed up the tree).  One query."""
    rows = (
        Request.objects.filter(
            employee__in=employees.values("id"),
            first_response_at=None,
            opened_on__lte=today,
        )
        .order_by()
        .values("employee__team_id")
        .annotate(n=Count("id"))
        .values_list("employee__team_id", "n")
    )
    return dict(rows)
