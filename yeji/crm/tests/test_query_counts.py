"""The customer pages cost the same number of queries for a short list or
history as for a long one."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yeji.crm.tests import factories as f

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _customers(owner, count: int) -> None:
    for _n in range(count):
        customer = f.CustomerFactory(owner=owner, level="b")
        f.VisitFactory(
            employee=owner, customer=customer, next_follow_up_on=dt.date(2026, 9, 1)
        )


@pytest.mark.parametrize("who", ["rep1", "manager", "director"])
def test_the_list_costs_the_same_for_10_and_200_customers(cast, who):
    client = cast.client(who)
    url = reverse("crm:customer_list")
    rep = cast.people["rep1"]

    _customers(rep, 8)
    few = _queries(client, url)
    _customers(rep, 190)
    many = _queries(client, url)

    assert few == many
    page = client.get(url)
    assert len(page.context["rows"]) == 50
    # Director sees C-C and C-D too.
    assert page.context["page"].paginator.count == (202 if who == "director" else 200)


def test_the_customer_page_costs_the_same_for_10_and_200_records(cast):
    client = cast.client("rep1")
    rep = cast.people["rep1"]
    customer = cast.customers["B"]
    url = reverse("crm:customer_detail", args=["C-B"])

    def history(count: int) -> None:
        for n in range(count):
            day = dt.date(2025, 1, 1) + dt.timedelta(days=n)
            f.VisitFactory(employee=rep, customer=customer, visited_on=day)
            order = f.OrderFactory(employee=rep, customer=customer, ordered_on=day)
            f.PaymentFactory(order=order, paid_on=day)
            f.RequestFactory(employee=rep, customer=customer, opened_on=day)
            f.SurveyFactory(employee=rep, customer=customer, answered_on=day)
            f.ComplaintFactory(employee=rep, customer=customer, filed_on=day)

    history(2)
    few = _queries(client, url)
    history(40)
    many = _queries(client, url)

    assert few == many
    page = client.get(url)
    # 252 records: the newest 50 on the first page, the rest further on.
    assert len(page.context["timeline"].entries) == 50
    assert page.context["timeline"].has_next


def test_the_timeline_pages_through_the_history_newest_first(cast):
    client = cast.client("rep1")
    rep = cast.people["rep1"]
    customer = cast.customers["B"]
    for n in range(60):
        f.VisitFactory(
            employee=rep,
            customer=customer,
            visited_on=dt.date(2026, 1, 1) + dt.timedelta(days=n),
        )
    url = reverse("crm:customer_detail", args=["C-B"])

    first = client.get(url).context["timeline"]
    second = client.get(url, {"page": "2"}).context["timeline"]

    days = [e.on for e in first.entries + second.entries]
    assert len(days) == 60
    assert days == sorted(days, reverse=True)
    assert not second.has_next
