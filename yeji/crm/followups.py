"""When each customer is next due for a contact, and who is late.

The one rule: a customer's last contact is its latest visit (any channel)
on or before today, or, never visited, the day it was acquired.  If that
visit set a next follow-up date, the customer is due then; otherwise it is
due when its level's gap has passed (``rules.follow_up_days``: by default
A 14 days, B 30, C and no level 60).  It is overdue from the day after its
due date.  A customer in the pool is kept by nobody and is due for no one.

Everything is one query over the customers, with correlated subqueries on
the visits' (customer, visited_at) index: no query per customer.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from yeji.crm.keeping_models import KeepingSettings
from yeji.crm.models import Customer, CustomerLevel, Visit
from yeji.crm.rules import follow_up_days, follow_up_days_by_level, keeping_settings

# How far ahead the list of follow-ups looks for customers coming due.
DUE_SOON_DAYS = 7


def with_follow_up(
    customers: QuerySet[Customer], *, today: dt.date
) -> QuerySet[Customer]:
    """The customers, each with ``last_visit_on`` (None if never visited),
    ``last_contact_on`` and ``set_follow_up_on`` (the next follow-up date
    its latest visit set, if any).  :func:`due_on` turns them into the due
    date."""
    latest = Visit.objects.filter(
        customer=OuterRef("pk"), visited_on__lte=today
    ).order_by("-visited_at", "-pk")
    return customers.annotate(
        last_visit_on=Subquery(latest.values("visited_on")[:1]),
        set_follow_up_on=Subquery(latest.values("next_follow_up_on")[:1]),
    ).annotate(last_contact_on=Coalesce("last_visit_on", "acquired_on"))


def due_on(customer: Customer, rules: KeepingSettings | None = None) -> dt.date:
    """The date a customer annotated by :func:`with_follow_up` is due."""
    if customer.set_follow_up_on is not None:
        return customer.set_follow_up_on
    days = follow_up_days(customer.level, rules)
    return customer.last_contact_on + dt.timedelta(days=days)


def due_by(day: dt.date, rules: KeepingSettings | None = None) -> Q:
    """The customers (annotated by :func:`with_follow_up`) due on or before
    ``day``: plain date comparisons, per level, that every database reads
    alike."""
    gaps = follow_up_days_by_level(rules)
    by_gap = Q()
    for level, days in gaps.items():
        if level == "":
            continue
        latest = day - dt.timedelta(days=days)
        if level == CustomerLevel.C:
            # C and no level share the gap.
            by_gap |= ~Q(level__in=[CustomerLevel.A, CustomerLevel.B]) & Q(
                last_contact_on__lte=latest
            )
        else:
            by_gap |= Q(level=level, last_contact_on__lte=latest)
    return Q(set_follow_up_on__lte=day) | (Q(set_follow_up_on__isnull=True) & by_gap)


def overdue(today: dt.date, rules: KeepingSettings | None = None) -> Q:
    """The customers due before ``today``."""
    return due_by(today - dt.timedelta(days=1), rules)


def due_order(rules: KeepingSettings | None = None) -> Case:
    """An ordering by due date, earliest first: the follow-up date set, or
    the last contact plus its level's gap."""
    gaps = follow_up_days_by_level(rules)
    whens = [When(set_follow_up_on__isnull=False, then=F("set_follow_up_on"))]
    for level in (CustomerLevel.A, CustomerLevel.B):
        whens.append(
            When(
                level=level,
                then=ExpressionWrapper(
                    F("last_contact_on") + Value(dt.timedelta(days=gaps[level])),
                    output_field=DateField(),
                ),
            )
        )
    return Case(
        *whens,
        default=ExpressionWrapper(
            F("last_contact_on") + Value(dt.timedelta(days=gaps[CustomerLevel.C])),
            output_field=DateField(),
        ),
        output_field=DateField(),
    )


@dataclass(frozen=True)
class FollowUp:
    """A customer with its last contact and when it is due."""

    customer: Customer
    last_contact_on: dt.date
    visited: bool
    due_on: dt.date
    days_late: int
    gap: int

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


def follow_up_of(
    customer: Customer, *, today: dt.date, rules: KeepingSettings | None = None
) -> FollowUp:
    """The follow-up of an annotated customer, as of ``today``."""
    rules = rules or keeping_settings()
    due = due_on(customer, rules)
    return FollowUp(
        customer=customer,
        last_contact_on=customer.last_contact_on,
        visited=customer.last_visit_on is not None,
        due_on=due,
        days_late=max(0, (today - due).days),
        gap=follow_up_days(customer.level, rules),
    )


def customer_follow_up(customer: Customer, *, today: dt.date) -> FollowUp:
    """One customer's follow-up (for its page).  One query."""
    annotated = with_follow_up(Customer.objects.filter(pk=customer.pk), today=today)
    return follow_up_of(annotated.get(), today=today)


def kept_customers(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """The customers somebody keeps: those not in the pool."""
    return customers.filter(pooled_at__isnull=True)


def follow_ups_due(
    customers: QuerySet[Customer],
    *,
    today: dt.date,
    ahead: int = DUE_SOON_DAYS,
    only_overdue: bool = False,
) -> QuerySet[Customer]:
    """The kept customers among ``customers`` due by ``ahead`` days from
    ``today`` (or only those overdue), the earliest due first, annotated for
    :func:`follow_up_of`."""
    rules = keeping_settings()
    found = with_follow_up(kept_customers(customers), today=today)
    condition = (
        overdue(today, rules)
        if only_overdue
        else due_by(today + dt.timedelta(days=ahead), rules)
    )
    return (
        found.filter(condition)
        .annotate(due_key=due_order(rules))
        .select_related("owner", "owner__team")
        .order_by("due_key", "code")
    )
