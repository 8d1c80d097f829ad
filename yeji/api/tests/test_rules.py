"""Who sees and writes what through the API, and how it says no: 422 naming
the field and the reason, 404 outside sight, 409 on a stale version, one
record for a repeated Idempotency-Key, bulk calls all or nothing."""

import pytest
from django.utils import translation

from yeji.crm.models import Customer
from yeji.interchange.spec import KINDS_BY_NAME
from yeji.interchange.values import InvalidValue
from yeji.sales.models import Order
from yeji.web.tests import factories as f


@pytest.fixture
def records(company):
    """A customer and an order of rep1's, and the same of rep4's (WEST)."""
    rep1, rep4 = company.people["rep1"], company.people["rep4"]
    return {
        "mine": f.OrderFactory(
            order_no="SO-MINE", employee=rep1, customer__code="C-MINE"
        ),
        "west": f.OrderFactory(
            order_no="SO-WEST", employee=rep4, customer__code="C-WEST"
        ),
        "assessment": f.AssessmentFactory(assessment_no="AS-1", employee=rep1),
    }


def _order(**changes):
    body = {
        "order_no": "SO-X",
        "customer_code": "C-MINE",
        "employee_no": "E0001",
        "ordered_on": "2026-07-01",
        "amount": "100.00",
        "status": "confirmed",
    }
    return {**body, **changes}


def test_invalid_value_answers_422_with_field_and_the_imports_reason(api, records):
    answer = api("rep1").post("/orders", _order(amount="12.345", ordered_on="7/1"))
    assert answer.status_code == 422
    # The messages are the import's own, from the same parsers.
    columns = KINDS_BY_NAME["orders"].by_name
    with translation.override("en"):
        expected = {}
        for name, text in [("amount", "12.345"), ("ordered_on", "7/1")]:
            with pytest.raises(InvalidValue) as refused:
                columns[name].type.parse(text)
            expected[("body", name)] = refused.value.message
    assert expected[("body", "amount")] == "12.345 has more than 2 decimal places"
    got = {tuple(p["loc"]): p["msg"] for p in answer.json()["detail"]}
    assert got == expected
    assert not Order.objects.filter(order_no="SO-X").exists()


def test_errors_are_in_the_requests_language_chinese_by_default(api, records):
    answer = api("rep1", language="zh-hans").post("/orders", _order(amount=""))
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert error["loc"] == ["body", "amount"]
    assert error["msg"] == "此项必填"


def test_a_missing_field_and_an_unknown_field(api, records):
    body = _order(colour="red")
    del body["status"]
    answer = api("rep1").post("/orders", body)
    got = {tuple(p["loc"]): p["msg"] for p in answer.json()["detail"]}
    assert got == {
        ("body", "colour"): "unknown field",
        ("body", "status"): "a value is required",
    }


def test_a_value_of_the_wrong_json_type_is_refused_not_stored(api, records):
    # A number for a text (a code may lose its leading zeros as a JSON
    # number), a list, true/false, and a version that is not text.
    answer = api("rep1").post(
        "/customers",
        {
            "name": ["上海", "新客"],
            "owner_employee_no": "E0001",
            "acquired_on": "2026-07-01",
            "region": 21,
            "industry": True,
            "version": 3,
        },
    )
    assert answer.status_code == 422
    assert {tuple(p["loc"]) for p in answer.json()["detail"]} == {
        ("body", "name"),
        ("body", "region"),
        ("body", "industry"),
        ("body", "version"),
    }
    assert not Customer.objects.filter(acquired_on="2026-07-01").exists()

    # A number for an amount is a number.
    assert api("rep1").post("/orders", _order(amount=100.5)).status_code == 201


def test_text_no_database_can_hold_is_refused_not_a_server_error(api, records):
    # A NUL character, and a lone surrogate that a JSON escape can make:
    # PostgreSQL fails on either, so the API refuses them first.
    rep1 = api("rep1")
    body = {"name": "甲\x00", "owner_employee_no": "E0001", "acquired_on": "2026-07-01"}
    answer = rep1.post("/customers", body)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "name"]
    answer = rep1.post("/customers/bulk", {"records": [{"code": "\ud800"}]})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "records", 0, "code"]
    assert rep1.get("/customers/C%00").status_code == 404
    assert (
        rep1.get("/customers", customer_code="C\x00", level="\x00").status_code == 422
    )
    assert rep1.get("/scorecard/E%00").status_code == 404
    answer = rep1.get("/scorecard", period="2026-Q3", template="\x00")
    assert answer.status_code == 422


def test_an_idempotency_key_longer_than_kept_is_refused(api, records):
    body = {"name": "长键", "owner_employee_no": "E0001", "acquired_on": "2026-07-01"}
    answer = api("rep1").post("/customers", body, **{"Idempotency-Key": "k" * 201})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not Customer.objects.filter(name="长键").exists()


@pytest.mark.parametrize("who", ["rep1", "rep3", "hr", "stranger_employee"])
def test_a_record_outside_sight_answers_404_for_read_update_delete(
    api, company, records, who
):
    if who == "stranger_employee":
        who = "rep2"  # same team as rep1, but a rep sees only themself
    client = api(who)
    target = "/orders/SO-WEST" if who == "rep1" else "/orders/SO-MINE"
    version = "0" * 16
    assert client.get(target).status_code == 404
    assert client.patch(target, {"amount": "1", "version": version}).status_code == 404
    assert client.put(target, {**_order(), "version": version}).status_code == 404
    assert client.delete(target).status_code == 404
    assert Order.objects.filter(order_no__in=["SO-WEST", "SO-MINE"]).count() == 2
    listed = {o["order_no"] for o in client.get("/orders").json()["results"]}
    assert target.rsplit("/", 1)[1] not in listed


def test_what_a_manager_director_and_finance_see(api, records):
    assert api("manager").get("/orders/SO-MINE").status_code == 200
    assert api("manager").get("/orders/SO-WEST").status_code == 404
    assert api("director").get("/orders/SO-WEST").status_code == 200
    assert api("finance").get("/orders/SO-WEST").status_code == 200


def test_finance_reads_sales_records_but_changes_none(api, records):
    finance = api("finance")
    version = finance.get("/orders/SO-MINE").json()["version"]
    answer = finance.patch("/orders/SO-MINE", {"amount": "1", "version": version})
    assert answer.status_code == 403
    assert finance.post("/orders", _order()).status_code == 403
    assert str(Order.objects.get(order_no="SO-MINE").amount) == "1000.00"


def test_performance_records_are_hidden_from_finance_and_shown_to_hr(api, records):
    assert api("finance").get("/assessments/AS-1").status_code == 404
    assert api("finance").get("/assessments").json()["count"] == 0
    assert api("hr").get("/assessments/AS-1").status_code == 200
    assert api("rep1").get("/assessments/AS-1").status_code == 200
    assert api("rep2").get("/assessments/AS-1").status_code == 404
    # HR sees no sales records at all.
    assert api("hr").get("/orders").json()["count"] == 0


def test_targets_teams_and_employees_are_written_by_administrators(api, records):
    target = {
        "employee_no": "E0001",
        "period": "2026-11",
        "metric": "orders",
        "value": 3,
    }
    assert api("rep1").post("/targets", target).status_code == 403
    assert api("hr").post("/targets", target).status_code == 403
    assert api("admin").post("/targets", target).status_code == 201
    team = {"code": "NEW", "name": "新团队"}
    assert api("director").post("/teams", team).status_code == 403
    assert api("admin").post("/teams", team).status_code == 201


def test_a_rep_cannot_name_a_customer_or_an_employee_outside_sight(api, records):
    answer = api("rep1").post(
        "/orders", _order(customer_code="C-WEST", employee_no="E0004")
    )
    assert answer.status_code == 422
    assert {tuple(p["loc"]) for p in answer.json()["detail"]} == {
        ("body", "customer_code"),
        ("body", "employee_no"),
    }


def test_a_stale_version_answers_409_and_changes_nothing(api, records):
    rep1 = api("rep1")
    first = rep1.get("/orders/SO-MINE").json()
    assert (
        rep1.patch(
            "/orders/SO-MINE", {"amount": "200.00", "version": first["version"]}
        ).status_code
        == 200
    )

    stale = rep1.patch(
        "/orders/SO-MINE", {"amount": "300.00", "version": first["version"]}
    )
    assert stale.status_code == 409
    assert stale.json()["detail"][0]["loc"] == ["body", "version"]
    assert str(Order.objects.get(order_no="SO-MINE").amount) == "200.00"
    assert rep1.delete("/orders/SO-MINE", version=first["version"]).status_code == 409

    missing = rep1.patch("/orders/SO-MINE", {"amount": "300.00"})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "version"]


def test_a_repeated_create_with_the_same_idempotency_key_creates_one(api, records):
    rep1 = api("rep1")
    body = {
        "name": "重复提交",
        "owner_employee_no": "E0001",
        "acquired_on": "2026-07-01",
    }

    first = rep1.post("/customers", body, **{"Idempotency-Key": "abc-1"})
    again = rep1.post("/customers", body, **{"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Customer.objects.filter(name="重复提交").count() == 1

    other = rep1.post(
        "/customers", {**body, "name": "别的"}, **{"Idempotency-Key": "abc-1"}
    )
    assert other.status_code == 409
    assert not Customer.objects.filter(name="别的").exists()
    # Another user's key is theirs: the same key makes their own record.
    mine = api("rep2").post(
        "/customers",
        {**body, "owner_employee_no": "E0002"},
        **{"Idempotency-Key": "abc-1"},
    )
    assert mine.status_code == 201
    assert Customer.objects.filter(name="重复提交").count() == 2


def test_a_refused_create_can_be_repeated_with_its_key(api, records):
    rep1 = api("rep1")
    bad = rep1.post("/orders", _order(amount="x"), **{"Idempotency-Key": "k"})
    assert bad.status_code == 422
    good = rep1.post("/orders", _order(), **{"Idempotency-Key": "k"})
    assert good.status_code == 201


def test_bulk_creates_and_updates_all_or_nothing(api, records):
    rep1 = api("rep1")
    answer = rep1.post(
        "/orders/bulk",
        {
            "records": [
                _order(order_no="SO-B1"),
                {"order_no": "SO-MINE", "amount": "555.00"},
                _order(order_no="SO-B2", amount="7.5"),
            ]
        },
    )
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["created"], answer.json()["updated"]) == (2, 1)
    assert str(Order.objects.get(order_no="SO-MINE").amount) == "555.00"
    assert [r["order_no"] for r in answer.json()["records"]] == [
        "SO-B1",
        "SO-MINE",
        "SO-B2",
    ]


def test_bulk_with_errors_writes_nothing_and_names_each_record(api, records):
    answer = api("rep1").post(
        "/orders/bulk",
        {
            "records": [
                _order(order_no="SO-B1"),
                _order(order_no="SO-B2", amount="-1"),
                {"order_no": "SO-MINE", "status": "lost"},
                _order(order_no="SO-B1"),
            ]
        },
    )
    assert answer.status_code == 422
    locs = [p["loc"] for p in answer.json()["detail"]]
    assert locs == [
        ["body", "records", 1, "amount"],
        ["body", "records", 2, "status"],
        ["body", "records", 3, "order_no"],
    ]
    assert not Order.objects.filter(order_no__in=["SO-B1", "SO-B2"]).exists()
    assert Order.objects.get(order_no="SO-MINE").status == "confirmed"


def test_bulk_naming_an_invisible_record_changes_none_of_them(api, records):
    answer = api("rep1").post(
        "/orders/bulk",
        {
            "records": [
                {"order_no": "SO-MINE", "amount": "1.00"},
                {"order_no": "SO-WEST", "amount": "2.00"},
                _order(order_no="SO-B1"),
            ]
        },
    )
    assert answer.status_code == 404
    assert answer.json()["detail"] == [
        {"loc": ["body", "records", 1], "msg": "Not found."}
    ]
    assert str(Order.objects.get(order_no="SO-WEST").amount) == "1000.00"
    assert str(Order.objects.get(order_no="SO-MINE").amount) == "1000.00"
    assert not Order.objects.filter(order_no="SO-B1").exists()


def test_bulk_refuses_more_than_a_thousand_records(api, records):
    answer = api("rep1").post("/orders/bulk", {"records": [_order()] * 1001})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "records"]


def test_bulk_teams_may_name_a_parent_made_earlier_in_the_call(api, company):
    answer = api("admin").post(
        "/teams/bulk",
        {
            "records": [
                {"code": "NORTH", "name": "华北区", "parent_code": "HQ"},
                {"code": "NORTH-1", "name": "华北一组", "parent_code": "NORTH"},
            ]
        },
    )
    assert answer.status_code == 200, answer.json()
    cycle = api("admin").patch(
        "/teams/NORTH",
        {
            "parent_code": "NORTH-1",
            "version": api("admin").get("/teams/NORTH").json()["version"],
        },
    )
    assert cycle.status_code == 422
    assert cycle.json()["detail"][0]["loc"] == ["body", "parent_code"]


def test_no_token_or_a_wrong_one_answers_401(client, company):
    assert client.get("/api/v1/orders").status_code == 401
    wrong = client.get("/api/v1/orders", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 401
    assert wrong.json()["detail"][0]["loc"] == ["header", "Authorization"]


def test_the_session_works_and_needs_the_csrf_token_to_write(company):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(company.people["rep1"].user)
    assert client.get("/api/v1/orders").status_code == 200
    refused = client.post(
        "/api/v1/tasks",
        {"employee_no": "E0001", "title": "t", "due_on": "2026-08-01"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.get("/account/tokens/")
    token = client.cookies["csrftoken"].value
    made = client.post(
        "/api/v1/tasks",
        {"employee_no": "E0001", "title": "t", "due_on": "2026-08-01"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert made.status_code == 201


def test_bulk_names_a_stored_target_however_its_period_is_written(api, company):
    admin = api("admin")
    body = {"employee_no": "E0002", "period": "2026-q4", "metric": "orders"}
    first = admin.post("/targets/bulk", {"records": [{**body, "value": 3}]})
    assert first.json()["created"] == 1
    again = admin.post("/targets/bulk", {"records": [{**body, "value": 4}]})
    assert (again.json()["created"], again.json()["updated"]) == (0, 1)
    same = admin.post("/targets/bulk", {"records": [{**body, "value": "4"}]})
    assert same.json()["unchanged"] == 1
    assert admin.get("/targets/E0002:2026-Q4:orders").json()["value"] == "4"
