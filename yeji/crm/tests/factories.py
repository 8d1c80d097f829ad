"""Factories of the customer pages' tests, over the web tests' own."""

import datetime as dt
from decimal import Decimal

import factory

from yeji.sales.models import Payment
from yeji.web.tests.factories import (  # noqa: F401 (the cast's factories)
    PASSWORD,
    ComplaintFactory,
    CustomerFactory,
    EmployeeFactory,
    OrderFactory,
    RequestFactory,
    SurveyFactory,
    TeamFactory,
    VisitFactory,
)


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    payment_no = factory.Sequence(lambda n: f"P{n:06d}")
    order = factory.SubFactory(OrderFactory)
    paid_on = dt.date(2026, 8, 1)
    amount = Decimal("100.00")
