"""The payment list: payments follow their order's rep into sight."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yeji.sales.tests.factories import PaymentFactory
from yeji.web.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

URL = "/payments/"


@pytest.fixture
def payments(cast):
    def pay(who: str, payment_no: str, amount: str, paid_on: dt.date) -> None:
        order = OrderFactory(employee=cast.people[who], order_no=f"SO-{payment_no}")
        PaymentFactory(
            order=order, payment_no=payment_no, amount=Decimal(amount), paid_on=paid_on
        )

    pay("rep1", "P-1a", "100.10", dt.date(2026, 8, 1))
    pay("rep1", "P-1b", "0.20", dt.date(2026, 8, 31))
    pay("rep1", "P-1c", "5.00", dt.date(2026, 9, 1))
    pay("rep2", "P-2", "2000.00", dt.date(2026, 8, 15))
    pay("rep3", "P-3", "300.00", dt.date(2026, 8, 15))
    pay("rep4", "P-4", "40.00", dt.date(2026, 8, 15))
    return cast


def _page(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200
    return response


def _listed(client, **query) -> list[str]:
    return sorted(p.payment_no for p in _page(client, **query).context["payments"])


def _downloaded(client, **query) -> list[list[str]]:
    response = client.get(URL, {**query, "download": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_rep_sees_the_payments_of_their_own_orders(payments):
    client = payments.client("rep1")
    response = _page(client)

    assert sorted(p.payment_no for p in response.context["payments"]) == [
        "P-1a",
        "P-1b",
        "P-1c",
    ]
    assert response.context["total"].amount == Decimal("105.30")
    assert "P-2" not in response.content.decode()
    assert sorted(r[0] for r in _downloaded(client)[1:]) == ["P-1a", "P-1b", "P-1c"]


def test_manager_sees_their_team_but_not_another(payments):
    client = payments.client("manager")

    assert _listed(client) == ["P-1a", "P-1b", "P-1c", "P-2"]
    assert _page(client).context["total"].amount == Decimal("2105.30")
    assert _listed(payments.client("west_manager")) == ["P-4"]


@pytest.mark.parametrize("who", ["finance", "director"])
def test_finance_and_director_see_every_payment(payments, who):
    response = _page(payments.client(who))

    assert len(response.context["payments"]) == 6
    assert response.context["total"].amount == Decimal("2445.30")
    assert response.context["total"].count == 6


def test_hr_sees_no_payment(payments):
    client = payments.client("hr")
    response = _page(client)

    assert list(response.context["payments"]) == []
    assert response.context["total"].amount == 0
    assert _downloaded(client)[1:] == []


def test_a_log_in_without_employee_sees_no_payment(payments, stranger):
    assert list(_page(stranger).context["payments"]) == []
    assert _downloaded(stranger)[1:] == []


def test_date_range_includes_both_ends_and_the_total_follows(payments):
    client = payments.client("rep1")

    assert _listed(client, start="2026-08-01", end="2026-08-31") == ["P-1a", "P-1b"]
    total = _page(client, start="2026-08-01", end="2026-08-31").context["total"]
    assert total.amount == Decimal("100.30")


def test_filters_by_rep_among_those_in_sight(payments):
    client = payments.client("finance")

    assert _listed(client, employee="E0002") == ["P-2"]
    rep = payments.client("rep1")
    assert rep.get(URL, {"employee": "E0002"}).status_code == 400


def test_download_rows_add_up_to_the_total(payments):
    client = payments.client("finance")

    rows = _downloaded(client)
    total = _page(client).context["total"].amount

    assert rows[0] == [
        "回款编号",
        "回款日期",
        "订单号",
        "客户编码",
        "客户",
        "工号",
        "销售人员",
        "金额",
    ]
    assert sum(Decimal(r[7]) for r in rows[1:]) == total


def test_total_is_shown_as_money(payments):
    html = _page(payments.client("finance")).content.decode()

    assert '<span class="value" id="payments-total">¥2,445.30</span>' in html


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_10_and_for_200_payments(cast):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            order = OrderFactory(employee=cast.people[["rep1", "rep2"][n % 2]])
            PaymentFactory(order=order, payment_no=f"P-{n:04d}")

    add(10, 0)
    client = cast.client("manager")
    few = _queries(client)
    add(190, 10)
    many = _queries(client)

    assert few == many
