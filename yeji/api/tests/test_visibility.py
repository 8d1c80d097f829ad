"""Who sees each kind's records through the API: every kind, over a record
of rep1's (EAST-1), as each person of the cast.  A record out of sight
answers 404 to a read and a change, and counts in no list."""

import pytest

from yeji.web.tests import factories as f

EVERYONE = {
    "rep1",
    "rep2",
    "rep3",
    "rep4",
    "manager",
    "region_manager",
    "director",
    "hr",
    "finance",
    "admin",
}
SALES = {"rep1", "manager", "region_manager", "director", "finance", "admin"}
PERFORMANCE = {"rep1", "manager", "region_manager", "director", "hr", "admin"}


def _records(company) -> dict[str, str]:
    """A record of each kind that belongs to rep1, by kind: its URL key."""
    rep1 = company.people["rep1"]
    order = f.OrderFactory(order_no="SO-V", employee=rep1, customer__code="C-V")
    order.payments.create(payment_no="PAY-V", paid_on=order.ordered_on, amount=5)
    customer = order.customer
    f.VisitFactory(visit_no="V-V", employee=rep1, customer=customer)
    f.TaskFactory(task_no="TK-V", employee=rep1)
    f.RequestFactory(request_no="R-V", employee=rep1, customer=customer)
    f.SurveyFactory(survey_no="S-V", employee=rep1, customer=customer)
    f.ComplaintFactory(complaint_no="Q-V", employee=rep1, customer=customer)
    f.AssessmentFactory(assessment_no="AS-V", employee=rep1)
    return {
        "customers": "C-V",
        "orders": "SO-V",
        "payments": "PAY-V",
        "visits": "V-V",
        "tasks": "TK-V",
        "requests": "R-V",
        "surveys": "S-V",
        "complaints": "Q-V",
        "assessments": "AS-V",
        "targets": "E0001:2026-Q3:revenue",
        "employees": "E0001",
        "teams": "EAST-1",
    }


SIGHT = {
    "customers": SALES,
    "orders": SALES,
    "payments": SALES,
    "visits": SALES,
    "tasks": SALES,
    "requests": SALES,
    "surveys": SALES,
    "complaints": SALES,
    "assessments": PERFORMANCE,
    "targets": PERFORMANCE,
    "employees": SALES | PERFORMANCE,
    "teams": EVERYONE,
}


@pytest.mark.parametrize("kind", sorted(SIGHT))
def test_each_kind_is_seen_by_exactly_those_whose_sight_holds_it(api, company, kind):
    key = _records(company)[kind]
    for who in sorted(EVERYONE):
        client = api(who)
        read = client.get(f"/{kind}/{key}")
        listed = client.get(f"/{kind}", limit=500).json()["results"]
        if who in SIGHT[kind]:
            assert read.status_code == 200, (who, kind)
            assert read.json() in listed, (who, kind)
        else:
            assert read.status_code == 404, (who, kind)
            assert not [r for r in listed if r == read.json()], (who, kind)
            changed = client.patch(f"/{kind}/{key}", {"version": "0" * 16})
            assert changed.status_code == 404, (who, kind)
            assert client.delete(f"/{kind}/{key}").status_code == 404, (who, kind)


# Those who see a kind but may not change it: finance reads the sales
# records; only administrators (and HR for employees and assessments)
# write targets, teams, employees and assessments.
READ_ONLY = {
    "orders": {"finance"},
    "visits": {"finance"},
    "targets": {"rep1", "manager", "region_manager", "director", "hr"},
    "assessments": {"rep1", "manager", "region_manager", "director"},
    "employees": {"rep1", "manager", "region_manager", "director", "finance"},
    "teams": EVERYONE - {"admin"},
}


@pytest.mark.parametrize("kind", sorted(READ_ONLY))
def test_those_who_only_read_a_kind_are_refused_its_changes(api, company, kind):
    key = _records(company)[kind]
    for who in sorted(READ_ONLY[kind]):
        client = api(who)
        version = client.get(f"/{kind}/{key}").json()["version"]
        assert client.patch(f"/{kind}/{key}", {"version": version}).status_code == 403
        assert client.delete(f"/{kind}/{key}").status_code == 403
