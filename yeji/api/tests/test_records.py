"""Create, read, update and delete through the API, kind by kind."""

import pytest

from yeji.crm.models import Customer, Request, Visit
from yeji.planning.models import Task
from yeji.sales.models import Order, Payment
from yeji.web.tests import factories as f


@pytest.fixture
def customer(company):
    return f.CustomerFactory(code="C-API-1", owner=company.people["rep1"])


def test_customer_create_read_update_delete(api, company):
    rep1 = api("rep1")

    made = rep1.post(
        "/customers",
        {
            "code": "C-NEW",
            "name": "上海新客",
            "owner_employee_no": "E0001",
            "acquired_on": "2026-07-01",
            "level": "B",
        },
    )
    assert made.status_code == 201
    assert made.json()["level"] == "b"
    assert Customer.objects.get(code="C-NEW").owner == company.people["rep1"]

    read = rep1.get("/customers/C-NEW")
    assert read.status_code == 200
    assert read.json() == made.json()

    changed = rep1.patch(
        "/customers/C-NEW", {"industry": "制造", "version": read.json()["version"]}
    )
    assert changed.status_code == 200
    assert changed.json()["industry"] == "制造"
    assert changed.json()["name"] == "上海新客"
    assert changed.json()["version"] != read.json()["version"]

    replaced = rep1.put(
        "/customers/C-NEW",
        {
            "name": "上海新客二",
            "owner_employee_no": "E0001",
            "acquired_on": "2026-07-02",
            "version": changed.json()["version"],
        },
    )
    assert replaced.status_code == 200
    # A replacement empties the fields it leaves out.
    assert replaced.json()["industry"] is None

    assert rep1.delete("/customers/C-NEW").status_code == 204
    assert rep1.get("/customers/C-NEW").status_code == 404
    assert not Customer.objects.filter(code="C-NEW").exists()


def test_customer_made_without_a_code_gets_one(api, company):
    made = api("rep1").post(
        "/customers",
        {"name": "无编号", "owner_employee_no": "E0001", "acquired_on": "2026-07-01"},
    )
    assert made.status_code == 201
    assert made.json()["code"].startswith("C-")


def test_order_and_payment_through_the_api(api, company, customer):
    rep1 = api("rep1")

    order = rep1.post(
        "/orders",
        {
            "order_no": "SO-API-1",
            "customer_code": "C-API-1",
            "employee_no": "E0001",
            "ordered_on": "2026-07-03",
            "amount": "1234.50",
            "status": "confirmed",
        },
    )
    assert order.status_code == 201
    assert order.json()["amount"] == "1234.50"
    assert str(Order.objects.get(order_no="SO-API-1").amount) == "1234.50"

    payment = rep1.post(
        "/payments",
        {
            "payment_no": "PAY-1",
            "order_no": "SO-API-1",
            "paid_on": "2026-07-10",
            "amount": 1000,
        },
    )
    assert payment.status_code == 201
    assert payment.json()["amount"] == "1000.00"
    assert rep1.get("/payments", order_no="SO-API-1").json()["count"] == 1

    changed = rep1.patch(
        "/payments/PAY-1", {"amount": "234.50", "version": payment.json()["version"]}
    )
    assert changed.json()["amount"] == "234.50"

    # An order with a payment is kept: other records name it.
    assert rep1.delete("/orders/SO-API-1").status_code == 409
    assert rep1.delete("/payments/PAY-1").status_code == 204
    assert not Payment.objects.exists()
    assert rep1.delete("/orders/SO-API-1").status_code == 204


def test_visit_through_the_api(api, company, customer):
    rep1 = api("rep1")
    made = rep1.post(
        "/visits",
        {
            "employee_no": "E0001",
            "customer_code": "C-API-1",
            "visited_at": "2026-07-05 09:30",
            "channel": "onsite",
            "summary": "介绍新品",
        },
    )
    assert made.status_code == 201
    visit = Visit.objects.get(visit_no=made.json()["visit_no"])
    # The local day is derived from the time, as the import does.
    assert visit.visited_on.isoformat() == "2026-07-05"
    assert made.json()["visited_at"] == "2026-07-05T09:30:00+08:00"

    key = made.json()["visit_no"]
    listed = rep1.get("/visits", customer_code="C-API-1").json()
    assert [v["visit_no"] for v in listed["results"]] == [key]
    changed = rep1.patch(
        f"/visits/{key}", {"channel": "phone", "version": made.json()["version"]}
    )
    assert changed.json()["channel"] == "phone"
    assert rep1.delete(f"/visits/{key}").status_code == 204


def test_a_request_answered_through_the_api_is_in_progress(api, company, customer):
    rep1 = api("rep1")
    body = {"customer_code": "C-API-1", "employee_no": "E0001"}
    waiting = rep1.post("/requests", {**body, "opened_at": "2026-07-01 09:00"})
    answered = rep1.post(
        "/requests",
        {
            **body,
            "opened_at": "2026-07-02 09:00",
            "first_response_at": "2026-07-02 10:00",
        },
    )
    assert (waiting.status_code, answered.status_code) == (201, 201)
    status = dict(Request.objects.values_list("request_no", "status"))
    assert status[waiting.json()["request_no"]] == "open"
    assert status[answered.json()["request_no"]] == "in_progress"

    # Answered later, as in the pages; a resolved one is left as it is.
    key = waiting.json()["request_no"]
    moved = rep1.patch(
        f"/requests/{key}",
        {"first_response_at": "2026-07-01 15:00", "version": waiting.json()["version"]},
    )
    assert moved.status_code == 200, moved.json()
    assert Request.objects.get(request_no=key).status == "in_progress"
    resolved = answered.json()["request_no"]
    Request.objects.filter(request_no=resolved).update(
        status="resolved", first_response_at=None
    )
    current = rep1.get(f"/requests/{resolved}").json()
    kept = rep1.patch(
        f"/requests/{resolved}",
        {"first_response_at": "2026-07-02 11:00", "version": current["version"]},
    )
    assert kept.status_code == 200, kept.json()
    assert Request.objects.get(request_no=resolved).status == "resolved"


def test_task_through_the_api(api, company):
    rep1 = api("rep1")
    made = rep1.post(
        "/tasks",
        {
            "task_no": "TK-API",
            "employee_no": "E0001",
            "title": "回访客户",
            "due_on": "2026-08-01",
        },
    )
    assert made.status_code == 201
    assert made.json()["completed_on"] is None
    done = rep1.patch(
        "/tasks/TK-API",
        {"completed_on": "2026-07-30", "version": made.json()["version"]},
    )
    assert done.json()["completed_on"] == "2026-07-30"
    assert Task.objects.get(task_no="TK-API").completed_on.isoformat() == "2026-07-30"
    assert rep1.delete("/tasks/TK-API").status_code == 204


# The other kinds go through the same routes; each is created, read,
# changed and deleted by someone who may write it.
OTHER_KINDS = [
    (
        "admin",
        "teams",
        "NORTH",
        {"code": "NORTH", "name": "华北区", "parent_code": "HQ"},
        {"name": "华北大区"},
    ),
    (
        "hr",
        "employees",
        "E0100",
        {
            "employee_no": "E0100",
            "name": "新人",
            "team_code": "EAST-1",
            "role": "rep",
            "hired_on": "2026-07-01",
        },
        {"phone": "13800000000"},
    ),
    (
        "rep1",
        "requests",
        "R-API",
        {
            "request_no": "R-API",
            "customer_code": "C-API-1",
            "employee_no": "E0001",
            "opened_at": "2026-07-01 09:00",
        },
        {"first_response_at": "2026-07-01 11:00"},
    ),
    (
        "rep1",
        "surveys",
        "S-API",
        {
            "survey_no": "S-API",
            "customer_code": "C-API-1",
            "employee_no": "E0001",
            "answered_on": "2026-07-02",
            "satisfaction": 5,
            "recommend": "9",
        },
        {"comment": "满意"},
    ),
    (
        "rep1",
        "complaints",
        "Q-API",
        {
            "complaint_no": "Q-API",
            "customer_code": "C-API-1",
            "employee_no": "E0001",
            "filed_on": "2026-07-03",
            "category": "delivery",
        },
        {"resolved_on": "2026-07-04"},
    ),
    (
        "hr",
        "assessments",
        "AS-API",
        {
            "assessment_no": "AS-API",
            "employee_no": "E0001",
            "kind": "knowledge",
            "assessed_on": "2026-09-01",
            "score": "88.5",
        },
        {"score": "90"},
    ),
    (
        "admin",
        "targets",
        "E0002:2026-10:orders",
        {"employee_no": "E0002", "period": "2026-10", "metric": "orders", "value": 5},
        {"value": "6"},
    ),
]


@pytest.mark.parametrize(
    ("who", "kind", "key", "body", "change"),
    OTHER_KINDS,
    ids=[k[1] for k in OTHER_KINDS],
)
def test_every_other_kind_through_the_same_routes(
    api, company, customer, who, kind, key, body, change
):
    client = api(who)
    made = client.post(f"/{kind}", body)
    assert made.status_code == 201, made.json()
    assert client.get(f"/{kind}/{key}").json() == made.json()
    assert client.get(f"/{kind}").json()["count"] >= 1

    changed = client.patch(
        f"/{kind}/{key}", {**change, "version": made.json()["version"]}
    )
    assert changed.status_code == 200, changed.json()
    for name in change:
        assert changed.json()[name] is not None
        assert changed.json()[name] != made.json()[name]

    assert client.delete(f"/{kind}/{key}").status_code == 204
    assert client.get(f"/{kind}/{key}").status_code == 404


def test_list_is_paginated_sorted_and_filtered(api, company):
    for n in range(5):
        f.CustomerFactory(
            code=f"C-L{n}",
            owner=company.people["rep2"],
            acquired_on=f"2026-0{n + 1}-01",
            industry="列表",
        )
    manager = api("manager")

    page = manager.get(
        "/customers", industry="列表", sort="-acquired_on", limit=2, offset=1
    ).json()
    assert page["count"] == 5
    assert [c["code"] for c in page["results"]] == ["C-L3", "C-L2"]

    ranged = manager.get(
        "/customers",
        industry="列表",
        date_from="2026-02-01",
        date_to="2026-03-31",
    ).json()
    assert [c["code"] for c in ranged["results"]] == ["C-L1", "C-L2"]


def test_list_refuses_an_unindexed_sort_and_a_page_too_long(api, company):
    rep1 = api("rep1")
    sort = rep1.get("/orders", sort="amount")
    assert sort.status_code == 422
    assert sort.json()["detail"][0]["loc"] == ["query", "sort"]
    # An empty sort is none of those the document lists.
    empty = rep1.get("/orders", sort="")
    assert empty.status_code == 422
    assert "sort on one of: order_no" in empty.json()["detail"][0]["msg"]
    assert rep1.get("/orders", limit=501).status_code == 422
    assert rep1.get("/orders", limit=500).status_code == 200
