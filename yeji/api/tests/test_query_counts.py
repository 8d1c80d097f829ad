"""A list costs the same queries for 10 records and for 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yeji.web.tests import factories as f

KINDS = ["customers", "orders", "payments", "visits", "tasks", "requests"]


def _count(client, path: str) -> int:
    # A full page of several records: a query per record would show, and
    # the count is asked for.
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(path, {"limit": 8})
    assert answer.status_code == 200
    return len(queries)


def _make(company, n: int) -> None:
    rep2 = company.people["rep2"]
    for _ in range(n):
        order = f.OrderFactory(employee=rep2, customer__owner=rep2)
        order.payments.create(
            payment_no=f"P{order.order_no}", paid_on=order.ordered_on, amount=1
        )
        f.VisitFactory(employee=rep2, customer=order.customer)
        f.TaskFactory(employee=rep2)
        f.RequestFactory(employee=rep2, customer=order.customer)


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_runs_as_many_queries_for_200_records_as_for_10(api, company, kind):
    manager = api("manager")
    # The first call notes the token's last use; that write is not the list's.
    manager.get("/teams")
    _make(company, 10)
    few = _count(manager.client, f"/api/v1/{kind}")
    _make(company, 190)
    many = manager.client.get(f"/api/v1/{kind}", {"limit": 500}).json()["count"]
    assert many >= 200
    assert _count(manager.client, f"/api/v1/{kind}") == few


def test_reading_one_record_asks_who_calls_and_the_record(api, company):
    # The token, its user, the user's employee and team come in one query,
    # the record within the user's sight in the other: the load test's
    # most frequent call (bench/load.py).
    rep1 = api("rep1")
    customer = f.CustomerFactory(code="C-Q-1", owner=company.people["rep1"])
    rep1.get("/teams")
    with CaptureQueriesContext(connection) as queries:
        answer = rep1.get(f"/customers/{customer.code}")
    assert answer.status_code == 200
    assert answer.json()["code"] == "C-Q-1"
    assert len(queries) == 2
    f.CustomerFactory(code="C-Q-2", owner=company.people["rep2"])
    assert rep1.get("/customers/C-Q-2").status_code == 404


def test_a_page_that_tells_its_count_asks_no_count(api, company):
    rep1 = api("rep1")
    rep1.get("/teams")
    mine = company.people["rep1"]
    codes = {f.CustomerFactory(owner=mine).code for _ in range(3)}
    total = rep1.get("/customers", limit=500).json()["count"]
    assert total >= 3

    def listed(**query):
        with CaptureQueriesContext(connection) as queries:
            answer = rep1.get("/customers", **query)
        assert answer.status_code == 200
        return answer.json(), len(queries)

    whole, short = listed(limit=500)
    first, full = listed(limit=total - 1)
    last, tail = listed(limit=total - 1, offset=total - 1)
    past, beyond = listed(limit=10, offset=total + 10)

    # Every page says how many there are, asked or worked out.
    assert [p["count"] for p in (whole, first, last, past)] == [total] * 4
    assert codes <= {r["code"] for r in whole["results"]}
    assert len(last["results"]) == 1 and past["results"] == []
    # The token, the page; a full page and one past the end count apart.
    assert short == tail == 2
    assert full == beyond == 3
