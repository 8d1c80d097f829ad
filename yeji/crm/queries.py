"""Reads of the customer pages: the customers a user sees, and one
customer's figures and history.

Everything here is scoped by ``org.queries.visible_employees`` in the SALES
area: a customer is seen when its owner is, and each record of a customer's
history (a visit, an order, a request, ...) when the employee it belongs to
is, so a record outside the user's sight neither shows nor counts.

The homes' reads (quiet customers, waiting requests) take the employees whose
records may be read (a ``visible_employees`` queryset), so the caller decides
who sees what.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from yeji.crm import followups
from yeji.crm.models import Complaint, Customer, Request, Survey, Visit
from yeji.crm.rules import follow_up_days
from yeji.org.models import Employee, Role
from yeji.org.queries import (
    Area,
    User,
    in_sight,
    user_employee,
    visible_employees,
)
from yeji.sales.models import Order, OrderStatus, Payment


def _owned_within(
    customers: QuerySet[Customer], sight: QuerySet[Employee]
) -> QuerySet[Customer]:
    # Every customer has an owner, so a sight of every employee needs no
    # filter; leaving it out spares a million-row list its semi-join.
    if not sight.query.where:
        return customers
    return customers.filter(**in_sight("owner", sight))


def visible_customers(user: User) -> QuerySet[Customer]:
    """The customers whose owner the user sees in the SALES area."""
    return _owned_within(
        Customer.objects.all(), visible_employees(user, area=Area.SALES)
    )


def may_write(user: User) -> bool:
    """Whether the user may record the daily work of the customers they see.

    Finance reads the sales records and writes none of them; a log-in
    without an employee has nobody to act as.  Whom the user sees is
    checked apart, customer by customer.
    """
    employee = user_employee(user)
    return employee is not None and employee.role != Role.FINANCE


def writable_customers(user: User) -> QuerySet[Customer]:
    """The customers whose visits, requests, surveys and complaints the user
    may record: those they see, unless they may write none."""
    if not may_write(user):
        return Customer.objects.none()
    return visible_customers(user)


def visible_requests(user: User) -> QuerySet[Request]:
    """Requests the user sees: their responsible rep and their customer's
    owner both in the user's sight in the SALES area."""
    sight = visible_employees(user, area=Area.SALES)
    return Request.objects.filter(
        **in_sight("employee", sight), **in_sight("customer__owner", sight)
    )


class CustomerOrder(StrEnum):
    """The orders the customer list offers; each one rides an index."""

    CODE = "code"
    CODE_DESC = "-code"
    NAME = "name"
    NAME_DESC = "-name"
    ACQUIRED = "acquired_on"
    ACQUIRED_DESC = "-acquired_on"


_ORDERINGS: dict[CustomerOrder, tuple[Any, ...]] = {
    CustomerOrder.CODE: ("code",),
    CustomerOrder.CODE_DESC: ("-code",),
    CustomerOrder.NAME: ("name", "code"),
    CustomerOrder.NAME_DESC: ("-name", "-code"),
    CustomerOrder.ACQUIRED: ("acquired_on", "code"),
    CustomerOrder.ACQUIRED_DESC: ("-acquired_on", "-code"),
}


def customer_list(
    user: User,
    *,
    search: str = "",
    owner: Employee | None = None,
    team_ids: set[int] | None = None,
    level: str = "",
    industry: str = "",
    order: CustomerOrder = CustomerOrder.CODE,
) -> QuerySet[Customer]:
    """The customers the user sees, filtered and ordered for the list, each
    with its owner and the owner's team.

    ``search`` matches the start of the code or any part of the name.  Every
    order rides an index; :func:`with_last_contact` adds the last contact
    and next follow-up, to a page's rows or to a whole download.
    """
    sight = visible_employees(user, area=Area.SALES)
    customers = _owned_within(Customer.objects.all(), sight)
    search = search.strip()
    if search:
        # TODO: a search reads every customer the user sees (a part of a
        # name has no index to use); with a million customers it takes about
        # a second.  A trigram index on PostgreSQL would make it a lookup.
        customers = customers.filter(
            Q(code__istartswith=search) | Q(name__icontains=search)
        )
    if owner is not None:
        customers = customers.filter(owner=owner)
    if team_ids is not None:
        customers = customers.filter(owner__team_id__in=team_ids)
    if level:
        customers = customers.filter(level=level)
    if industry:
        customers = customers.filter(industry=industry)
    return customers.select_related("owner", "owner__team").order_by(*_ORDERINGS[order])


def with_last_contact(
    customers: QuerySet[Customer], *, user: User
) -> QuerySet[Customer]:
    """The customers, each with ``last_contact_on`` (the date of its latest
    visit the user may see) and ``next_follow_up_on`` (the follow-up date
    set at that visit, if any).

    Both are correlated subqueries on the (customer, visited_at) index: a
    lookup per customer, inside the one query.  Apply it to a page's rows
    rather than before paging, or a deep page pays for every row skipped.
    """
    latest_visit = Visit.objects.filter(
        customer=OuterRef("pk"),
        employee__in=visible_employees(user, area=Area.SALES),
    ).order_by("-visited_at", "-pk")
    return customers.annotate(
        last_contact_on=Subquery(latest_visit.values("visited_on")[:1]),
        next_follow_up_on=Subquery(latest_visit.values("next_follow_up_on")[:1]),
    )


def customer_rows(page: list[Customer], *, user: User) -> list[Customer]:
    """A page of the list, in its order, with last contact and follow-up."""
    found = {
        c.pk: c
        for c in with_last_contact(
            Customer.objects.filter(pk__in=[c.pk for c in page]), user=user
        ).select_related("owner", "owner__team")
    }
    return [found[c.pk] for c in page if c.pk in found]


@dataclass(frozen=True)
class CustomerFigures:
    visits_this_year: int
    order_total: Decimal
    paid_total: Decimal

    @property
    def owed(self) -> Decimal:
        """Confirmed orders not yet paid for."""
        return self.order_total - self.paid_total


_MONEY = DecimalField(max_digits=16, decimal_places=2)


def customer_figures(
    customer: Customer, *, user: User, today: dt.date | None = None
) -> CustomerFigures:
    """Visits this year, the total of confirmed orders and what is still
    owed on them, counting only records the user may see."""
    today = today or timezone.localdate()
    sight = visible_employees(user, area=Area.SALES)
    visits = Visit.objects.filter(
        customer=customer,
        employee__in=sight,
        visited_on__gte=dt.date(today.year, 1, 1),
        visited_on__lte=dt.date(today.year, 12, 31),
    ).count()
    confirmed = Order.objects.filter(
        customer=customer, employee__in=sight, status=OrderStatus.CONFIRMED
    )
    order_total = confirmed.aggregate(
        total=Coalesce(Sum("amount"), Value(Decimal(0)), output_field=_MONEY)
    )["total"]
    paid_total = Payment.objects.filter(order__in=confirmed).aggregate(
        total=Coalesce(Sum("amount"), Value(Decimal(0)), output_field=_MONEY)
    )["total"]
    return CustomerFigures(visits, order_total, paid_total)


class EntryKind(StrEnum):
    VISIT = "visit"
    ORDER = "order"
    PAYMENT = "payment"
    REQUEST = "request"
    SURVEY = "survey"
    COMPLAINT = "complaint"


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a customer's history.

    ``at`` is the moment it happened when the record keeps one (a visit, a
    request); records that keep only a date sort at the start of their day.
    """

    kind: EntryKind
    key: str
    on: dt.date
    at: dt.datetime | None
    employee_name: str
    record: Any
    # For a request: hours to its first response, or waited so far.
    hours: Decimal | None = None

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, str]:
        if self.at is None:
            return (self.on, dt.time.min, self.key)
        return (self.on, timezone.localtime(self.at).time(), self.key)


@dataclass(frozen=True)
class Timeline:
    entries: list[TimelineEntry]
    page: int
    has_next: bool


TIMELINE_PAGE = 50
# How far back the timeline pages: older history is in the exports.
TIMELINE_MAX_PAGE = 20


def customer_timeline(
    customer: Customer, *, user: User, page: int = 1, per_page: int = TIMELINE_PAGE
) -> Timeline:
    """A customer's history, newest first, one page at a time.

    Each kind of record is read newest first, as many as the pages up to
    this one can hold (one query per kind, whatever the history's length),
    and the kinds are merged.  Only records whose employee the user sees
    are read; a payment follows its order's rep.
    """
    page = max(1, min(page, TIMELINE_MAX_PAGE))
    want = page * per_page + 1
    sight = visible_employees(user, area=Area.SALES)
    entries: list[TimelineEntry] = []

    visits = (
        Visit.objects.filter(customer=customer, employee__in=sight)
        .select_related("employee")
        .order_by("-visited_at", "-pk")[:want]
    )
    entries += [
        TimelineEntry(
            EntryKind.VISIT, v.visit_no, v.visited_on, v.visited_at, v.employee.name, v
        )
        for v in visits
    ]
    orders = (
        Order.objects.filter(customer=customer, employee__in=sight)
        .select_related("employee")
        .order_by("-ordered_on", "-pk")[:want]
    )
    entries += [
        TimelineEntry(
            EntryKind.ORDER, o.order_no, o.ordered_on, None, o.employee.name, o
        )
        for o in orders
    ]
    payments = (
        Payment.objects.filter(order__customer=customer, order__employee__in=sight)
        .select_related("order", "order__employee")
        .order_by("-paid_on", "-pk")[:want]
    )
    entries += [
        TimelineEntry(
            EntryKind.PAYMENT, p.payment_no, p.paid_on, None, p.order.employee.name, p
        )
        for p in payments
    ]
    requests = (
        Request.objects.filter(customer=customer, employee__in=sight)
        .select_related("employee")
        .order_by("-opened_at", "-pk")[:want]
    )
    now = timezone.now()
    entries += [
        TimelineEntry(
            EntryKind.REQUEST,
            r.request_no,
            r.opened_on,
            r.opened_at,
            r.employee.name,
            r,
            hours=response_hours(r, now=now),
        )
        for r in requests
    ]
    surveys = (
        Survey.objects.filter(customer=customer, employee__in=sight)
        .select_related("employee")
        .order_by("-answered_on", "-pk")[:want]
    )
    entries += [
        TimelineEntry(
            EntryKind.SURVEY, s.survey_no, s.answered_on, None, s.employee.name, s
        )
        for s in surveys
    ]
    complaints = (
        Complaint.objects.filter(customer=customer, employee__in=sight)
        .select_related("employee")
        .order_by("-filed_on", "-pk")[:want]
    )
    entries += [
        TimelineEntry(
            EntryKind.COMPLAINT, c.complaint_no, c.filed_on, None, c.employee.name, c
        )
        for c in complaints
    ]

    entries.sort(key=lambda e: e.sort_key, reverse=True)
    start = (page - 1) * per_page
    shown = entries[start : start + per_page]
    has_next = len(entries) > start + per_page and page < TIMELINE_MAX_PAGE
    return Timeline(shown, page, has_next)


def response_hours(request: Request, *, now: dt.datetime | None = None) -> Decimal:
    """Hours from a request's opening to its first response, or to ``now``
    while it waits, with one decimal."""
    end = request.first_response_at or now or timezone.now()
    seconds = Decimal((end - request.opened_at).total_seconds())
    return (seconds / 3600).quantize(Decimal("0.1"))


# --- the homes' reads --------------------------------------------------


def contact_limit_days(level: str) -> int:
    """The longest a customer of ``level`` may go without a contact: the
    company's follow-up rule (``crm.rules``)."""
    return follow_up_days(level)


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
    """The employees' kept customers overdue for a contact by the
    follow-up rule (``crm.followups``), the most overdue first (at most
    ``limit``), and how many there are.

    A customer's last contact is its latest visit (any channel) on or before
    ``today``, or, never visited, the day it was acquired.  Unless that
    visit set a next follow-up date, it is overdue when more days than its
    level's gap have passed since then (by default A 14 days, B 30, C and no
    level 60): exactly 14 days after an A customer's last visit it is not
    yet overdue; on the 15th it is.  Two queries.
    """
    overdue = followups.follow_ups_due(
        Customer.objects.filter(owner__in=employees.values("id")),
        today=today,
        only_overdue=True,
    )
    rows = [
        QuietCustomer(
            customer=c,
            last_contact=c.last_contact_on,
            visited=c.last_visit_on is not None,
            days=(today - c.last_contact_on).days,
            limit=contact_limit_days(c.level),
        )
        for c in overdue[:limit]
    ]
    return rows, overdue.order_by().count()


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
