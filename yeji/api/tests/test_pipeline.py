"""Leads and opportunities through the API: the generic routes, with an
opportunity's stage changes on record as in the pages, and its rules."""

import pytest

from yeji.crm.models import Lead, Opportunity, Stage, StageChange
from yeji.web.tests import factories as f


@pytest.fixture
def customer(company):
    return f.CustomerFactory(code="C-API-P", owner=company.people["rep1"])


def _opportunity(client, **fields):
    body = {
        "opportunity_no": "OP-API-1",
        "name": "年度采购",
        "customer_code": "C-API-P",
        "employee_no": "E0001",
        "stage": "needs_analysis",
        "amount": "50000",
        "probability": 10,
        "expected_close_on": "2026-12-31",
        "created_on": "2026-08-01",
        **fields,
    }
    return client.post("/opportunities", body)


def _stages(no: str) -> list[tuple[str, str]]:
    return list(
        StageChange.objects.filter(opportunity__opportunity_no=no).values_list(
            "from_stage", "to_stage"
        )
    )


def test_a_lead_through_the_api(api, company):
    made = api("rep1").post(
        "/leads",
        {
            "name": "接口线索公司",
            "employee_no": "E0001",
            "source": "website",
            "created_on": "2026-08-01",
            "status": "open",
        },
    )

    assert made.status_code == 201, made.json()
    assert made.json()["lead_no"].startswith("L-")
    assert Lead.objects.get(name="接口线索公司").employee == company.people["rep1"]
    assert api("rep4").get(f"/leads/{made.json()['lead_no']}").status_code == 404


def test_stages_written_through_the_api_are_on_record(api, company, customer):
    rep1 = api("rep1")
    made = _opportunity(rep1)
    assert made.status_code == 201, made.json()

    moved = rep1.patch(
        "/opportunities/OP-API-1",
        {"stage": "demo", "version": made.json()["version"]},
    )

    assert moved.status_code == 200, moved.json()
    assert _stages("OP-API-1") == [("", "needs_analysis"), ("needs_analysis", "demo")]
    change = StageChange.objects.filter(opportunity__opportunity_no="OP-API-1").last()
    assert change.changed_by == company.people["rep1"].user


def test_the_api_refuses_a_lost_opportunity_without_reason(api, company, customer):
    made = _opportunity(api("rep1"), stage="lost", probability=0)

    assert made.status_code == 422
    assert {tuple(p["loc"]) for p in made.json()["detail"]} == {
        ("body", "lost_reason"),
        ("body", "competitor"),
    }
    assert not Opportunity.objects.exists()


def test_only_a_manager_reopens_through_the_api(api, company, customer):
    rep1 = api("rep1")
    won = _opportunity(rep1, stage="won", probability=100).json()

    refused = rep1.patch(
        "/opportunities/OP-API-1", {"stage": "negotiation", "version": won["version"]}
    )
    reopened = api("manager").patch(
        "/opportunities/OP-API-1", {"stage": "negotiation", "version": won["version"]}
    )

    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "stage"]
    assert reopened.status_code == 200
    assert Opportunity.objects.get().stage == Stage.NEGOTIATION
    assert _stages("OP-API-1") == [("", "won"), ("won", "negotiation")]


def test_a_bulk_reopening_by_a_rep_writes_nothing(api, company, customer):
    rep1 = api("rep1")
    _opportunity(rep1, stage="won", probability=100)

    refused = rep1.post(
        "/opportunities/bulk",
        {"records": [{"opportunity_no": "OP-API-1", "stage": "demo"}]},
    )

    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "records", 0, "stage"]
    assert Opportunity.objects.get().stage == Stage.WON
    assert _stages("OP-API-1") == [("", "won")]
