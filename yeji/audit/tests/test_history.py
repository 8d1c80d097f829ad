"""A record's history: each change, through a page, the API or an import,
with who made it and the values before and after, shown only to those who
see the record."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yeji.audit.context import Channel, os_username
from yeji.interchange.services import import_path
from yeji.sales.models import Order
from yeji.sales.services import order_version
from yeji.web.tests import factories as f

ORDERS_HEADER = (
    "order_no,customer_code,employee_no,ordered_on,amount,status,contract_no\n"
)


def _page_change(company, order, **values):
    client = company.client("manager")
    data = {
        "status": order.status,
        "amount": order.amount,
        "contract_no": order.contract_no,
        "version": order_version(order),
        **values,
    }
    return client.post(reverse("sales:order_edit", args=[order.order_no]), data)


def _import_order(tmp_path: Path, order: Order, **values) -> None:
    row = {
        "order_no": order.order_no,
        "customer_code": order.customer.code,
        "employee_no": order.employee.employee_no,
        "ordered_on": order.ordered_on.isoformat(),
        "amount": str(order.amount),
        "status": order.status,
        "contract_no": order.contract_no,
        **values,
    }
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS_HEADER + ",".join(row.values()) + "\n", encoding="utf-8")
    assert import_path(path).ok


@pytest.fixture
def order(company):
    return f.OrderFactory(
        order_no="SO-H",
        employee=company.people["rep1"],
        amount=Decimal("1000.00"),
        status="confirmed",
        contract_no="",
    )


def test_order_changed_by_page_api_and_import_shows_all_three(
    company, api, order, tmp_path
):
    # Through the page, as rep1's manager.
    response = _page_change(company, order, amount="1200.00")
    assert response.status_code == 302

    # Through the API, as rep1.
    client = api("rep1")
    version = client.get("/orders/SO-H").json()["version"]
    patched = client.patch("/orders/SO-H", {"version": version, "status": "returned"})
    assert patched.status_code == 200, patched.json()

    # Through an import, at the command line.
    order.refresh_from_db()
    _import_order(tmp_path, order, contract_no="HT-9")

    history = api("director").get("/orders/SO-H/history").json()
    assert history["count"] == 4
    imported, through_api, through_page, created = history["results"]
    assert (through_page["through"], through_page["by"]) == ("web", "manager")
    assert through_page["changes"] == [
        {"field": "amount", "before": "1000.00", "after": "1200.00"}
    ]
    assert (through_api["through"], through_api["by"]) == ("api", "rep1")
    assert through_api["changes"] == [
        {"field": "status", "before": "Confirmed", "after": "Returned"}
    ]
    assert (imported["through"], imported["by"]) == ("import", os_username())
    assert imported["changes"] == [
        {"field": "contract_no", "before": None, "after": "HT-9"}
    ]
    assert created["type"] == "created"

    # The order's page shows the same three changes.
    page = company.client("manager").get(
        reverse("sales:order_detail", args=["SO-H"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = re.sub(r"\s+", " ", page.content.decode())
    assert 'Amount</span>: <span class="before">1000.00</span> → ' in text
    assert 'Status</span>: <span class="before">Confirmed</span> → ' in text
    assert "HT-9" in text
    for label in ["web page", "API", "import"]:
        assert f"<td>{label}</td>" in text


def test_history_route_answers_404_outside_sight(company, api, order):
    _page_change(company, order, amount="1100.00")
    keys = {
        "orders": "SO-H",
        "customers": order.customer.code,
        "employees": "E0001",
        "targets": "E0001:2026-Q3:revenue",
    }
    sales = {"rep1", "manager", "region_manager", "director", "finance", "admin"}
    performance = {"rep1", "manager", "region_manager", "director", "hr", "admin"}
    sight = {
        "orders": sales,
        "customers": sales,
        "targets": performance,
        "employees": sales | performance,
    }
    for kind, key in keys.items():
        for who in sorted(company.people):
            status = api(who).get(f"/{kind}/{key}/history").status_code
            assert status == (200 if who in sight[kind] else 404), (kind, who)


def test_employee_history_hides_the_salary_from_those_who_may_not_read_it(company, api):
    rep = company.people["rep1"]
    rep.base_salary = Decimal("8800.00")
    rep.save()
    for who in ["manager", "hr"]:
        shown = api(who).get("/employees/E0001/history").json()
        text = str(shown)
        assert ("8800" in text) == (who == "hr"), who
        page = company.client(who).get(reverse("people:person", args=["E0001"]))
        assert ("8800" in page.content.decode()) == (who == "hr"), who


def test_a_double_post_of_the_order_form_changes_it_once(company, order):
    first = _page_change(company, order, amount="1300.00")
    second = _page_change(company, order, amount="1300.00")

    assert (first.status_code, second.status_code) == (302, 302)
    assert order.history.filter(history_type="~").count() == 1


def test_a_stale_order_form_is_refused_and_shows_the_order_as_it_is(company, order):
    stale = order_version(order)
    Order.objects.filter(pk=order.pk).update(amount=Decimal("5.00"))
    order.refresh_from_db()

    response = _page_change(company, order, amount="7.00", version=stale)

    assert response.status_code == 409
    order.refresh_from_db()
    assert order.amount == Decimal("5.00")


def test_the_order_form_refuses_a_negative_amount_next_to_its_field(company, order):
    response = _page_change(company, order, amount="-1")

    assert response.status_code == 400
    assert 'id="field-amount"' in response.content.decode()
    order.refresh_from_db()
    assert order.amount == Decimal("1000.00")


def test_finance_reads_an_order_but_cannot_change_it(company, order):
    client = company.client("finance")
    url = reverse("sales:order_edit", args=[order.order_no])

    assert client.get(url).status_code == 404
    assert client.post(url, {"amount": "1"}).status_code == 404


def test_order_page_queries_do_not_grow_with_its_history(company, order):
    client = company.client("manager")
    url = reverse("sales:order_detail", args=["SO-H"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _page_change(company, order, amount="1001.00")
    few = queries()
    for cents in range(2, 30):
        order.refresh_from_db()
        _page_change(company, order, amount=f"1000.{cents:02d}")
    assert queries() == few


def test_a_change_at_the_command_line_names_the_os_user(order):
    order.amount = Decimal("2.00")
    order.save()

    latest = order.history.latest()
    assert latest.history_channel == Channel.COMMAND
    assert latest.history_username == os_username()
    assert latest.history_user is None
