"""The database itself refuses records that break the format's rules, so a
script or a bug elsewhere cannot store them either."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from yeji.crm.models import Customer, Survey
from yeji.org.models import Employee, Team
from yeji.sales.models import Order, Payment


@pytest.fixture
def customer(db):
    team = Team.objects.create(code="T1", name="一组")
    rep = Employee.objects.create(
        employee_no="E1",
        name="张三",
        team=team,
        role="rep",
        hired_on=datetime.date(2025, 1, 1),
    )
    return Customer.objects.create(
        code="C1", name="甲公司", owner=rep, acquired_on=datetime.date(2025, 2, 1)
    )


def _refused(**create):
    model = create.pop("model")
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**create)


def test_database_refuses_negative_order_amount(customer):
    _refused(
        model=Order,
        order_no="SO1",
        customer=customer,
        employee=customer.owner,
        ordered_on=datetime.date(2025, 3, 1),
        amount=Decimal("-1.00"),
        status="confirmed",
    )
    assert not Order.objects.exists()


def test_database_refuses_zero_payment(customer):
    order = Order.objects.create(
        order_no="SO1",
        customer=customer,
        employee=customer.owner,
        ordered_on=datetime.date(2025, 3, 1),
        amount=Decimal("10.00"),
        status="confirmed",
    )
    _refused(
        model=Payment,
        payment_no="PM1",
        order=order,
        paid_on=datetime.date(2025, 3, 2),
        amount=Decimal("0"),
    )


def test_database_refuses_satisfaction_out_of_range(customer):
    _refused(
        model=Survey,
        survey_no="SV1",
        customer=customer,
        employee=customer.owner,
        answered_on=datetime.date(2025, 3, 1),
        satisfaction=6,
        recommend=5,
    )


def test_database_refuses_leaving_before_joining(customer):
    _refused(
        model=Employee,
        employee_no="E2",
        name="李四",
        team=customer.owner.team,
        role="rep",
        hired_on=datetime.date(2025, 1, 1),
        left_on=datetime.date(2024, 12, 31),
    )


def test_default_scorecard_template_exists_after_migrate(db):
    from yeji.performance.models import ScorecardTemplate

    template = ScorecardTemplate.objects.get(is_default=True)
    assert template.name == "default"
    weights = {d.dimension: d.weight for d in template.dimensions.all()}
    assert weights == {
        "sales": Decimal("40"),
        "satisfaction": Decimal("25"),
        "efficiency": Decimal("20"),
        "quality": Decimal("15"),
    }
    assert template.metrics.count() == 12
