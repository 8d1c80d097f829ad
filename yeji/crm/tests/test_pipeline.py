"""The pipeline: stage rules, conversion of leads, the funnel's conversion
rates, the weighted pipeline, the pages under the sales sight and their
query counts.

The cast is the customer pages' (``conftest.py``): rep1 and rep2 in
EAST-1 under the manager, rep3 in EAST-2, rep4 in WEST-1.
"""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yeji.crm import pipeline_queries as queries
from yeji.crm import pipeline_services as services
from yeji.crm.models import Customer, Lead, LeadStatus, Opportunity, Stage, StageChange
from yeji.crm.tests.pipeline_factories import LeadFactory, OpportunityFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 8, 1)


def _opportunity(cast, who="rep1", customer="A", **fields) -> Opportunity:
    return services.opportunity_create(
        user=cast.people[who].user,
        customer=cast.customers[customer],
        name="年度采购",
        amount=Decimal("100000.00"),
        expected_close_on=dt.date(2026, 12, 31),
        **fields,
    )


# -- stage rules ---------------------------------------------------------------


def test_a_new_opportunity_records_its_first_stage(cast):
    opportunity = _opportunity(cast)

    assert opportunity.stage == Stage.NEEDS_ANALYSIS
    assert opportunity.probability == 10
    assert opportunity.employee == cast.people["rep1"]
    change = StageChange.objects.get(opportunity=opportunity)
    assert (change.from_stage, change.to_stage) == ("", Stage.NEEDS_ANALYSIS)
    assert change.changed_by == cast.people["rep1"].user


def test_a_move_is_on_record_with_who_and_from_where(cast):
    opportunity = _opportunity(cast)
    manager = cast.people["manager"].user

    services.opportunity_move(user=manager, opportunity=opportunity, stage=Stage.DEMO)

    opportunity.refresh_from_db()
    assert (opportunity.stage, opportunity.probability) == (Stage.DEMO, 25)
    last = StageChange.objects.filter(opportunity=opportunity).last()
    assert (last.from_stage, last.to_stage, last.changed_by) == (
        Stage.NEEDS_ANALYSIS,
        Stage.DEMO,
        manager,
    )


def test_a_move_to_the_same_stage_changes_nothing(cast):
    opportunity = _opportunity(cast)

    services.opportunity_move(
        user=cast.people["rep1"].user,
        opportunity=opportunity,
        stage=Stage.NEEDS_ANALYSIS,
    )

    assert StageChange.objects.filter(opportunity=opportunity).count() == 1


def test_lost_needs_its_reason_and_competitor(cast):
    opportunity = _opportunity(cast)

    with pytest.raises(ValidationError) as refused:
        services.opportunity_move(
            user=cast.people["rep1"].user, opportunity=opportunity, stage=Stage.LOST
        )

    assert set(refused.value.message_dict) == {"lost_reason", "competitor"}
    opportunity.refresh_from_db()
    assert opportunity.stage == Stage.NEEDS_ANALYSIS


def test_lost_keeps_reason_competitor_and_close_date(cast):
    opportunity = _opportunity(cast)

    services.opportunity_move(
        user=cast.people["rep1"].user,
        opportunity=opportunity,
        stage=Stage.LOST,
        lost_reason="价格偏高",
        competitor="华信科技",
        today=DAY,
    )

    opportunity.refresh_from_db()
    assert (opportunity.lost_reason, opportunity.competitor) == ("价格偏高", "华信科技")
    assert (opportunity.probability, opportunity.closed_on) == (0, DAY)


def test_won_is_final_for_a_rep(cast):
    rep = cast.people["rep1"].user
    opportunity = _opportunity(cast)
    services.opportunity_move(user=rep, opportunity=opportunity, stage=Stage.WON)

    with pytest.raises(ValidationError) as refused:
        services.opportunity_move(user=rep, opportunity=opportunity, stage=Stage.DEMO)
    with pytest.raises(services.NotAllowed):
        services.opportunity_reopen(user=rep, opportunity=opportunity)

    assert "stage" in refused.value.message_dict
    opportunity.refresh_from_db()
    assert (opportunity.stage, opportunity.probability) == (Stage.WON, 100)


def test_a_manager_reopens_a_lost_opportunity(cast):
    opportunity = _opportunity(cast)
    services.opportunity_move(
        user=cast.people["rep1"].user,
        opportunity=opportunity,
        stage=Stage.LOST,
        lost_reason="预算取消",
        competitor="无",
    )

    services.opportunity_reopen(
        user=cast.people["manager"].user,
        opportunity=opportunity,
        stage=Stage.PROPOSAL,
    )

    opportunity.refresh_from_db()
    assert opportunity.stage == Stage.PROPOSAL
    assert (opportunity.closed_on, opportunity.lost_reason) == (None, "")
    assert list(
        StageChange.objects.filter(opportunity=opportunity).values_list(
            "from_stage", "to_stage"
        )
    ) == [
        ("", Stage.NEEDS_ANALYSIS),
        (Stage.NEEDS_ANALYSIS, Stage.LOST),
        (Stage.LOST, Stage.PROPOSAL),
    ]


def test_a_manager_of_another_team_cannot_reopen(cast):
    opportunity = _opportunity(cast, who="rep4", customer="D")
    services.opportunity_move(
        user=cast.people["rep4"].user, opportunity=opportunity, stage=Stage.WON
    )

    with pytest.raises(services.NotAllowed):
        services.opportunity_reopen(
            user=cast.people["manager"].user, opportunity=opportunity
        )


def test_finance_moves_nothing(cast):
    opportunity = _opportunity(cast)

    with pytest.raises(services.NotAllowed):
        services.opportunity_move(
            user=cast.people["finance"].user,
            opportunity=opportunity,
            stage=Stage.DEMO,
        )


# -- leads ---------------------------------------------------------------------


def test_converting_a_lead_makes_the_reps_customer(cast):
    rep = cast.people["rep1"]
    lead = LeadFactory(employee=rep, name="新兴材料有限公司", source="exhibition")

    customer = services.lead_convert(
        user=cast.people["manager"].user, lead=lead, today=DAY
    )

    lead.refresh_from_db()
    assert (customer.name, customer.owner, customer.acquired_on) == (
        "新兴材料有限公司",
        rep,
        DAY,
    )
    assert customer.source == "exhibition"
    assert (lead.status, lead.customer, lead.converted_on) == (
        LeadStatus.CONVERTED,
        customer,
        DAY,
    )
    again = services.lead_convert(user=rep.user, lead=lead)
    assert again == customer
    assert Customer.objects.filter(name="新兴材料有限公司").count() == 1


def test_a_lead_outside_sight_is_not_converted(cast):
    lead = LeadFactory(employee=cast.people["rep4"])

    with pytest.raises(services.NotAllowed):
        services.lead_convert(user=cast.people["rep1"].user, lead=lead)

    lead.refresh_from_db()
    assert lead.customer is None


def test_the_convert_button_leads_to_the_new_customer(cast):
    lead = LeadFactory(employee=cast.people["rep1"], name="按钮公司")
    client = cast.client("rep1")

    response = client.post(reverse("crm:lead_convert", args=[lead.lead_no]))

    customer = Customer.objects.get(name="按钮公司")
    assert response.status_code == 302
    assert response["Location"] == reverse("crm:customer_detail", args=[customer.code])


def test_a_lead_form_sent_twice_makes_one_lead(cast):
    client = cast.client("rep1")
    data = {"token": str(uuid.uuid4()), "name": "双击公司", "source": "website"}

    first = client.post(reverse("crm:lead_create"), data)
    second = client.post(reverse("crm:lead_create"), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Lead.objects.filter(name="双击公司").count() == 1


def test_a_lead_without_a_source_is_refused_next_to_the_field(cast):
    client = cast.client("rep1")
    data = {"token": str(uuid.uuid4()), "name": "无来源公司"}

    response = client.post(reverse("crm:lead_create"), data)

    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"source"}
    assert not Lead.objects.exists()


# -- the funnel and the weighted pipeline ------------------------------------


def _walked(cast, stages: list[str], *, created_on=DAY) -> Opportunity:
    """An opportunity of rep1's moved through ``stages`` in turn."""
    opportunity = OpportunityFactory(
        employee=cast.people["rep1"],
        customer=cast.customers["A"],
        stage=stages[-1],
        created_on=created_on,
        lost_reason="价格" if stages[-1] == Stage.LOST else "",
        competitor="对手" if stages[-1] == Stage.LOST else "",
    )
    before = ""
    for stage in stages:
        StageChange.objects.create(
            opportunity=opportunity,
            changed_at=dt.datetime(2026, 8, 1, tzinfo=dt.UTC),
            from_stage=before,
            to_stage=stage,
        )
        before = stage
    return opportunity


def test_conversion_rates_on_a_hand_counted_case(cast):
    n, d, p, g = (Stage.NEEDS_ANALYSIS, Stage.DEMO, Stage.PROPOSAL, Stage.NEGOTIATION)
    # Ten opportunities opened in August:
    _walked(cast, [n])  # 1 still at needs analysis
    _walked(cast, [n, Stage.LOST])  # 1 lost at once
    _walked(cast, [n, d])  # 2 at demo
    _walked(cast, [n, d])
    _walked(cast, [n, d, Stage.LOST])  # 1 lost after the demo
    _walked(cast, [n, d, p])  # 1 at proposal
    _walked(cast, [n, p, g])  # 1 skipped the demo, at negotiation
    _walked(cast, [n, d, p, g, Stage.WON])  # 2 won
    _walked(cast, [n, d, p, g, Stage.WON])
    _walked(cast, [n, d, p, g, Stage.LOST, g])  # 1 lost, reopened
    # ... and one opened in July, outside the period.
    _walked(cast, [n, d], created_on=dt.date(2026, 7, 31))

    found = queries.funnel(
        cast.people["rep1"].user, start=DAY, end=dt.date(2026, 8, 31)
    )

    # Reached: all 10; demo 8 (all but the first two; the skipper passed
    # it); proposal 5; negotiation 4; won 2.
    assert [(s.stage, s.reached, s.rate) for s in found.steps] == [
        (n, 10, None),
        (d, 8, Decimal("80.0")),
        (p, 5, Decimal("62.5")),
        (g, 4, Decimal("80.0")),
        (Stage.WON, 2, Decimal("50.0")),
    ]
    assert (found.lost, found.win_rate) == (2, Decimal("20.0"))


def test_the_funnel_counts_only_what_the_user_sees(cast):
    _walked(cast, [Stage.NEEDS_ANALYSIS, Stage.DEMO])

    rep4 = queries.funnel(cast.people["rep4"].user, start=DAY, end=DAY)
    manager = queries.funnel(cast.people["manager"].user, start=DAY, end=DAY)

    assert rep4.opened == 0 and rep4.win_rate is None
    assert [s.reached for s in manager.steps] == [1, 1, 0, 0, 0]


def test_weighted_pipeline_by_rep_and_month(cast):
    rep1, rep3 = cast.people["rep1"], cast.people["rep3"]

    def opportunity(rep, customer, amount, probability, close, stage="proposal"):
        OpportunityFactory(
            employee=rep,
            customer=cast.customers[customer],
            amount=Decimal(amount),
            probability=probability,
            expected_close_on=close,
            stage=stage,
        )

    opportunity(rep1, "A", "1000.00", 50, dt.date(2026, 9, 3))
    opportunity(rep1, "B", "333.33", 25, dt.date(2026, 9, 30))
    opportunity(rep1, "A", "2000.00", 10, dt.date(2026, 10, 1))
    opportunity(rep1, "A", "9999.00", 100, dt.date(2026, 9, 5), stage="won")
    opportunity(rep1, "A", "5000.00", 50, dt.date(2027, 1, 5))
    opportunity(rep3, "C", "800.00", 75, dt.date(2026, 9, 10))
    director = cast.people["director"].user

    rows = queries.weighted_pipeline(
        director, start=dt.date(2026, 9, 1), end=dt.date(2026, 12, 31)
    )
    quarters = queries.weighted_pipeline(
        director, start=dt.date(2026, 9, 1), end=dt.date(2026, 12, 31), by="quarter"
    )
    own = queries.weighted_pipeline(
        cast.people["rep3"].user, start=dt.date(2026, 9, 1), end=dt.date(2026, 12, 31)
    )

    # 1000 × 50 % + 333.33 × 25 % = 500 + 83.3325 → 583.33.
    assert [(r.employee_no, r.period_start, r.amount, r.weighted) for r in rows] == [
        ("E0001", dt.date(2026, 9, 1), Decimal("1333.33"), Decimal("583.33")),
        ("E0001", dt.date(2026, 10, 1), Decimal("2000.00"), Decimal("200.00")),
        ("E0003", dt.date(2026, 9, 1), Decimal("800.00"), Decimal("600.00")),
    ]
    assert [(r.employee_no, r.period_start, r.weighted) for r in quarters] == [
        ("E0001", dt.date(2026, 7, 1), Decimal("583.33")),
        ("E0001", dt.date(2026, 10, 1), Decimal("200.00")),
        ("E0003", dt.date(2026, 7, 1), Decimal("600.00")),
    ]
    assert [r.employee_no for r in own] == ["E0003"]


# -- pages ---------------------------------------------------------------------


def test_the_board_moves_a_card_without_scripts(cast):
    opportunity = _opportunity(cast)
    client = cast.client("rep1")
    board = reverse("crm:pipeline_board")

    response = client.post(
        reverse("crm:opportunity_move", args=[opportunity.opportunity_no]),
        {"stage": Stage.PROPOSAL, "next": board},
    )

    assert response.status_code == 302 and response["Location"] == board
    opportunity.refresh_from_db()
    assert opportunity.stage == Stage.PROPOSAL
    page = client.get(board).content.decode()
    proposal = page.split('data-stage="proposal"')[1].split("</section>")[0]
    assert opportunity.opportunity_no in proposal


def test_a_move_to_lost_asks_for_the_reason_next_to_the_fields(cast):
    opportunity = _opportunity(cast)

    response = cast.client("rep1").post(
        reverse("crm:opportunity_move", args=[opportunity.opportunity_no]),
        {"stage": Stage.LOST},
    )

    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"lost_reason", "competitor"}


def test_the_move_page_never_sends_off_the_site(cast):
    opportunity = _opportunity(cast)

    response = cast.client("rep1").post(
        reverse("crm:opportunity_move", args=[opportunity.opportunity_no]),
        {"stage": Stage.DEMO, "next": "//evil.example/"},
    )

    assert response["Location"] == reverse(
        "crm:opportunity_detail", args=[opportunity.opportunity_no]
    )


def test_a_rep_sees_only_their_own_cards(cast):
    mine = _opportunity(cast)
    theirs = _opportunity(cast, who="rep4", customer="D")

    page = cast.client("rep1").get(reverse("crm:pipeline_board")).content.decode()
    detail = cast.client("rep1").get(
        reverse("crm:opportunity_detail", args=[theirs.opportunity_no])
    )

    assert mine.opportunity_no in page and theirs.opportunity_no not in page
    assert detail.status_code == 404


def test_a_manager_chooses_a_reps_board_and_a_director_a_teams(cast):
    mine = _opportunity(cast)
    colleague = OpportunityFactory(employee=cast.people["rep2"])
    elsewhere = _opportunity(cast, who="rep3", customer="C")
    board = reverse("crm:pipeline_board")

    rep = cast.client("manager").get(board, {"rep": "E0002"}).content.decode()
    team = cast.client("director").get(board, {"team": "EAST-2"}).content.decode()
    refused = cast.client("manager").get(board, {"team": "EAST-2"})

    assert colleague.opportunity_no in rep and mine.opportunity_no not in rep
    assert elsewhere.opportunity_no in team and mine.opportunity_no not in team
    assert refused.status_code == 400
    assert elsewhere.opportunity_no not in refused.content.decode()


def test_the_funnel_page_shows_rates_and_chart_data(cast):
    _walked(cast, [Stage.NEEDS_ANALYSIS, Stage.DEMO])
    _walked(cast, [Stage.NEEDS_ANALYSIS])

    response = cast.client("director").get(
        reverse("crm:pipeline_funnel"), {"start": "2026-08-01", "end": "2026-08-31"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="funnel-data"' in page and "50.0%" in page


def test_a_funnel_that_ends_before_it_starts_is_refused(cast):
    response = cast.client("director").get(
        reverse("crm:pipeline_funnel"), {"start": "2026-08-31", "end": "2026-08-01"}
    )

    assert response.status_code == 400
    assert "end" in response.context["form"].errors


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _many(cast, count: int) -> None:
    rep = cast.people["rep1"]
    for index in range(count):
        stage = queries.BOARD_STAGES[index % 4]
        OpportunityFactory(employee=rep, customer=cast.customers["A"], stage=stage)
        LeadFactory(employee=rep)


@pytest.mark.parametrize(
    "route",
    ["crm:pipeline_board", "crm:opportunity_list", "crm:lead_list"],
)
@pytest.mark.parametrize("who", ["rep1", "manager", "director"])
def test_the_lists_and_board_cost_the_same_for_few_and_many(cast, route, who):
    client = cast.client(who)
    url = reverse(route)

    _many(cast, 4)
    few = _queries(client, url)
    _many(cast, 150)
    many = _queries(client, url)

    assert few == many


def test_the_opportunity_download_holds_what_the_list_shows(cast):
    mine = _opportunity(cast)
    theirs = _opportunity(cast, who="rep4", customer="D")

    response = cast.client("rep1").get(
        reverse("crm:opportunity_list"), {"download": "csv"}
    )

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert mine.opportunity_no in text and "100000.00" in text
    assert theirs.opportunity_no not in text


def test_the_lead_download_holds_the_reps_leads(cast):
    LeadFactory(employee=cast.people["rep1"], lead_no="L-MINE")
    LeadFactory(employee=cast.people["rep4"], lead_no="L-THEIRS")

    response = cast.client("rep1").get(reverse("crm:lead_list"), {"download": "csv"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "L-MINE" in text and "L-THEIRS" not in text
