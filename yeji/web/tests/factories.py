"""Factories for the web tests: teams, people with log-ins and their records."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from yeji.crm.models import Channel, Complaint, Customer, Request, Survey, Visit
from yeji.org.models import Employee, Role, Team
from yeji.people.models import Assessment, AssessmentKind
from yeji.planning.models import Target, Task
from yeji.sales.models import Order, OrderStatus, Payment

PASSWORD = "correct horse battery"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.LazyAttribute(lambda o: f"团队 {o.code}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    employee_no = factory.Sequence(lambda n: f"E{n:04d}")
    name = factory.Sequence(lambda n: f"员工{n}")
    team = factory.SubFactory(TeamFactory)
    role = Role.REP
    hired_on = dt.date(2024, 1, 1)
    user = factory.SubFactory(
        UserFactory, username=factory.SelfAttribute("..employee_no")
    )


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    code = factory.Sequence(lambda n: f"C{n:05d}")
    name = factory.Sequence(lambda n: f"客户{n}")
    owner = factory.SubFactory(EmployeeFactory)
    acquired_on = dt.date(2025, 1, 1)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    order_no = factory.Sequence(lambda n: f"SO{n:06d}")
    employee = factory.SubFactory(EmployeeFactory)
    customer = factory.SubFactory(
        CustomerFactory, owner=factory.SelfAttribute("..employee")
    )
    ordered_on = dt.date(2026, 7, 15)
    amount = Decimal("1000.00")
    status = OrderStatus.CONFIRMED


def _local(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    visit_no = factory.Sequence(lambda n: f"V{n:06d}")
    employee = factory.SubFactory(EmployeeFactory)
    customer = factory.SubFactory(
        CustomerFactory, owner=factory.SelfAttribute("..employee")
    )
    visited_on = dt.date(2026, 7, 20)
    visited_at = factory.LazyAttribute(lambda o: _local(o.visited_on, 10))
    channel = Channel.ONSITE


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    survey_no = factory.Sequence(lambda n: f"S{n:06d}")
    employee = factory.SubFactory(EmployeeFactory)
    customer = factory.SubFactory(
        CustomerFactory, owner=factory.SelfAttribute("..employee")
    )
    answered_on = dt.date(2026, 8, 1)
    satisfaction = 4
    recommend = 9


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    complaint_no = factory.Sequence(lambda n: f"CP{n:05d}")
    employee = factory.SubFactory(EmployeeFactory)
    customer = factory.SubFactory(
        CustomerFactory, owner=factory.SelfAttribute("..employee")
    )
    filed_on = dt.date(2026, 8, 2)
    category = "delivery"


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Request

    request_no = factory.Sequence(lambda n: f"R{n:06d}")
    employee = factory.SubFactory(EmployeeFactory)
    customer = factory.SubFactory(
        CustomerFactory, owner=factory.SelfAttribute("..employee")
    )
    opened_on = dt.date(2026, 8, 3)
    opened_at = factory.LazyAttribute(lambda o: _local(o.opened_on, 9))
    first_response_at = factory.LazyAttribute(lambda o: _local(o.opened_on, 13))


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    task_no = factory.Sequence(lambda n: f"TK{n:05d}")
    employee = factory.SubFactory(EmployeeFactory)
    title = "回访"
    due_on = dt.date(2026, 8, 10)
    completed_on = dt.date(2026, 8, 9)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    assessment_no = factory.Sequence(lambda n: f"AS{n:05d}")
    employee = factory.SubFactory(EmployeeFactory)
    kind = AssessmentKind.KNOWLEDGE
    assessed_on = dt.date(2026, 9, 1)
    score = Decimal("85.00")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    employee = factory.SubFactory(EmployeeFactory)
    period = "2026-Q3"
    metric = "revenue"
    value = Decimal("10000.00")


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    payment_no = factory.Sequence(lambda n: f"PM{n:06d}")
    order = factory.SubFactory(OrderFactory)
    paid_on = dt.date(2026, 7, 20)
    amount = Decimal("500.00")
