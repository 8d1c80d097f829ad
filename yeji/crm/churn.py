"""Churn warning: each kept customer's risk of being lost, from facts the
rep sees on the customer's page, with the reasons spelled out.

The facts and their points:

- overdue for a contact by the follow-up rule (``crm.followups``): 2;
- confirmed orders of the last 90 days under half those of the 90 days
  before: 2; under four fifths: 1;
- a survey of the last 180 days with satisfaction 2 or lower: 2;
- complaints not resolved: 1 each, at most 2, and 1 more if one of them
  is of high severity.

The risk is high from 4 points, medium from 2, low at 1, none at 0.  All of
it is one query over the customers (correlated subqueries per fact), so a
list of any length costs the same; only records of employees in the user's
sight count, as on the customer's page.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yeji.crm import followups
from yeji.crm.keeping_models import KeepingSettings
from yeji.crm.models import Complaint, Customer, Severity, Survey
from yeji.crm.rules import keeping_settings
from yeji.org.models import Employee
from yeji.sales.models import Order, OrderStatus

ORDER_WINDOW_DAYS = 90
SURVEY_WINDOW_DAYS = 180
LOW_SATISFACTION = 2
HIGH_FROM = 4
MEDIUM_FROM = 2

_MONEY = DecimalField(max_digits=16, decimal_places=2)


class Risk(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"

    @property
    def label(self) -> str:
        return str(_RISK_LABELS[self])


_RISK_LABELS = {
    Risk.HIGH: gettext_lazy("High risk"),
    Risk.MEDIUM: gettext_lazy("Medium risk"),
    Risk.LOW: gettext_lazy("Low risk"),
    Risk.NONE: gettext_lazy("No sign of risk"),
}


def risk_of(points: int) -> Risk:
    if points >= HIGH_FROM:
        return Risk.HIGH
    if points >= MEDIUM_FROM:
        return Risk.MEDIUM
    if points >= 1:
        return Risk.LOW
    return Risk.NONE


def _within(records: QuerySet, field: str, sight: QuerySet[Employee]) -> QuerySet:
    # A sight of every employee needs no filter.
    if not sight.query.where:
        return records
    return records.filter(**{f"{field}__in": sight.values("id")})


def with_risk(
    customers: QuerySet[Customer], *, today: dt.date, sight: QuerySet[Employee]
) -> QuerySet[Customer]:
    """The customers annotated with each fact and ``risk_points``."""
    rules = keeping_settings()
    recent_start = today - dt.timedelta(days=ORDER_WINDOW_DAYS - 1)
    prior_start = recent_start - dt.timedelta(days=ORDER_WINDOW_DAYS)

    def order_sum(start: dt.date, end: dt.date) -> Subquery:
        orders = _within(
            Order.objects.filter(
                customer=OuterRef("pk"),
                status=OrderStatus.CONFIRMED,
                ordered_on__gte=start,
                ordered_on__lte=end,
            ),
            "employee",
            sight,
        )
        return Subquery(
            orders.order_by().values("customer").annotate(s=Sum("amount")).values("s"),
            output_field=_MONEY,
        )

    open_complaints = _within(
        Complaint.objects.filter(customer=OuterRef("pk"), resolved_on__isnull=True),
        "employee",
        sight,
    )
    low_surveys = _within(
        Survey.objects.filter(
            customer=OuterRef("pk"),
            answered_on__gte=today - dt.timedelta(days=SURVEY_WINDOW_DAYS),
            answered_on__lte=today,
            satisfaction__lte=LOW_SATISFACTION,
        ),
        "employee",
        sight,
    )
    annotated = followups.with_follow_up(customers, today=today).annotate(
        recent_orders=Coalesce(
            order_sum(recent_start, today), Value(Decimal(0)), output_field=_MONEY
        ),
        prior_orders=Coalesce(
            order_sum(prior_start, recent_start - dt.timedelta(days=1)),
            Value(Decimal(0)),
            output_field=_MONEY,
        ),
        open_complaints=Coalesce(
            Subquery(
                open_complaints.order_by()
                .values("customer")
                .annotate(n=Count("id"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        high_complaint=Exists(open_complaints.filter(severity=Severity.HIGH)),
        low_satisfaction=Exists(low_surveys),
        lowest_satisfaction=Subquery(
            low_surveys.order_by("satisfaction").values("satisfaction")[:1]
        ),
    )
    points = (
        Case(When(followups.overdue(today, rules), then=Value(2)), default=Value(0))
        + Case(
            When(
                Q(prior_orders__gt=0)
                & Q(recent_orders__lt=F("prior_orders") * Decimal("0.5")),
                then=Value(2),
            ),
            When(
                Q(prior_orders__gt=0)
                & Q(recent_orders__lt=F("prior_orders") * Decimal("0.8")),
                then=Value(1),
            ),
            default=Value(0),
        )
        + Case(When(low_satisfaction=True, then=Value(2)), default=Value(0))
        + Least(F("open_complaints"), Value(2))
        + Case(When(high_complaint=True, then=Value(1)), default=Value(0))
    )
    return annotated.annotate(risk_points=points)


def customers_at_risk(
    customers: QuerySet[Customer], *, today: dt.date, sight: QuerySet[Employee]
) -> QuerySet[Customer]:
    """The kept customers with any sign of risk, highest first."""
    return (
        with_risk(followups.kept_customers(customers), today=today, sight=sight)
        .filter(risk_points__gt=0)
        .select_related("owner", "owner__team")
        .order_by("-risk_points", "code")
    )


@dataclass(frozen=True)
class ChurnWarning:
    customer: Customer
    points: int
    risk: Risk
    reasons: list[str]


def warning_of(
    customer: Customer, *, today: dt.date, rules: KeepingSettings | None = None
) -> ChurnWarning:
    """The risk and its reasons of a customer annotated by :func:`with_risk`
    (pass the ``rules`` when turning many, to read them once)."""
    rules = rules or keeping_settings()
    reasons = []
    follow_up = followups.follow_up_of(customer, today=today, rules=rules)
    if follow_up.overdue:
        reasons.append(
            _("Not contacted for %(days)d days (due %(due)s, %(late)d days late)")
            % {
                "days": (today - follow_up.last_contact_on).days,
                "due": follow_up.due_on.isoformat(),
                "late": follow_up.days_late,
            }
        )
    prior, recent = customer.prior_orders, customer.recent_orders
    if prior > 0 and recent < prior * Decimal("0.8"):
        reasons.append(
            _("Orders of the last %(days)d days fell from %(prior)s to %(recent)s")
            % {
                "days": ORDER_WINDOW_DAYS,
                "prior": f"{prior:,.2f}",
                "recent": f"{recent:,.2f}",
            }
        )
    if customer.low_satisfaction:
        reasons.append(
            _("A recent survey rated satisfaction %(score)d of 5")
            % {"score": customer.lowest_satisfaction}
        )
    if customer.open_complaints:
        reasons.append(
            _("%(count)d complaints not resolved") % {"count": customer.open_complaints}
            if customer.open_complaints > 1
            else _("A complaint not resolved")
        )
    if customer.high_complaint:
        reasons.append(_("A complaint of high severity is open"))
    return ChurnWarning(
        customer=customer,
        points=customer.risk_points,
        risk=risk_of(customer.risk_points),
        reasons=reasons,
    )


def customer_warning(
    customer: Customer,
    *,
    today: dt.date,
    sight: QuerySet[Employee],
    rules: KeepingSettings | None = None,
) -> ChurnWarning:
    """One customer's churn warning (for its page).  One query."""
    found = with_risk(Customer.objects.filter(pk=customer.pk), today=today, sight=sight)
    return warning_of(found.get(), today=today, rules=rules)
