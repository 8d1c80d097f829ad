"""The sales app's reads.

Callers pass the employees whose records may be read (an
``org.queries.visible_employees`` queryset for the sales area), so nothing
here decides who sees what.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from yeji.org.models import Team
from yeji.sales.models import Order, OrderStatus, Payment

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
