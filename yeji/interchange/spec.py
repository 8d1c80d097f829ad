"""The kinds of file in the interchange format, each declared once.

A :class:`Kind` names its file, its model, its columns in the order the
format lists them (and the export writes them), which columns form the
natural key, which name records of another kind, and the rules that join two
columns of a row.  Import (``loading``) and export (``exporting``) are both
driven by these declarations; nothing about a kind is written twice.
The format itself is described in ``data-format.md``.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yeji.crm.models import (
    Channel,
    Complaint,
    Customer,
    CustomerLevel,
    Lead,
    LeadSource,
    LeadStatus,
    Opportunity,
    RequestStatus,
    Severity,
    Stage,
    Survey,
    Visit,
)
from yeji.crm.models import Request as CustomerRequest
from yeji.interchange.values import (
    Date,
    DateTime,
    Enum,
    Integer,
    Number,
    Period,
    Text,
    ValueType,
    company_zone,
)
from yeji.org.models import Employee, Role, Team
from yeji.people.models import Assessment, AssessmentKind
from yeji.planning.models import Target, TargetMetric, Task
from yeji.sales.models import Order, OrderStatus, Payment
from yeji.targets.models import TeamTarget

ZERO = Decimal(0)


@dataclass(frozen=True)
class Column:
    """One column of a file and the model field it fills.

    ``ref`` names the kind whose key the column holds (``customer_code``
    holds a customer's code); ``field`` is then the foreign key.
    """

    name: str
    type: ValueType
    field: str
    required: bool = False
    ref: str | None = None


@dataclass(frozen=True)
class RowRule:
    """A rule between two values of one row, reported on ``column``.

    ``holds`` gets the two values (neither absent, unless ``when_absent``)
    and says whether the row keeps the rule.
    """

    column: str
    first: str
    second: str
    holds: Callable[[object, object], bool]
    message: Promise
    # Whether the rule is asked even when ``second`` is absent (a lost
    # opportunity needs its reason): ``holds`` then gets None for it.
    when_absent: bool = False


@dataclass(frozen=True)
class Derived:
    """A model field computed from a column, such as a visit's local date."""

    field: str
    source: str
    compute: Callable[[object], object]


@dataclass(frozen=True)
class Initial:
    """A model field a new record gets from its row, in SQL over the
    staging row ``s``, which an update of the record leaves alone (a
    request's status, say, which people move on from there)."""

    field: str
    sql: str


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rules: tuple[RowRule, ...] = ()
    derived: tuple[Derived, ...] = ()
    initial: tuple[Initial, ...] = ()
    # How an export writes one value when it depends on another column of
    # the row (a target's value is money or a whole number by its metric).
    export_value: Callable[[dict[str, object], str, str], str] | None = None
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


def _text(model: type[models.Model], name: str) -> Text:
    """Text as long as the model field allows."""
    return Text(model._meta.get_field(name).max_length)


def _enum(choices: type[models.TextChoices]) -> Enum:
    return Enum(list(choices.values))


def _local_date(instant: object) -> dt.date:
    assert isinstance(instant, dt.datetime)
    return instant.astimezone(ZONE).date()


def _whole_for_counted_metrics(metric: object, value: object) -> bool:
    assert isinstance(value, Decimal)
    return metric not in INTEGER_METRICS or value == value.to_integral_value()


# A rep's target and a team's alike: a count is a whole number.
WHOLE_FOR_COUNTED_METRICS = RowRule(
    "value",
    "metric",
    "value",
    _whole_for_counted_metrics,
    _("an orders, new_customers or visits target must be a whole number"),
)


def _target_value_text(row: dict[str, object], name: str, text: str) -> str:
    # A count target reads better as "83" than "83.00", and imports the same.
    if name == "value" and row["metric"] in INTEGER_METRICS:
        return text.removesuffix(".00")
    return text


def _customer_when_converted(status: object, customer: object) -> bool:
    return (status == LeadStatus.CONVERTED) == bool(customer)


def _given_when_lost(stage: object, value: object) -> bool:
    return stage != Stage.LOST or bool(value)


ZONE = company_zone()
INTEGER_METRICS = frozenset(
    {TargetMetric.ORDERS, TargetMetric.NEW_CUSTOMERS, TargetMetric.VISITS}
)
KEY = Text(32)
MONEY = Number()
DATE = Date()
DATETIME = DateTime()

KINDS: tuple[Kind, ...] = (
    Kind(
        name="teams",
        model=Team,
        key=("code",),
        columns=(
            Column("code", KEY, "code", required=True),
            Column("name", _text(Team, "name"), "name", required=True),
            Column("parent_code", KEY, "parent", ref="teams"),
        ),
    ),
    Kind(
        name="employees",
        model=Employee,
        key=("employee_no",),
        columns=(
            Column("employee_no", KEY, "employee_no", required=True),
            Column("name", _text(Employee, "name"), "name", required=True),
            Column("team_code", KEY, "team", required=True, ref="teams"),
            Column("role", _enum(Role), "role", required=True),
            Column("email", _text(Employee, "email"), "email"),
            Column("phone", _text(Employee, "phone"), "phone"),
            Column("hired_on", DATE, "hired_on", required=True),
            Column("left_on", DATE, "left_on"),
            Column("base_salary", Number(at_least=ZERO), "base_salary"),
        ),
        rules=(
            RowRule(
                "left_on",
                "hired_on",
                "left_on",
                lambda hired, left: left >= hired,  # type: ignore[operator]
                _("the employee cannot leave before being hired (hired_on)"),
            ),
        ),
    ),
    Kind(
        name="customers",
        model=Customer,
        key=("code",),
        columns=(
            Column("code", KEY, "code", required=True),
            Column("name", _text(Customer, "name"), "name", required=True),
            Column("owner_employee_no", KEY, "owner", required=True, ref="employees"),
            Column("acquired_on", DATE, "acquired_on", required=True),
            Column("industry", _text(Customer, "industry"), "industry"),
            Column("region", _text(Customer, "region"), "region"),
            Column("source", _text(Customer, "source"), "source"),
            Column("level", _enum(CustomerLevel), "level"),
        ),
    ),
    Kind(
        name="orders",
        model=Order,
        key=("order_no",),
        columns=(
            Column("order_no", KEY, "order_no", required=True),
            Column("customer_code", KEY, "customer", required=True, ref="customers"),
            Column("employee_no", KEY, "employee", required=True, ref="employees"),
            Column("ordered_on", DATE, "ordered_on", required=True),
            Column("amount", Number(at_least=ZERO), "amount", required=True),
            Column("status", _enum(OrderStatus), "status", required=True),
            Column("contract_no", _text(Order, "contract_no"), "contract_no"),
        ),
    ),
    Kind(
        name="payments",
        model=Payment,
        key=("payment_no",),
        columns=(
            Column("payment_no", KEY, "payment_no", required=True),
            Column("order_no", KEY, "order", required=True, ref="orders"),
            Column("paid_on", DATE, "paid_on", required=True),
            Column("amount", Number(above=ZERO), "amount", required=True),
        ),
    ),
    # TODO: a visit's next follow-up date and the location a phone gave for an
    # on-site visit (crm.Visit.next_follow_up_on, latitude, longitude,
    # location_accuracy) are not columns of the interchange format, so an
    # export leaves them out and a re-import of it keeps them as they were.
    Kind(
        name="visits",
        model=Visit,
        key=("visit_no",),
        columns=(
            Column("visit_no", KEY, "visit_no", required=True),
            Column("employee_no", KEY, "employee", required=True, ref="employees"),
            Column("customer_code", KEY, "customer", required=True, ref="customers"),
            Column("visited_at", DATETIME, "visited_at", required=True),
            Column("channel", _enum(Channel), "channel", required=True),
            Column("summary", Text(), "summary"),
        ),
        derived=(Derived("visited_on", "visited_at", _local_date),),
    ),
    Kind(
        name="tasks",
        model=Task,
        key=("task_no",),
        columns=(
            Column("task_no", KEY, "task_no", required=True),
            Column("employee_no", KEY, "employee", required=True, ref="employees"),
            Column("title", _text(Task, "title"), "title", required=True),
            Column("due_on", DATE, "due_on", required=True),
            Column("completed_on", DATE, "completed_on"),
        ),
    ),
    Kind(
        name="requests",
        model=CustomerRequest,
        key=("request_no",),
        columns=(
            Column("request_no", KEY, "request_no", required=True),
            Column("customer_code", KEY, "customer", required=True, ref="customers"),
            Column("employee_no", KEY, "employee", required=True, ref="employees"),
            Column("opened_at", DATETIME, "opened_at", required=True),
            Column("first_response_at", DATETIME, "first_response_at"),
            Column("subject", _text(CustomerRequest, "subject"), "subject"),
        ),
        rules=(
            RowRule(
                "first_response_at",
                "opened_at",
                "first_response_at",
                lambda opened, answered: answered >= opened,  # type: ignore[operator]
                _("the first response cannot come before the request (opened_at)"),
            ),
        ),
        derived=(Derived("opened_on", "opened_at", _local_date),),
        # Waiting for a response, or in progress once it has one (as
        # Request.note_answered; merging moves a stored one on likewise).
        initial=(
            Initial(
                "status",
                f"CASE WHEN s.first_response_at IS NULL THEN '{RequestStatus.OPEN}' "
                f"ELSE '{RequestStatus.IN_PROGRESS}' END",
            ),
        ),
    ),
    Kind(
        name="surveys",
        model=Survey,
        key=("survey_no",),
        columns=(
            Column("survey_no", KEY, "survey_no", required=True),
            Column("customer_code", KEY, "customer", required=True, ref="customers"),
            Column("employee_no", KEY, "employee", required=True, ref="employees"),
            Column("answered_on", DATE, "answered_on", required=True),
            Column(
                "satisfaction",
                Integer(at_least=1, at_most=5),
                "satisfaction",
                required=True,
            ),
            Column(
                "recommend", Integer(at_least=0, at_most=10), "recommend", required=True
            ),
            Column("comment", Text(), "comment"),
        ),
    ),
    Kind(
        name="complaints",
        model=Complaint,
        key=("complaint_no",),
        columns=(
            Column("complaint_no", KEY, "complaint_no", required=True),
            Column("customer_code", KEY, "customer", required=True, ref="customers"),
            Column("employee_no", KEY, "employee", required=True, ref="employees"),
            Column("filed_on", DATE, "filed_on", required=True),
            Column("category", _text(Complaint, "category"), "category", required=True),
            Column("severity", _enum(Severity), "severity"),
            Column("resolved_on", DATE, "resolved_on"),
        ),
    ),
    Kind(
        name="assessments",
        model=Assessment,
        key=("assessment_no",),
        columns=(
            Column("assessment_no", KEY, "assessment_no", required=True),
            Column("employee_no", KEY, "employee", required=True, ref="employees"),
            Column("kind", _enum(AssessmentKind), "kind", required=True),
            Column("assessed_on", DATE, "assessed_on", required=True),
            Column(
                "score",
                Number(digits=5, at_least=ZERO, at_most=Decimal(100)),
                "score",
                required=True,
            ),
            Column("assessor_employee_no", KEY, "assessor", ref="employees"),
        ),
    ),
    Kind(
        name="targets",
        model=Target,
        key=("employee_no", "period", "metric"),
        columns=(
            Column("employee_no", KEY, "employee", required=True, ref="employees"),
            Column("period", Period(), "period", required=True),
            Column("metric", _enum(TargetMetric), "metric", required=True),
            Column("value", Number(above=ZERO), "value", required=True),
        ),
        rules=(WHOLE_FOR_COUNTED_METRICS,),
        export_value=_target_value_text,
    ),
    # The company's, regions' and teams' targets (the cascade above the reps'),
    # as docs/data-format-targets.md describes them.  An import keeps each
    # change as a target revision, as the cascade's pages do (``history``).
    Kind(
        name="team_targets",
        model=TeamTarget,
        key=("team_code", "period", "metric"),
        columns=(
            Column("team_code", KEY, "team", required=True, ref="teams"),
            Column("period", Period(), "period", required=True),
            Column("metric", _enum(TargetMetric), "metric", required=True),
            Column("value", Number(at_least=ZERO), "value", required=True),
        ),
        rules=(WHOLE_FOR_COUNTED_METRICS,),
        export_value=_target_value_text,
    ),
    # The pipeline's kinds; their format is in docs/data-format-pipeline.md.
    Kind(
        name="leads",
        model=Lead,
        key=("lead_no",),
        columns=(
            Column("lead_no", KEY, "lead_no", required=True),
            Column("name", _text(Lead, "name"), "name", required=True),
            Column("employee_no", KEY, "employee", required=True, ref="employees"),
            Column("source", _enum(LeadSource), "source", required=True),
            Column("created_on", DATE, "created_on", required=True),
            Column("status", _enum(LeadStatus), "status", required=True),
            Column("customer_code", KEY, "customer", ref="customers"),
            Column("converted_on", DATE, "converted_on"),
            Column("contact", _text(Lead, "contact"), "contact"),
            Column("phone", _text(Lead, "phone"), "phone"),
        ),
        rules=(
            RowRule(
                "customer_code",
                "status",
                "customer_code",
                _customer_when_converted,
                _("a converted lead names its customer, and only a converted one"),
                when_absent=True,
            ),
            RowRule(
                "converted_on",
                "created_on",
                "converted_on",
                lambda made, converted: converted >= made,  # type: ignore[operator]
                _("the lead cannot be converted before it was created (created_on)"),
            ),
        ),
    ),
    Kind(
        name="opportunities",
        model=Opportunity,
        key=("opportunity_no",),
        columns=(
            Column("opportunity_no", KEY, "opportunity_no", required=True),
            Column("name", _text(Opportunity, "name"), "name", required=True),
            Column("customer_code", KEY, "customer", required=True, ref="customers"),
            Column("employee_no", KEY, "employee", required=True, ref="employees"),
            Column("stage", _enum(Stage), "stage", required=True),
            Column("amount", Number(at_least=ZERO), "amount", required=True),
            Column(
                "probability",
                Integer(at_least=0, at_most=100),
                "probability",
                required=True,
            ),
            Column("expected_close_on", DATE, "expected_close_on", required=True),
            Column("created_on", DATE, "created_on", required=True),
            Column("closed_on", DATE, "closed_on"),
            Column("lost_reason", _text(Opportunity, "lost_reason"), "lost_reason"),
            Column("competitor", _text(Opportunity, "competitor"), "competitor"),
        ),
        rules=(
            RowRule(
                "lost_reason",
                "stage",
                "lost_reason",
                _given_when_lost,
                _("a lost opportunity needs the reason it was lost"),
                when_absent=True,
            ),
            RowRule(
                "competitor",
                "stage",
                "competitor",
                _given_when_lost,
                _("a lost opportunity needs the competitor who won it"),
                when_absent=True,
            ),
            RowRule(
                "closed_on",
                "created_on",
                "closed_on",
                lambda made, closed: closed >= made,  # type: ignore[operator]
                _("the opportunity cannot close before it was created (created_on)"),
            ),
        ),
    ),
)

KINDS_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
