"""Factories of leads and opportunities, over the web tests' own."""

import datetime as dt
from decimal import Decimal

import factory

from yeji.crm.models import Lead, LeadSource, Opportunity, Stage
from yeji.web.tests.factories import CustomerFactory, EmployeeFactory


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    lead_no = factory.Sequence(lambda n: f"L{n:06d}")
    name = factory.Sequence(lambda n: f"线索公司{n}")
    source = LeadSource.REFERRAL
    employee = factory.SubFactory(EmployeeFactory)
    created_on = dt.date(2026, 8, 1)


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    opportunity_no = factory.Sequence(lambda n: f"OP{n:06d}")
    name = factory.Sequence(lambda n: f"商机{n}")
    employee = factory.SubFactory(EmployeeFactory)
    customer = factory.SubFactory(
        CustomerFactory, owner=factory.SelfAttribute("..employee")
    )
    stage = Stage.NEEDS_ANALYSIS
    amount = Decimal("10000.00")
    probability = 10
    expected_close_on = dt.date(2026, 9, 30)
    created_on = dt.date(2026, 8, 1)
