"""Every scorecard metric, declared once.

A metric is computed from *facts*: aggregates of one source table over the
records of a period, grouped by rep (``revenue`` is the sum of the amounts of
confirmed orders ordered in the period).  A fact names its source, its filter
and its aggregate; a metric names the facts it reads and how it turns them
into its value.

The scorecard runs every fact of a source in one grouped query for all reps;
the explanation lists the records behind a metric with the very same source
filter and fact filters, so the two cannot disagree.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import models
from django.db.models import F, FloatField, Func, Q
from django.db.models.lookups import LessThanOrEqual, Range

from yeji.crm.models import Complaint, Customer, Request, Survey, Visit
from yeji.people.models import Assessment, AssessmentKind
from yeji.performance.models import Metric
from yeji.performance.periods import Period
from yeji.planning.models import Task
from yeji.sales.models import Order, OrderStatus


class ValueKind(StrEnum):
    """How a metric's value is written out: money as a 2-place string,
    counts as integers, every other number rounded to 4 places."""

    MONEY = "money"
    COUNT = "count"
    NUMBER = "number"


class Aggregate(StrEnum):
    SUM = "sum"
    COUNT = "count"
    AVG = "avg"
    MEDIAN = "median"


@dataclass(frozen=True)
class Source:
    """A table the scorecard reads: whose records they are (``rep_field``),
    which local date places them in a period (``date_field``), their natural
    key, and the condition every counted record meets.

    ``with_history`` sources count records dated before the period too (a
    rep's customer base is every customer acquired before it starts).
    """

    name: str
    model: type[models.Model]
    rep_field: str
    date_field: str
    key_field: str
    condition: Q = field(default_factory=Q)
    with_history: bool = False
    # Read by a table scan on SQLite for a long period of every rep (see
    # Unindexed); the sources it helps were found by measuring.
    scan_long_periods: bool = False
    # On SQLite an index from the date holds every column the scorecard
    # reads: a long period is then read through it, not by a scan, still
    # grouped by the unindexed rep column (orders: 1.8 s to 0.27 s at
    # scale 1; sales migration 0004).
    date_covered: bool = False

    @property
    def rep_id_field(self) -> str:
        return f"{self.rep_field}_id"

    def scans(self, period: Period, *, every_rep: bool) -> bool:
        """Whether the records of ``period`` are read by a table scan on
        SQLite (see Unindexed): for a long period of every rep only."""
        return self.scan_long_periods and every_rep and period.days > SCAN_AFTER_DAYS

    def rep_key(self, period: Period, *, every_rep: bool) -> "F | Unindexed":
        """The rep column to group the records of ``period`` by.

        Grouped by the plain column, SQLite walks the rep index to have the
        groups in order, visiting the rows scattered over the table even
        when the date is unindexed; a scan then groups in a temporary tree.
        """
        column = F(self.rep_id_field)
        return Unindexed(column) if self.scans(period, every_rep=every_rep) else column

    def records(
        self,
        period: Period,
        *,
        rep_ids: list[int] | None = None,
        every_rep: bool = True,
    ) -> models.QuerySet:
        """The source's records that count for ``period``, of every rep or of
        ``rep_ids``; ``every_rep=False`` when the caller narrows them to a
        few reps itself."""
        qs = self.model._default_manager.filter(self.condition)
        date: str | Unindexed = self.date_field
        every = every_rep and rep_ids is None
        if self.scans(period, every_rep=every) and not self.date_covered:
            date = Unindexed(F(self.date_field))
        if self.with_history:
            qs = qs.filter(LessThanOrEqual(_field(date), period.effective_end))
        else:
            qs = qs.filter(Range(_field(date), (period.start, period.effective_end)))
        if rep_ids is not None:
            qs = qs.filter(**{f"{self.rep_id_field}__in": rep_ids})
        return qs


class Unindexed(Func):
    """A column written, on SQLite, as an expression no index serves.

    For a period of more than a month and every rep, SQLite's planner reads
    some tables through their (rep, date) index, visiting the rows in index
    order scattered over the table; one scan in table order took half the
    time on the benchmark's company (bench/baseline.py).  The unary plus
    changes no value.  A short period or a few reps' records are found
    faster through the index, so those queries keep the plain column.
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="+%(expressions)s", **extra_context
        )


# Periods longer than this many days are read by a scan (Unindexed).
SCAN_AFTER_DAYS = 45


def _field(date: "str | Unindexed") -> "F | Unindexed":
    return F(date) if isinstance(date, str) else date


class ElapsedHours(Func):
    """Hours from one instant to a later one, as a float.

    Both are stored in UTC, so offsets given on import are already applied.
    SQLite's julianday() is exact to some microseconds here, far inside the
    scorecard's tolerance, and keeps the work in C rather than in a Python
    function called per row.
    """

    output_field = FloatField()

    def __init__(self, later: str, earlier: str) -> None:
        super().__init__(F(later), F(earlier))

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        return super().as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s))::double precision / 3600.0)",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):  # type: ignore[override]
        return super().as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 24.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


# A request's response time in hours.
RESPONSE_TIME = ElapsedHours("first_response_at", "opened_at")

ORDERS = Source(
    "orders",
    Order,
    rep_field="employee",
    date_field="ordered_on",
    key_field="order_no",
    condition=Q(status=OrderStatus.CONFIRMED),
    scan_long_periods=True,
    date_covered=True,
)
CUSTOMERS = Source(
    "customers",
    Customer,
    rep_field="owner",
    date_field="acquired_on",
    key_field="code",
    with_history=True,
)
SURVEYS = Source(
    "surveys",
    Survey,
    rep_field="employee",
    date_field="answered_on",
    key_field="survey_no",
    scan_long_periods=True,
)
COMPLAINTS = Source(
    "complaints",
    Complaint,
    rep_field="employee",
    date_field="filed_on",
    key_field="complaint_no",
)
VISITS = Source(
    "visits", Visit, rep_field="employee", date_field="visited_on", key_field="visit_no"
)
TASKS = Source(
    "tasks",
    Task,
    rep_field="employee",
    date_field="due_on",
    key_field="task_no",
    scan_long_periods=True,
)
REQUESTS = Source(
    "requests",
    Request,
    rep_field="employee",
    date_field="opened_on",
    key_field="request_no",
    scan_long_periods=True,
)
ASSESSMENTS = Source(
    "assessments",
    Assessment,
    rep_field="employee",
    date_field="assessed_on",
    key_field="assessment_no",
    scan_long_periods=True,
)
SOURCES = [ORDERS, CUSTOMERS, SURVEYS, COMPLAINTS, VISITS, TASKS, REQUESTS, ASSESSMENTS]


@dataclass(frozen=True)
class Fact:
    """One aggregate of a source's records for a rep: ``aggregate`` of
    ``value`` over the records that also meet ``where``.

    ``where`` may depend on the period (a new customer is one acquired on or
    after the period's start).  A count's ``value`` is only shown beside
    each record in an explanation.
    """

    name: str
    source: Source
    aggregate: Aggregate
    value: Any = None
    where: Q | Callable[[Period], Q] | None = None
    # What the value beside each record is, when ``value`` is an expression.
    value_name: str = ""

    @property
    def shown_value(self) -> str:
        return self.value_name or str(self.value)

    def condition(self, period: Period) -> Q | None:
        if callable(self.where):
            return self.where(period)
        return self.where


def _new_customer(period: Period) -> Q:
    return Q(acquired_on__gte=period.start)


def _customer_base(period: Period) -> Q:
    return Q(acquired_on__lt=period.start)


def _assessment_kind(kind: str) -> Q:
    return Q(kind=kind)


FACTS = [
    Fact("revenue", ORDERS, Aggregate.SUM, "amount"),
    Fact("orders", ORDERS, Aggregate.COUNT, "amount"),
    Fact("new_customers", CUSTOMERS, Aggregate.COUNT, "name", _new_customer),
    Fact("customer_base", CUSTOMERS, Aggregate.COUNT, "name", _customer_base),
    Fact("surveys", SURVEYS, Aggregate.COUNT, "recommend"),
    Fact("satisfaction", SURVEYS, Aggregate.AVG, "satisfaction"),
    Fact("promoters", SURVEYS, Aggregate.COUNT, "recommend", Q(recommend__gte=9)),
    Fact("detractors", SURVEYS, Aggregate.COUNT, "recommend", Q(recommend__lte=6)),
    Fact("complaints", COMPLAINTS, Aggregate.COUNT, "category"),
    Fact("visits", VISITS, Aggregate.COUNT, "channel"),
    Fact("tasks", TASKS, Aggregate.COUNT, "completed_on"),
    # A task not completed has no completed_on, so it is never on time.
    Fact(
        "tasks_on_time",
        TASKS,
        Aggregate.COUNT,
        "completed_on",
        Q(completed_on__lte=F("due_on")),
    ),
    Fact(
        "response_time",
        REQUESTS,
        Aggregate.MEDIAN,
        RESPONSE_TIME,
        Q(first_response_at__isnull=False),
        value_name="response hours",
    ),
    Fact(
        "unanswered",
        REQUESTS,
        Aggregate.COUNT,
        "subject",
        Q(first_response_at__isnull=True),
    ),
    Fact(
        "knowledge",
        ASSESSMENTS,
        Aggregate.AVG,
        "score",
        _assessment_kind(AssessmentKind.KNOWLEDGE),
    ),
    Fact(
        "communication",
        ASSESSMENTS,
        Aggregate.AVG,
        "score",
        _assessment_kind(AssessmentKind.COMMUNICATION),
    ),
    Fact(
        "teamwork",
        ASSESSMENTS,
        Aggregate.AVG,
        "score",
        _assessment_kind(AssessmentKind.TEAMWORK),
    ),
]
FACTS_BY_NAME = {fact.name: fact for fact in FACTS}


@dataclass(frozen=True)
class RepFacts:
    """What a metric's formula may read: the rep's facts and employed days."""

    values: dict[str, Any]
    employed_days: int

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)

    def count(self, name: str) -> int:
        return int(self.values.get(name) or 0)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def _nps(f: RepFacts) -> float | None:
    surveys = f.count("surveys")
    if not surveys:
        return None
    return 100 * (f.count("promoters") / surveys - f.count("detractors") / surveys)


def _visits_per_week(f: RepFacts) -> float:
    # A rep on the scorecard is employed on at least one day of the period.
    return f.count("visits") / (f.employed_days / 7)


def _revenue(f: RepFacts) -> Decimal:
    return (f["revenue"] or Decimal(0)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class MetricDef:
    """A metric of scorecard.md: the facts it reads (the records behind it
    are those of any of them) and its formula."""

    metric: Metric
    kind: ValueKind
    facts: tuple[str, ...]
    formula: Callable[[RepFacts], Any]
    # The metric's machine name as a plain string: read once per rep and
    # metric, where an enum's value property would cost time.
    name: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", str(self.metric.value))

    @property
    def source(self) -> Source:
        return FACTS_BY_NAME[self.facts[0]].source


METRICS = [
    MetricDef(Metric.REVENUE, ValueKind.MONEY, ("revenue",), _revenue),
    MetricDef(
        Metric.ORDER_COUNT, ValueKind.COUNT, ("orders",), lambda f: f.count("orders")
    ),
    MetricDef(
        Metric.NEW_CUSTOMERS,
        ValueKind.COUNT,
        ("new_customers",),
        lambda f: f.count("new_customers"),
    ),
    MetricDef(
        Metric.CUSTOMER_GROWTH_RATE,
        ValueKind.NUMBER,
        ("new_customers", "customer_base"),
        lambda f: _share(f.count("new_customers"), f.count("customer_base")),
    ),
    MetricDef(
        Metric.AVG_SATISFACTION,
        ValueKind.NUMBER,
        ("satisfaction",),
        lambda f: _number(f["satisfaction"]),
    ),
    MetricDef(
        Metric.RECOMMENDATION_RATE,
        ValueKind.NUMBER,
        ("surveys", "promoters"),
        lambda f: _share(f.count("promoters"), f.count("surveys")),
    ),
    MetricDef(
        Metric.NPS, ValueKind.NUMBER, ("surveys", "promoters", "detractors"), _nps
    ),
    MetricDef(
        Metric.COMPLAINTS,
        ValueKind.COUNT,
        ("complaints",),
        lambda f: f.count("complaints"),
    ),
    MetricDef(Metric.VISITS, ValueKind.COUNT, ("visits",), lambda f: f.count("visits")),
    MetricDef(Metric.VISITS_PER_WEEK, ValueKind.NUMBER, ("visits",), _visits_per_week),
    MetricDef(
        Metric.TASK_ON_TIME_RATE,
        ValueKind.NUMBER,
        ("tasks", "tasks_on_time"),
        lambda f: _share(f.count("tasks_on_time"), f.count("tasks")),
    ),
    MetricDef(
        Metric.MEDIAN_RESPONSE_HOURS,
        ValueKind.NUMBER,
        ("response_time",),
        lambda f: _number(f["response_time"]),
    ),
    MetricDef(
        Metric.UNANSWERED_REQUESTS,
        ValueKind.COUNT,
        ("unanswered",),
        lambda f: f.count("unanswered"),
    ),
    MetricDef(
        Metric.KNOWLEDGE_SCORE,
        ValueKind.NUMBER,
        ("knowledge",),
        lambda f: _number(f["knowledge"]),
    ),
    MetricDef(
        Metric.COMMUNICATION_SCORE,
        ValueKind.NUMBER,
        ("communication",),
        lambda f: _number(f["communication"]),
    ),
    MetricDef(
        Metric.TEAMWORK_SCORE,
        ValueKind.NUMBER,
        ("teamwork",),
        lambda f: _number(f["teamwork"]),
    ),
]
METRICS_BY_NAME = {m.name: m for m in METRICS}

# The metrics a team's line sums over its reps.
TEAM_SUMS = [
    Metric.REVENUE,
    Metric.ORDER_COUNT,
    Metric.NEW_CUSTOMERS,
    Metric.COMPLAINTS,
    Metric.VISITS,
]


def employed_days(period: Period, hired_on: dt.date, left_on: dt.date | None) -> int:
    """The dates of the period, up to its effective end, on which a rep hired
    on ``hired_on`` and gone after ``left_on`` was employed."""
    first = max(period.start, hired_on)
    last = (
        period.effective_end if left_on is None else min(period.effective_end, left_on)
    )
    return max((last - first).days + 1, 0)
