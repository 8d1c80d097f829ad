"""The order list and an order's page: who sees which orders, the filters,
the total of the confirmed ones and what is still owed."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yeji.sales.models import Order, OrderStatus
from yeji.sales.tests.factories import PaymentFactory
from yeji.web.tests.factories import CustomerFactory, OrderFactory

pytestmark = pytest.mark.django_db

URL = "/orders/"


def _order(cast, who: str, order_no: str, amount: str, **kwargs):
    return OrderFactory(
        employee=cast.people[who], order_no=order_no, amount=Decimal(amount), **kwargs
    )


@pytest.fixture
def orders(cast):
    """Orders of every rep; rep1's include a cancelled and a returned one."""
    shentong = CustomerFactory(
        code="SH-001", name="上海申通物流", owner=cast.people["rep1"]
    )
    _order(cast, "rep1", "SO-1a", "12345.67", customer=shentong)
    _order(cast, "rep1", "SO-1b", "0.10", ordered_on=dt.date(2026, 7, 1))
    _order(cast, "rep1", "SO-1c", "0.20", ordered_on=dt.date(2026, 7, 31))
    _order(cast, "rep1", "SO-1x", "999.00", status=OrderStatus.CANCELLED)
    _order(cast, "rep1", "SO-1r", "50.00", status=OrderStatus.RETURNED)
    _order(cast, "rep2", "SO-2", "8000.00")
    _order(cast, "rep3", "SO-3", "5000.00")
    _order(cast, "rep4", "SO-4", "1000.00")
    return cast


def orders_get(order_no: str) -> Order:
    return Order.objects.get(order_no=order_no)


def _page(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200
    return response


def _listed(client, **query) -> list[str]:
    return sorted(o.order_no for o in _page(client, **query).context["orders"])


def _downloaded(client, **query) -> list[list[str]]:
    response = client.get(URL, {**query, "download": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


REP1 = ["SO-1a", "SO-1b", "SO-1c", "SO-1r", "SO-1x"]


def test_rep_sees_only_their_own_orders(orders):
    client = orders.client("rep1")

    response = _page(client)

    assert sorted(o.order_no for o in response.context["orders"]) == REP1
    assert "SO-2" not in response.content.decode()
    assert sorted(r[0] for r in _downloaded(client)[1:]) == REP1


def test_total_counts_only_the_confirmed_orders_to_the_fen(orders):
    total = _page(orders.client("rep1")).context["total"]

    assert total.amount == Decimal("12345.97")
    assert total.count == 3


def test_total_is_shown_as_money(orders):
    html = _page(orders.client("rep1")).content.decode()

    assert '<span class="value" id="confirmed-total">¥12,345.97</span>' in html


def test_manager_sees_their_team_but_not_a_sibling_team(orders):
    client = orders.client("manager")

    assert _listed(client) == [*REP1, "SO-2"]
    assert _page(client).context["total"].amount == Decimal("20345.97")


def test_region_manager_sees_the_teams_below_and_not_another_region(orders):
    client = orders.client("region_manager")

    assert _listed(client) == [*REP1, "SO-2", "SO-3"]
    assert _listed(orders.client("west_manager")) == ["SO-4"]


@pytest.mark.parametrize("who", ["finance", "director", "admin"])
def test_finance_and_directors_see_every_order(orders, who):
    response = _page(orders.client(who))

    assert len(response.context["orders"]) == 8
    assert response.context["total"].amount == Decimal("26345.97")


def test_hr_sees_no_order_and_no_total(orders):
    client = orders.client("hr")
    response = _page(client)

    assert list(response.context["orders"]) == []
    assert response.context["total"].amount == Decimal("0")
    assert "SO-1a" not in response.content.decode()
    assert _downloaded(client)[1:] == []


def test_a_log_in_without_employee_sees_no_order(orders, stranger):
    response = _page(stranger)

    assert list(response.context["orders"]) == []
    assert response.context["total"].count == 0
    assert _downloaded(stranger)[1:] == []


def test_filters_by_status(orders):
    client = orders.client("rep1")

    assert _listed(client, status="cancelled") == ["SO-1x"]
    assert _page(client, status="cancelled").context["total"].amount == 0


def test_date_range_includes_both_ends(orders):
    client = orders.client("rep1")

    listed = _listed(client, start="2026-07-01", end="2026-07-31")
    assert listed == REP1
    assert _listed(client, start="2026-07-02", end="2026-07-30") == [
        "SO-1a",
        "SO-1r",
        "SO-1x",
    ]
    total = _page(client, start="2026-07-31").context["total"]
    assert total.amount == Decimal("0.20")


def test_a_range_that_ends_before_it_starts_is_refused_next_to_its_end(orders):
    response = orders.client("rep1").get(
        URL, {"start": "2026-08-01", "end": "2026-07-01"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["end"] == ["截止日早于起始日。"]
    assert "orders" not in response.context


def test_filters_by_rep_among_those_in_sight(orders):
    client = orders.client("manager")

    assert _listed(client, employee="E0002") == ["SO-2"]
    assert client.get(URL, {"employee": "E0003"}).status_code == 400


def test_filters_by_customer_code_or_name(orders):
    client = orders.client("rep1")

    assert _listed(client, customer="SH-0") == ["SO-1a"]
    assert _listed(client, customer="申通") == ["SO-1a"]
    assert _listed(client, customer="SH-001 nobody") == []


def test_download_has_the_rows_and_figures_of_the_page(orders):
    PaymentFactory(order=orders_get("SO-1a"), amount=Decimal("345.67"))
    rows = _downloaded(orders.client("rep1"), status="confirmed")

    assert rows[0][:3] == ["订单号", "下单日期", "客户编码"]
    by_no = {r[0]: r for r in rows[1:]}
    assert sorted(by_no) == ["SO-1a", "SO-1b", "SO-1c"]
    assert by_no["SO-1a"][2:] == [
        "SH-001",
        "上海申通物流",
        "E0001",
        "张伟",
        "已确认",
        "12345.67",
        "345.67",
        "12000.00",
    ]
    assert sum(Decimal(r[7]) for r in rows[1:]) == Decimal("12345.97")


def test_xlsx_download_holds_the_same_orders(orders):
    response = orders.client("manager").get(URL, {"download": "xlsx"})

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == [*REP1, "SO-2"]


def test_a_long_total_is_exact_to_the_fen(cast):
    amounts = [Decimal("0.01"), Decimal("0.10"), Decimal("0.20"), Decimal("99999.99")]
    for n in range(120):
        _order(cast, "rep1", f"SO-{n:03d}", str(amounts[n % 4] + n))
    client = cast.client("rep1")

    total = _page(client).context["total"].amount
    rows = _downloaded(client)

    assert total == sum(Decimal(r[7]) for r in rows[1:])
    assert total == sum(amounts) * 30 + sum(range(120))


def test_the_list_is_paginated(cast):
    for n in range(60):
        _order(cast, "rep1", f"SO-{n:03d}", "1.00")

    first = _page(cast.client("rep1"))
    second = _page(cast.client("rep1"), page=2)

    assert len(first.context["orders"]) == 50
    assert len(second.context["orders"]) == 10
    # The total counts every page, not just the one shown.
    assert first.context["total"].amount == Decimal("60.00")


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_10_and_for_200_orders(cast):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            order = _order(cast, ["rep1", "rep2"][n % 2], f"SO-{n:04d}", "10.00")
            PaymentFactory(order=order, amount=Decimal("1.00"))

    add(10, 0)
    client = cast.client("manager")
    few = _queries(client)
    add(190, 10)
    many = _queries(client)

    assert few == many


# The order's own page.


def _detail(client, order_no: str):
    return client.get(f"/orders/{order_no}/")


def test_order_page_shows_payments_and_what_is_still_owed(orders):
    order = orders_get("SO-1a")
    PaymentFactory(order=order, payment_no="P-1", amount=Decimal("345.67"))
    PaymentFactory(order=order, payment_no="P-2", amount=Decimal("0.01"))

    response = _detail(orders.client("rep1"), "SO-1a")

    assert response.status_code == 200
    account = response.context["account"]
    assert [p.payment_no for p in account.payments] == ["P-1", "P-2"]
    assert account.paid == Decimal("345.68")
    assert account.owed == Decimal("11999.99")
    html = response.content.decode()
    assert "上海申通物流" in html and "张伟" in html and "已确认" in html
    assert '<span class="value" id="owed">¥11,999.99</span>' in html


def test_nothing_is_owed_on_a_cancelled_order(orders):
    response = _detail(orders.client("rep1"), "SO-1x")

    assert response.context["account"].owed is None
    assert "已取消或已退货的订单无欠款。" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("rep1", 200),
        ("manager", 200),
        ("region_manager", 200),
        ("director", 200),
        ("finance", 200),
        ("rep2", 404),
        ("rep3", 404),
        ("west_manager", 404),
        ("hr", 404),
    ],
)
def test_order_page_answers_404_out_of_sight(orders, who, status):
    assert _detail(orders.client(who), "SO-1a").status_code == status


def test_order_page_is_404_for_a_log_in_without_employee(orders, stranger):
    assert _detail(stranger, "SO-1a").status_code == 404


def test_an_order_that_does_not_exist_is_404_too(orders):
    assert _detail(orders.client("director"), "SO-nothing").status_code == 404


def test_anonymous_user_is_sent_to_log_in(orders, client):
    for url in [URL, "/orders/SO-1a/", "/payments/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


def test_a_list_longer_than_the_count_limit_says_more_than_and_hides_its_total(
    orders, settings
):
    settings.YEJI_LIST_COUNT_LIMIT = 5
    client = orders.client("director")

    response = _page(client)
    html = response.content.decode()

    # Eight orders, past a limit of five: counted no further, no total.
    assert response.context["page"].paginator.capped
    assert response.context["total"] is None
    assert "符合条件的超过 5 条" in html
    assert 'id="confirmed-total"' not in html
    assert "缩小列表范围后显示合计" in html
    # Narrowed within the limit, the list has its exact count and total.
    narrowed = _page(client, employee=orders.people["rep1"].employee_no)
    assert not narrowed.context["page"].paginator.capped
    assert narrowed.context["total"].amount == Decimal("12345.97")
    assert 'class="capped"' not in narrowed.content.decode()
    assert narrowed.context["page"].paginator.count == 5
