"""Reads of orders and payments, each narrowed to what a user may see.

An order belongs to the rep credited with it (``Order.employee``), and a
payment to its order's rep: both follow the sales sight of
``yeji.org.queries`` (a rep their own, a manager their teams', directors
and finance everyone's, HR nobody's).  A record out of sight is neither
listed nor counted in a total.

The finance home's summary by team (``sales_summary_by_team``) takes the
employees whose records may be read, so its caller decides who sees what.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Round

from yeji.org.models import Employee, Team
from yeji.org.queries import Area, User, sees_whole_area, visible_employees
from yeji.sales.models import Order, OrderStatus, Payment

_MONEY = DecimalField(max_digits=14, decimal_places=2)
FEN = Decimal("0.01")


def to_fen(value: Decimal) -> Decimal:
    """An amount read from a computed column, with its two places again.

    SQLite hands back a computed decimal (a sum, a subquery) as a float made
    Decimal, e.g. 345.670000000000; an amount has two places.
    """
    return Decimal(value).quantize(FEN)


@dataclass(frozen=True)
class MoneyTotal:
    """A sum of money and how many records it adds up."""

    amount: Decimal
    count: int


def _fen_sum(field: str = "amount", **filter_) -> Sum:
    """The exact sum of ``field``, in whole fen.

    The sum runs over amount × 100, rounded, so that SQLite, which keeps
    decimals as binary floating point, adds whole numbers and loses
    nothing; PostgreSQL's numeric is exact either way.
    """
    condition = Q(**filter_) if filter_ else None
    return Sum(Round(F(field) * 100), filter=condition)


def _yuan(fen: object) -> Decimal:
    return Decimal(int(fen or 0)).scaleb(-2)


@dataclass(frozen=True)
class ListSummary:
    """How many records a filtered list holds (all pages), and the total
    that counts: the confirmed orders' amounts, or the payments'."""

    count: int
    total: MoneyTotal


def sales_sight(user: User) -> QuerySet[Employee]:
    return visible_employees(user, area=Area.SALES)


def orders_visible(user: User) -> QuerySet[Order]:
    return Order.objects.filter(employee__in=sales_sight(user))


def payments_visible(user: User) -> QuerySet[Payment]:
    if sees_whole_area(user, area=Area.SALES):
        # Everyone's payments: no join to the orders to test sight, which
        # with millions of them takes seconds and keeps every row.
        return Payment.objects.all()
    return Payment.objects.filter(order__employee__in=sales_sight(user))


def orders_filtered(
    orders: QuerySet[Order],
    *,
    status: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    employee_no: str | None = None,
    customer: str | None = None,
) -> QuerySet[Order]:
    """``orders`` narrowed by the list's filters, newest first.

    ``customer`` matches the start of a customer's code or any part of its
    name.  The order runs on ``(ordered_on, order_no)``, an index, so a
    page of a long list is read without sorting the whole table.
    """
    if status:
        orders = orders.filter(status=status)
    if start:
        orders = orders.filter(ordered_on__gte=start)
    if end:
        orders = orders.filter(ordered_on__lte=end)
    if employee_no:
        orders = orders.filter(employee__employee_no=employee_no)
    if customer:
        orders = orders.filter(
            Q(customer__code__startswith=customer)
            | Q(customer__name__icontains=customer)
        )
    return orders.order_by("-ordered_on", "-order_no")


def orders_with_paid(orders: QuerySet[Order]) -> QuerySet[Order]:
    """``orders`` with ``paid``, the sum of each order's payments (0 if none),
    read in the same query as the orders (pass it through :func:`to_fen`)."""
    paid = (
        Payment.objects.filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return orders.annotate(
        paid=Coalesce(
            Subquery(paid, output_field=_MONEY),
            Value(Decimal("0.00")),
            output_field=_MONEY,
        )
    )


def orders_summary(orders: QuerySet[Order]) -> ListSummary:
    """How many orders ``orders`` holds and what its confirmed orders add
    up to (revenue), read in one pass over the rows."""
    confirmed = Q(status=OrderStatus.CONFIRMED)
    figures = orders.order_by().aggregate(
        count=Count("pk"),
        fen=_fen_sum(status=OrderStatus.CONFIRMED),
        confirmed=Count("pk", filter=confirmed),
    )
    return ListSummary(
        count=figures["count"],
        total=MoneyTotal(_yuan(figures["fen"]), figures["confirmed"]),
    )


def order_visible(user: User, order_no: str) -> Order:
    """One order the user sees; Order.DoesNotExist when out of sight, as
    when there is none."""
    return (
        orders_visible(user)
        .select_related("customer", "employee__team")
        .get(order_no=order_no)
    )


@dataclass(frozen=True)
class OrderAccount:
    """An order's payments and what is still owed on it."""

    payments: list[Payment]
    paid: Decimal
    # None for a cancelled or returned order, on which nothing is owed.
    owed: Decimal | None


def order_account(order: Order) -> OrderAccount:
    """The payments of one order, oldest first, and the amount still owed:
    the order's amount less its payments, for a confirmed order."""
    payments = list(order.payments.order_by("paid_on", "payment_no"))
    paid = sum((p.amount for p in payments), Decimal("0.00"))
    owed = order.amount - paid if order.status == OrderStatus.CONFIRMED else None
    return OrderAccount(payments=payments, paid=paid, owed=owed)


def payments_filtered(
    payments: QuerySet[Payment],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    employee_no: str | None = None,
    few: bool = False,
) -> QuerySet[Payment]:
    """``payments`` narrowed by the list's filters, newest first, on the
    ``(paid_on, payment_no)`` index.

    ``few`` says that sight leaves a small share of all payments (a rep's,
    a team's): newest first is then sorted from those rows rather than read
    down the index, where PostgreSQL would otherwise test the order of one
    payment after another, hundreds of thousands of them for a team's page
    in the benchmark's company (17 s).
    """
    if start:
        payments = payments.filter(paid_on__gte=start)
    if end:
        payments = payments.filter(paid_on__lte=end)
    if employee_no:
        payments = payments.filter(order__employee__employee_no=employee_no)
    if few:
        # An expression, not the column: no index offers its order.
        return payments.order_by(Coalesce("paid_on", "paid_on").desc(), "-payment_no")
    return payments.order_by("-paid_on", "-payment_no")


def payments_listed(
    user: User,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    employee_no: str | None = None,
) -> QuerySet[Payment]:
    """The payment list's rows: those the user sees, filtered, newest first
    in the way that is quick for how many there are."""
    few = bool(employee_no) or not sees_whole_area(user, area=Area.SALES)
    return payments_filtered(
        payments_visible(user), start=start, end=end, employee_no=employee_no, few=few
    )


def payments_summary(payments: QuerySet[Payment]) -> ListSummary:
    """How many payments ``payments`` holds and their sum, in one pass."""
    # TODO: a user who sees the whole sales area (finance, a director) still
    # has every payment joined to its order to test sight, so with millions
    # of payments this sum takes seconds; a "sees everyone" answer from
    # org.queries would let the list skip the join.
    figures = payments.order_by().aggregate(count=Count("pk"), fen=_fen_sum())
    count = figures["count"]
    return ListSummary(count=count, total=MoneyTotal(_yuan(figures["fen"]), count))


# --- the finance home's summary ---------------------------------------------

ZERO = Decimal("0.00")


@dataclass
class TeamSales:
    """A team's confirmed orders of a period and the money behind them.

    ``collected`` is every payment received in the period, on any order;
    ``owed`` is what the period's confirmed orders still lack, counting
    their payments up to the as-of date (never below zero for the team).
    """

    team_code: str
    team_name: str
    orders: int = 0
    amount: Decimal = ZERO
    collected: Decimal = ZERO
    paid_on_orders: Decimal = ZERO

    @property
    def owed(self) -> Decimal:
        return max(self.amount - self.paid_on_orders, ZERO)


def sales_summary_by_team(
    *, employees: QuerySet, start: dt.date, end: dt.date
) -> tuple[list[TeamSales], TeamSales]:
    """Confirmed orders, payments collected and amount owed from ``start``
    to ``end`` by the team of the rep credited, teams by code, and the
    total over them.  Four queries whatever the number of teams or orders.
    """
    rep_ids = employees.values("id")
    orders = Order.objects.filter(
        employee__in=rep_ids,
        status=OrderStatus.CONFIRMED,
        ordered_on__range=(start, end),
    )
    teams: dict[int, TeamSales] = {}
    names = {
        pk: (code, name)
        for pk, code, name in Team.objects.values_list("id", "code", "name")
    }

    def line(team_id: int) -> TeamSales:
        if team_id not in teams:
            code, name = names[team_id]
            teams[team_id] = TeamSales(team_code=code, team_name=name)
        return teams[team_id]

    for team_id, n, amount in (
        orders.order_by()
        .values("employee__team_id")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .values_list("employee__team_id", "n", "amount")
    ):
        team = line(team_id)
        team.orders, team.amount = n, amount or ZERO
    for team_id, amount in (
        Payment.objects.filter(order__employee__in=rep_ids, paid_on__range=(start, end))
        .order_by()
        .values("order__employee__team_id")
        .annotate(amount=Sum("amount"))
        .values_list("order__employee__team_id", "amount")
    ):
        line(team_id).collected = amount or ZERO
    for team_id, amount in (
        Payment.objects.filter(order__in=orders.values("id"), paid_on__lte=end)
        .order_by()
        .values("order__employee__team_id")
        .annotate(amount=Sum("amount"))
        .values_list("order__employee__team_id", "amount")
    ):
        line(team_id).paid_on_orders = amount or ZERO

    rows = sorted(teams.values(), key=lambda t: t.team_code)
    total = TeamSales(
        team_code="",
        team_name="",
        orders=sum(t.orders for t in rows),
        amount=sum((t.amount for t in rows), ZERO),
        collected=sum((t.collected for t in rows), ZERO),
        paid_on_orders=sum((t.paid_on_orders for t in rows), ZERO),
    )
    return rows, total
