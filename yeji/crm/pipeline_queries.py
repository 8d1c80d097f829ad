"""Reads of the pipeline: the leads and opportunities a user sees, the board,
the funnel and the weighted pipeline.

A lead belongs to its rep; an opportunity to its rep and its customer's
owner, and is seen when both are in the user's sight in the SALES area
(``org.queries.visible_employees``), like an order.

The funnel's conversion rates come from the stage history
(``StageChange``): an opportunity *reached* a stage when it was ever moved
to that stage or a later one (won counts as passing every open stage; lost
does not count as reaching anything), or stands there now.  The rate from
one stage to the next is the share of those that reached the first which
also reached the second.
"""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from yeji.crm.models import CLOSED_STAGES, Lead, Opportunity, Stage
from yeji.crm.queries import may_write
from yeji.org.models import Employee, Role
from yeji.org.queries import Area, User, user_employee, visible_employees

# The stages a sale goes through, in order, to winning it.
FUNNEL_STAGES: tuple[Stage, ...] = (
    Stage.NEEDS_ANALYSIS,
    Stage.DEMO,
    Stage.PROPOSAL,
    Stage.NEGOTIATION,
    Stage.WON,
)
OPEN_STAGES: tuple[Stage, ...] = FUNNEL_STAGES[:-1]
BOARD_STAGES: tuple[Stage, ...] = (*FUNNEL_STAGES, Stage.LOST)
# The probability an opportunity takes when it enters a stage, in percent.
STAGE_PROBABILITY: dict[str, int] = {
    Stage.NEEDS_ANALYSIS: 10,
    Stage.DEMO: 25,
    Stage.PROPOSAL: 50,
    Stage.NEGOTIATION: 75,
    Stage.WON: 100,
    Stage.LOST: 0,
}
# The board shows the opportunities won or lost in the last this many days.
BOARD_CLOSED_DAYS = 30
# The board shows at most this many cards per stage; the list has the rest.
BOARD_CARDS = 30

_MONEY = DecimalField(max_digits=20, decimal_places=2)
CENT = Decimal("0.01")


def _within(records: QuerySet, paths: tuple[str, ...], sight: QuerySet[Employee]):
    # A sight of everyone needs no filter (as crm.queries does).
    if not sight.query.where:
        return records
    return records.filter(**{f"{path}__in": sight for path in paths})


def visible_leads(user: User) -> QuerySet[Lead]:
    """The leads whose rep the user sees in the SALES area."""
    sight = visible_employees(user, area=Area.SALES)
    return _within(Lead.objects.all(), ("employee",), sight)


def writable_leads(user: User) -> QuerySet[Lead]:
    """The leads the user may change and convert: those they see, unless
    they write no sales records (finance, a log-in without an employee)."""
    return visible_leads(user) if may_write(user) else Lead.objects.none()


def may_create_leads(user: User) -> bool:
    """Whether the user may record leads of their own: one who writes
    sales records and is in their own sight there (not HR or finance)."""
    employee = user_employee(user)
    return (
        employee is not None
        and may_write(user)
        and visible_employees(user, area=Area.SALES).filter(pk=employee.pk).exists()
    )


def visible_opportunities(user: User) -> QuerySet[Opportunity]:
    """The opportunities whose rep and customer's owner the user sees."""
    sight = visible_employees(user, area=Area.SALES)
    return _within(Opportunity.objects.all(), ("employee", "customer__owner"), sight)


def writable_opportunities(user: User) -> QuerySet[Opportunity]:
    """The opportunities the user may move between stages."""
    if not may_write(user):
        return Opportunity.objects.none()
    return visible_opportunities(user)


def may_reopen(user: User) -> bool:
    """Whether the user may reopen a won or lost opportunity they see: a
    manager, a director, an administrator.  A rep may not undo a close."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    employee = user_employee(user)
    return employee is not None and employee.role in {
        Role.MANAGER,
        Role.DIRECTOR,
        Role.ADMIN,
    }


def _scoped(
    records: QuerySet,
    *,
    employee: Employee | None = None,
    team_ids: set[int] | None = None,
) -> QuerySet:
    if employee is not None:
        records = records.filter(employee=employee)
    if team_ids is not None:
        records = records.filter(employee__team_id__in=team_ids)
    return records


def lead_list(
    user: User,
    *,
    status: str = "",
    source: str = "",
    employee: Employee | None = None,
    team_ids: set[int] | None = None,
) -> QuerySet[Lead]:
    """The leads the user sees, newest first, each with its rep."""
    leads = _scoped(visible_leads(user), employee=employee, team_ids=team_ids)
    if status:
        leads = leads.filter(status=status)
    if source:
        leads = leads.filter(source=source)
    return leads.select_related("employee", "customer").order_by(
        "-created_on", "-lead_no"
    )


def opportunity_list(
    user: User,
    *,
    stage: str = "",
    employee: Employee | None = None,
    team_ids: set[int] | None = None,
) -> QuerySet[Opportunity]:
    """The opportunities the user sees, soonest expected close first."""
    found = _scoped(visible_opportunities(user), employee=employee, team_ids=team_ids)
    if stage:
        found = found.filter(stage=stage)
    return found.select_related("employee", "customer").order_by(
        "expected_close_on", "opportunity_no"
    )


@dataclass(frozen=True)
class BoardColumn:
    stage: Stage
    count: int
    amount: Decimal
    cards: list[Opportunity]

    @property
    def label(self) -> str:
        return str(self.stage.label)

    @property
    def more(self) -> int:
        """How many of the stage's opportunities the board leaves out."""
        return self.count - len(self.cards)


def board(
    user: User,
    *,
    employee: Employee | None = None,
    team_ids: set[int] | None = None,
    today: dt.date | None = None,
) -> list[BoardColumn]:
    """The pipeline board: a column per stage, each with its count, total
    and up to ``BOARD_CARDS`` opportunities (soonest close first).

    Won and lost columns hold what closed in the last ``BOARD_CLOSED_DAYS``
    days.  One aggregate query and one per stage, however many cards.
    """
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=BOARD_CLOSED_DAYS)
    base = _scoped(visible_opportunities(user), employee=employee, team_ids=team_ids)
    base = base.filter(Q(stage__in=OPEN_STAGES) | Q(closed_on__gte=since))
    totals = {
        row["stage"]: row
        for row in base.order_by()
        .values("stage")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    }
    columns = []
    for stage in BOARD_STAGES:
        cards = list(
            base.filter(stage=stage)
            .select_related("customer", "employee")
            .order_by("expected_close_on", "opportunity_no")[:BOARD_CARDS]
        )
        row = totals.get(stage, {})
        columns.append(
            BoardColumn(
                stage=stage,
                count=row.get("count", 0),
                amount=row.get("amount") or Decimal("0.00"),
                cards=cards,
            )
        )
    return columns


@dataclass(frozen=True)
class FunnelStep:
    stage: Stage
    # Opportunities of the period that reached this stage.
    reached: int
    # Percent of the previous step's that reached this one; None for the
    # first step, or when the previous step had none.
    rate: Decimal | None

    @property
    def label(self) -> str:
        return str(self.stage.label)


@dataclass(frozen=True)
class Funnel:
    steps: list[FunnelStep]
    lost: int

    @property
    def opened(self) -> int:
        return self.steps[0].reached

    @property
    def win_rate(self) -> Decimal | None:
        """Percent of the period's opportunities that were won."""
        return _percent(self.steps[-1].reached, self.opened)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def funnel(
    user: User,
    *,
    start: dt.date,
    end: dt.date,
    employee: Employee | None = None,
    team_ids: set[int] | None = None,
) -> Funnel:
    """The funnel of the opportunities created from ``start`` to ``end``
    (inclusive) that the user sees: how many reached each stage, and the
    conversion rate from each stage to the next.  One query."""
    cohort = _scoped(visible_opportunities(user), employee=employee, team_ids=team_ids)
    cohort = cohort.filter(created_on__gte=start, created_on__lte=end)
    counts: dict[str, Count] = {"opened": Count("pk", distinct=True)}
    for index, stage in enumerate(FUNNEL_STAGES[1:], start=1):
        onward = FUNNEL_STAGES[index:]
        counts[stage] = Count(
            "pk",
            distinct=True,
            filter=Q(stage_changes__to_stage__in=onward) | Q(stage__in=onward),
        )
    counts["lost"] = Count("pk", distinct=True, filter=Q(stage=Stage.LOST))
    figures = cohort.order_by().aggregate(**counts)

    reached = [figures["opened"]] + [figures[s] for s in FUNNEL_STAGES[1:]]
    steps = [
        FunnelStep(
            stage=stage,
            reached=count,
            rate=None if i == 0 else _percent(count, reached[i - 1]),
        )
        for i, (stage, count) in enumerate(zip(FUNNEL_STAGES, reached, strict=True))
    ]
    return Funnel(steps=steps, lost=figures["lost"])


@dataclass(frozen=True)
class WeightedPipelineRow:
    """One rep's open pipeline expected to close in one period."""

    employee_id: int
    employee_no: str
    # The first day of the month or quarter.
    period_start: dt.date
    # The open opportunities' amounts, added up.
    amount: Decimal
    # Σ amount × probability / 100, rounded to the cent once, at the end.
    weighted: Decimal


def weighted_pipeline_by_rep(
    *, start: dt.date, end: dt.date, employee_ids: Collection[int] | None = None
) -> dict[int, Decimal]:
    """Each rep's weighted pipeline (open opportunities' amount ×
    probability, to the cent) expected to close from ``start`` to ``end``,
    for the forecast of targets; the caller has already narrowed
    ``employee_ids`` to those in sight.  One query."""
    found = Opportunity.objects.filter(
        expected_close_on__gte=start, expected_close_on__lte=end
    ).exclude(stage__in=CLOSED_STAGES)
    if employee_ids is not None:
        found = found.filter(employee_id__in=list(employee_ids))
    rows = (
        found.order_by()
        .values("employee_id")
        .annotate(
            weighted_total=Sum(
                ExpressionWrapper(F("amount") * F("probability"), output_field=_MONEY)
            )
        )
    )
    return {
        row["employee_id"]: (Decimal(row["weighted_total"]) / 100).quantize(
            CENT, ROUND_HALF_UP
        )
        for row in rows
    }


def weighted_pipeline(
    user: User,
    *,
    start: dt.date,
    end: dt.date,
    by: str = "month",
    employees: QuerySet[Employee] | None = None,
) -> list[WeightedPipelineRow]:
    """The weighted pipeline: for each rep and each month (``by="month"``)
    or quarter (``by="quarter"``) of the expected close date, the open
    opportunities' amount × probability, for the forecast.

    Counts the opportunities the user sees that are open (not won or lost)
    and expected to close from ``start`` to ``end`` inclusive; an open one
    whose expected close date has passed counts only if ``start`` reaches
    back to it.  ``employees`` narrows it to some reps (a queryset of
    ``Employee``).  Rows come in order of employee number and period; a rep
    and period without open opportunities has no row.  One query.
    """
    truncate = {"month": TruncMonth, "quarter": TruncQuarter}[by]
    found = visible_opportunities(user).filter(
        expected_close_on__gte=start, expected_close_on__lte=end
    )
    found = found.exclude(stage__in=CLOSED_STAGES)
    if employees is not None:
        found = found.filter(employee__in=employees)
    rows = (
        found.order_by()
        .annotate(period_start=truncate("expected_close_on"))
        .values("employee_id", "employee__employee_no", "period_start")
        .annotate(
            amount_total=Sum("amount"),
            weighted_total=Sum(
                ExpressionWrapper(F("amount") * F("probability"), output_field=_MONEY)
            ),
        )
        .order_by("employee__employee_no", "period_start")
    )
    return [
        WeightedPipelineRow(
            employee_id=row["employee_id"],
            employee_no=row["employee__employee_no"],
            period_start=_as_date(row["period_start"]),
            amount=Decimal(row["amount_total"]).quantize(CENT),
            weighted=(Decimal(row["weighted_total"]) / 100).quantize(
                CENT, ROUND_HALF_UP
            ),
        )
        for row in rows
    ]


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
