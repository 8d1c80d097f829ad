"""Small builders of the records a scorecard reads, for edge-rule tests.

Each takes only what a test cares about and fills the rest; keys are
numbered so that tests may build as many as they like.
"""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from yeji.crm.models import Complaint, Customer, Request, Survey, Visit
from yeji.org.models import Employee, Role, Team
from yeji.people.models import Assessment
from yeji.planning.models import Target, Task
from yeji.sales.models import Order, OrderStatus

_numbers = itertools.count(1)


def _no(prefix: str) -> str:
    return f"{prefix}{next(_numbers):07d}"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def instant(text: str) -> dt.datetime:
    """An aware datetime from ISO text; without an offset it is local time in
    the company's time zone, as the interchange format says."""
    value = dt.datetime.fromisoformat(text)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def team(code: str, parent: Team | None = None) -> Team:
    return Team.objects.create(code=code, name=f"Team {code}", parent=parent)


def rep(
    employee_no: str | None = None,
    *,
    team: Team,
    hired_on: str = "2020-01-01",
    left_on: str | None = None,
    role: str = Role.REP,
    name: str = "张伟",
) -> Employee:
    return Employee.objects.create(
        employee_no=employee_no or _no("E"),
        name=name,
        team=team,
        role=role,
        hired_on=day(hired_on),
        left_on=day(left_on) if left_on else None,
    )


def customer(owner: Employee, acquired_on: str = "2020-01-01") -> Customer:
    return Customer.objects.create(
        code=_no("C"), name="客户", owner=owner, acquired_on=day(acquired_on)
    )


def order(
    employee: Employee,
    ordered_on: str,
    amount: str = "100.00",
    status: str = OrderStatus.CONFIRMED,
) -> Order:
    return Order.objects.create(
        order_no=_no("SO"),
        customer=customer(employee),
        employee=employee,
        ordered_on=day(ordered_on),
        amount=Decimal(amount),
        status=status,
    )


def visit(employee: Employee, visited_at: str) -> Visit:
    at = instant(visited_at)
    return Visit.objects.create(
        visit_no=_no("V"),
        employee=employee,
        customer=customer(employee),
        visited_at=at,
        visited_on=timezone.localdate(at),
        channel="onsite",
    )


def request(
    employee: Employee, opened_at: str, first_response_at: str | None = None
) -> Request:
    opened = instant(opened_at)
    return Request.objects.create(
        request_no=_no("RQ"),
        customer=customer(employee),
        employee=employee,
        opened_at=opened,
        opened_on=timezone.localdate(opened),
        first_response_at=instant(first_response_at) if first_response_at else None,
    )


def survey(employee: Employee, answered_on: str, satisfaction: int, recommend: int):
    return Survey.objects.create(
        survey_no=_no("SV"),
        customer=customer(employee),
        employee=employee,
        answered_on=day(answered_on),
        satisfaction=satisfaction,
        recommend=recommend,
    )


def complaint(employee: Employee, filed_on: str) -> Complaint:
    return Complaint.objects.create(
        complaint_no=_no("CP"),
        customer=customer(employee),
        employee=employee,
        filed_on=day(filed_on),
        category="quality",
    )


def task(employee: Employee, due_on: str, completed_on: str | None = None) -> Task:
    return Task.objects.create(
        task_no=_no("T"),
        employee=employee,
        title="跟进",
        due_on=day(due_on),
        completed_on=day(completed_on) if completed_on else None,
    )


def assessment(employee: Employee, kind: str, assessed_on: str, score: str):
    return Assessment.objects.create(
        assessment_no=_no("AS"),
        employee=employee,
        kind=kind,
        assessed_on=day(assessed_on),
        score=Decimal(score),
    )


def target(employee: Employee, period: str, metric: str, value: str) -> Target:
    return Target.objects.create(
        employee=employee, period=period, metric=metric, value=Decimal(value)
    )
