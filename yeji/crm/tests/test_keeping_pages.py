"""The keeping pages and API as their users meet them: who sees which list,
what a claim, a handover, a survey link and a check-in do, and that every
list costs the same number of queries for few rows as for many."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yeji.api.services import token_create
from yeji.crm import keeping
from yeji.crm.keeping_models import KeepingSettings, OwnershipMove, SurveyInvitation
from yeji.crm.models import Customer, Survey, Visit
from yeji.crm.tests import factories as f

pytestmark = pytest.mark.django_db


def _api(cast, who: str) -> Client:
    _token, secret = token_create(user=cast.people[who].user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


def _codes(response) -> set[str]:
    return {row.customer.code for row in response.context["rows"]}


# --- follow-ups ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("rep1", {"C-A", "C-B"}),
        ("manager", {"C-A", "C-B"}),
        ("rep3", {"C-C"}),
        ("rep4", {"C-D"}),
    ],
)
def test_the_overdue_follow_ups_are_those_in_sight(cast, who, expected):
    # C-A's last visit set its follow-up for 2026-09-01, long past; the
    # others were acquired in 2025 and never visited.
    response = cast.client(who).get(reverse("crm:follow_ups"), {"overdue": "on"})

    assert response.status_code == 200
    assert _codes(response) & {"C-A", "C-B", "C-C", "C-D"} == expected


def test_the_customer_page_shows_when_it_is_due_and_why_it_is_at_risk(cast):
    html = cast.client("rep1").get(reverse("crm:customer_detail", args=["C-A"]))

    text = html.content.decode()
    assert 'id="next-due"' in text and "2026-09-01" in text
    assert 'id="churn-risk"' in text
    assert "投诉尚未解决" in text


# --- the pool ---------------------------------------------------------------


def test_a_rep_claims_from_the_pool_page_and_the_move_is_on_record(cast):
    customer = cast.customers["B"]
    customer.pooled_at = timezone.now()
    customer.save()
    client = cast.client("rep2")

    listed = client.get(reverse("crm:pool"))
    assert [c.code for c in listed.context["page"].object_list] == ["C-B"]
    response = client.post(reverse("crm:pool_claim", args=["C-B"]))

    assert response.status_code == 302
    assert response["Location"] == reverse("crm:customer_detail", args=["C-B"])
    assert Customer.objects.get(code="C-B").owner == cast.people["rep2"]
    page = client.get(reverse("crm:customer_detail", args=["C-B"])).content.decode()
    assert 'id="moves"' in page and "从公海领取" in page
    # rep4, of another team, never saw it in the pool.
    assert (
        cast.client("rep4").get(reverse("crm:pool")).context["page"].paginator.count
        == 0
    )


def test_a_manager_hands_a_leavers_customers_over_in_one_action(cast):
    rep1 = cast.people["rep1"]
    url = reverse("crm:handover", args=[rep1.employee_no])
    assert cast.client("rep2").get(url).status_code == 404
    assert cast.client("manager").post(url, {}).status_code == 400

    response = cast.client("manager").post(url, {"to": "", "confirm": "on"})

    assert response.status_code == 302
    assert not Customer.objects.filter(owner=rep1).exists()
    assert OwnershipMove.objects.filter(from_employee=rep1).count() == 2


# --- requests and complaints ---------------------------------------------------


def test_overdue_requests_show_to_the_rep_and_their_manager(cast):
    for who in ("rep1", "manager"):
        page = cast.client(who).get(reverse("crm:requests_overdue"))
        assert [r.request_no for r, _due, _hours in page.context["rows"]] == ["R-A2"]
    assert (
        cast.client("rep4").get(reverse("crm:requests_overdue")).context["rows"] == []
    )
    home = cast.client("rep1").get(reverse("web:home")).content.decode()
    assert 'id="overdue-requests"' in home and "R-A2" in home


def test_resolving_a_request_without_a_resolution_is_refused_next_to_it(cast):
    url = reverse("crm:request_edit", args=["R-A2"])
    data = {"request_type": "repair", "priority": "urgent", "status": "resolved"}

    response = cast.client("rep1").post(url, data)

    assert response.status_code == 400
    assert response.context["form"].errors["resolution"] == ["请填写需求的处理结果。"]
    response = cast.client("rep1").post(url, {**data, "resolution": "已上门维修"})
    assert response.status_code == 302


def test_a_complaint_gets_a_handler_and_a_resolution(cast):
    complaint = cast.customers["A"].complaints.get()
    url = reverse("crm:complaint_handle", args=[complaint.complaint_no])

    response = cast.client("manager").post(
        url,
        {
            "handler": "M002",
            "resolution": "补发货物",
            "resolved_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.handler == cast.people["manager"]
    assert complaint.resolved_on == timezone.localdate()


# --- survey links ---------------------------------------------------------------


def test_a_customer_answers_a_survey_link_once_without_an_account(cast):
    made = cast.client("rep1").post(reverse("crm:survey_link_create", args=["C-B"]))
    link = made.context["link"]
    path = link.removeprefix("http://testserver")
    customer = Client()

    assert customer.get(path).status_code == 200
    answered = customer.post(path, {"satisfaction": "5", "recommend": "9"})
    again = customer.get(path)

    assert answered.status_code == 200 and answered.context["thanks"]
    survey = Survey.objects.get(customer=cast.customers["B"])
    assert (survey.satisfaction, survey.recommend, survey.employee) == (
        5,
        9,
        cast.people["rep1"],
    )
    assert again.status_code == 410
    assert "该调查已经作答" in again.content.decode()


def test_an_expired_survey_link_is_refused(cast):
    made = cast.client("rep1").post(reverse("crm:survey_link_create", args=["C-B"]))
    path = made.context["link"].removeprefix("http://testserver")
    SurveyInvitation.objects.update(expires_at=timezone.now())

    assert Client().get(path).status_code == 410
    assert (
        Client().get(reverse("crm:survey_answer", args=["nonsense"])).status_code == 410
    )


# --- settings ---------------------------------------------------------------


def test_a_director_changes_the_keeping_rules_and_a_rep_only_reads_them(cast):
    url = reverse("crm:keeping_settings")
    form = {
        name: getattr(KeepingSettings(), name)
        for name in (
            "follow_up_days_a",
            "follow_up_days_b",
            "follow_up_days_c",
            "pool_after_days",
            "pool_claim_limit",
            "check_in_distance_m",
            "location_retention_days",
            "response_hours_urgent",
            "response_hours_high",
            "response_hours_normal",
            "response_hours_low",
            "survey_link_days",
        )
    }

    assert (
        cast.client("rep1").post(url, {**form, "pool_after_days": 1}).status_code == 404
    )
    shown = cast.client("rep1").get(url).content.decode()
    assert "disabled" in shown and 'type="submit" class="primary"' not in shown
    response = cast.client("director").post(url, {**form, "follow_up_days_a": 7})

    assert response.status_code == 302
    assert KeepingSettings.objects.get().follow_up_days_a == 7
    bad = cast.client("director").post(url, {**form, "pool_after_days": 0})
    assert bad.status_code == 400


# --- churn ---------------------------------------------------------------


def test_the_churn_list_names_its_reasons(cast):
    response = cast.client("rep1").get(reverse("crm:churn"))

    rows = {w.customer.code: w for w in response.context["rows"]}
    assert "C-A" in rows
    assert any("投诉" in reason for reason in rows["C-A"].reasons)
    assert "C-D" not in rows


@pytest.mark.parametrize("name", ["crm:follow_ups", "crm:churn"])
def test_a_list_wider_than_the_limit_asks_for_a_team_then_lists_it(
    cast, monkeypatch, name
):
    # Four reps in the director's sight; at most two in one list.
    monkeypatch.setattr(keeping, "SCOPE_REPS", 2)
    client = cast.client("director")

    whole = client.get(reverse(name), {"overdue": "on"})
    east = client.get(reverse(name), {"overdue": "on", "team": "EAST-1"})
    rep = client.get(reverse(name), {"overdue": "on", "owner": "E0003"})
    other = client.get(reverse(name), {"owner": "E0003", "team": "WEST"})

    assert whole.status_code == 200
    assert whole.context["too_wide"] == 4
    assert whole.context["rows"] == []
    assert 'id="too-wide"' in whole.content.decode()
    # No rep to choose from the whole company: a team first.
    assert whole.context["form"].fields["owner"].choices == [("", "全部负责人")]
    assert east.context["too_wide"] is None
    assert _codes(east) == {"C-A", "C-B"}
    assert [no for no, _name in east.context["form"].fields["owner"].choices] == [
        "",
        "E0001",
        "E0002",
    ]
    # A rep named by a link is listed alone, whoever else is in sight.
    assert rep.context["too_wide"] is None
    assert _codes(rep) == {"C-C"}
    # But not one outside the team chosen.
    assert other.status_code == 400


# --- query counts ---------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _quiet_customers(owner, count: int, *, pooled: bool = False) -> None:
    for _n in range(count):
        customer = f.CustomerFactory(
            owner=owner, level="b", pooled_at=timezone.now() if pooled else None
        )
        f.VisitFactory(
            employee=owner, customer=customer, visited_on=dt.date(2026, 1, 1)
        )
        f.OrderFactory(
            employee=owner, customer=customer, ordered_on=dt.date(2026, 1, 2)
        )
        f.ComplaintFactory(employee=owner, customer=customer)
        f.RequestFactory(employee=owner, customer=customer, first_response_at=None)


@pytest.mark.parametrize(
    "route", ["crm:follow_ups", "crm:churn", "crm:pool", "crm:requests_overdue"]
)
@pytest.mark.parametrize("who", ["rep1", "manager"])
def test_each_keeping_list_costs_the_same_for_few_and_many(cast, route, who):
    client = cast.client(who)
    url = reverse(route)
    rep = cast.people["rep1"]

    _quiet_customers(rep, 2, pooled=route == "crm:pool")
    few = _queries(client, url)
    _quiet_customers(rep, 60, pooled=route == "crm:pool")
    many = _queries(client, url)

    assert few == many


# --- the API ---------------------------------------------------------------


def test_the_api_lists_follow_ups_and_churn_in_sight(cast):
    mine = _api(cast, "rep1").get("/api/v1/keeping/follow-ups", {"overdue": "true"})
    theirs = _api(cast, "rep4").get("/api/v1/keeping/follow-ups", {"overdue": "true"})
    risks = _api(cast, "rep1").get("/api/v1/keeping/churn").json()

    due = {r["customer_code"]: r["due_on"] for r in mine.json()["results"]}
    assert due == {"C-A": "2026-09-01", "C-B": "2025-01-31"}
    assert "C-A" not in [r["customer_code"] for r in theirs.json()["results"]]
    reasons = {r["customer_code"]: r["reasons"] for r in risks["results"]}
    assert "A complaint not resolved" in reasons["C-A"]


@pytest.mark.parametrize("route", ["follow-ups", "churn"])
def test_the_api_asks_for_a_team_or_a_rep_past_the_limit_as_the_pages_do(
    cast, monkeypatch, route
):
    monkeypatch.setattr(keeping, "SCOPE_REPS", 2)
    director = _api(cast, "director")
    url = f"/api/v1/keeping/{route}"

    whole = director.get(url, {"overdue": "true"})
    east = director.get(url, {"overdue": "true", "team": "EAST-1"})
    rep = director.get(url, {"overdue": "true", "owner": "E0003"})

    assert whole.status_code == 422
    assert whole.json()["detail"][0]["loc"] == ["query", "team"]
    assert "4 reps" in whole.json()["detail"][0]["msg"]
    assert east.status_code == 200
    assert {r["owner_employee_no"] for r in east.json()["results"]} <= {
        "E0001",
        "E0002",
    }
    assert rep.status_code == 200
    assert {r["owner_employee_no"] for r in rep.json()["results"]} <= {"E0003"}
    if route == "follow-ups":
        assert {r["customer_code"] for r in east.json()["results"]} == {"C-A", "C-B"}
        assert {r["customer_code"] for r in rep.json()["results"]} == {"C-C"}


def test_an_api_check_in_keeps_the_location_only_with_consent(cast):
    customer = cast.customers["A"]
    customer.latitude, customer.longitude = Decimal("31.23"), Decimal("121.47")
    customer.save()
    client = _api(cast, "rep1")
    body = {
        "customer_code": "C-A",
        "latitude": 31.2301234567,
        "longitude": 121.47,
        "accuracy": 8,
        "location_source": "gps",
        "next_follow_up_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
    }

    refused = client.post(
        "/api/v1/keeping/check-ins", body, content_type="application/json"
    )
    kept = client.post(
        "/api/v1/keeping/check-ins",
        {**body, "location_consent": True},
        content_type="application/json",
    )

    assert refused.status_code == 201 and refused.json()["location_kept"] is False
    assert kept.status_code == 201 and kept.json()["at_customer"] is True
    visit = Visit.objects.get(visit_no=kept.json()["visit_no"])
    assert visit.latitude == Decimal("31.230123")
    out_of_sight = _api(cast, "rep4").post(
        "/api/v1/keeping/check-ins", body, content_type="application/json"
    )
    assert out_of_sight.status_code == 404
    bad = client.post(
        "/api/v1/keeping/check-ins",
        {**body, "latitude": 95, "location_consent": True},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "latitude"]


def test_an_api_claim_and_a_survey_link(cast):
    customer = cast.customers["B"]
    customer.pooled_at = timezone.now()
    customer.save()

    assert _api(cast, "rep4").post("/api/v1/keeping/pool/C-B/claim").status_code == 404
    claimed = _api(cast, "rep2").post("/api/v1/keeping/pool/C-B/claim")
    link = _api(cast, "rep2").post("/api/v1/keeping/customers/C-B/survey-links")

    assert claimed.status_code == 200
    assert claimed.json()["owner_employee_no"] == "E0002"
    assert link.status_code == 201 and "/customers/survey/" in link.json()["url"]
    assert (
        _api(cast, "rep1")
        .post("/api/v1/keeping/customers/C-B/survey-links")
        .status_code
        == 404
    )
