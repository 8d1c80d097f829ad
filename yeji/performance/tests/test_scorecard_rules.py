"""The rules of scorecard.md with small, hand-built data: what counts in a
period, who is on the scorecard, targets, scores, ranking and teams."""

from decimal import Decimal

import pytest
from django.core.paginator import Paginator

from yeji.performance.explain import scorecard_explain
from yeji.performance.models import ScorecardTemplate, TemplateDimension, TemplateMetric
from yeji.performance.periods import period_parse
from yeji.performance.scorecard import scorecard_as_json, scorecard_compute
from yeji.performance.tests import factories as f

pytestmark = pytest.mark.django_db


def scorecard(label=None, *, as_of="2027-01-01", **kwargs):
    start, end = kwargs.pop("start", None), kwargs.pop("end", None)
    period = period_parse(label, start=start, end=end, as_of=as_of)
    return scorecard_compute(period=period, **kwargs)


def target_labels(label, employee_no, metric):
    """The target rows an explanation names for a rep's metric."""
    period = period_parse(label, as_of="2027-01-01")
    explanation = scorecard_explain(
        period=period, employee_no=employee_no, metric=metric
    )
    return explanation.metrics[0].target_labels


def card_of(card, employee_no):
    return next(r for r in card.reps if r.employee_no == employee_no)


@pytest.fixture
def east():
    return f.team("EAST")


@pytest.fixture
def alice(east):
    return f.rep("E001", team=east)


# What counts in a period


def test_records_on_the_first_and_last_day_count_and_not_beyond(alice):
    for on in ["2026-06-30", "2026-07-01", "2026-09-30", "2026-10-01"]:
        f.order(alice, on, "100.00")
        f.complaint(alice, on)
        f.task(alice, on, on)

    rep = card_of(scorecard("2026-Q3"), "E001")

    assert rep.metrics["revenue"] == Decimal("200.00")
    assert rep.metrics["order_count"] == 2
    assert rep.metrics["complaints"] == 2
    assert rep.facts["tasks"] == 2


def test_only_confirmed_orders_are_revenue(alice):
    f.order(alice, "2026-07-05", "100.00")
    f.order(alice, "2026-07-05", "50.00", status="cancelled")
    f.order(alice, "2026-07-05", "30.00", status="returned")

    rep = card_of(scorecard("2026-07"), "E001")

    assert (rep.metrics["revenue"], rep.metrics["order_count"]) == (Decimal("100"), 1)


@pytest.mark.parametrize(
    ("visited_at", "in_july"),
    [
        ("2026-06-30T16:30:00Z", True),  # 00:30 on 1 July in Shanghai
        ("2026-06-30T15:59:00Z", False),  # 23:59 on 30 June in Shanghai
        ("2026-07-01T00:00:00+08:00", True),
        ("2026-06-30T23:59:59+08:00", False),
        ("2026-07-01 00:10", True),  # no offset: local time
        ("2026-07-31T23:59:00+08:00", True),
        ("2026-07-31T16:00:00Z", False),  # 00:00 on 1 August in Shanghai
    ],
)
def test_a_datetime_belongs_to_the_period_of_its_local_date(alice, visited_at, in_july):
    f.visit(alice, visited_at)

    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.metrics["visits"] == (1 if in_july else 0)


def test_response_time_applies_both_offsets(alice):
    # Opened 09:00 Shanghai time, answered 03:00 UTC = 11:00 Shanghai time.
    f.request(alice, "2026-07-01T09:00:00+08:00", "2026-07-01T03:00:00Z")

    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.metrics["median_response_hours"] == pytest.approx(2.0)


def test_median_response_of_an_even_count_is_the_mean_of_the_middle_two(alice):
    for hours in [1, 2, 4, 30]:
        f.request(
            alice,
            "2026-07-02T10:00:00+08:00",
            f"2026-07-0{2 + hours // 24}T{10 + hours % 24:02d}:00:00+08:00",
        )
    f.request(alice, "2026-07-03T10:00:00+08:00")  # unanswered: not in the median

    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.metrics["median_response_hours"] == pytest.approx(3.0)
    assert rep.metrics["unanswered_requests"] == 1


def test_median_response_counts_an_answer_after_the_period(alice):
    f.request(alice, "2026-07-31T22:00:00+08:00", "2026-08-01T01:00:00+08:00")
    f.request(alice, "2026-07-31T22:00:00+08:00", "2026-08-01T03:00:00+08:00")
    f.request(alice, "2026-07-31T22:00:00+08:00", "2026-08-01T08:00:00+08:00")

    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.metrics["median_response_hours"] == pytest.approx(5.0)


def test_no_answered_request_leaves_the_median_absent(alice):
    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.metrics["median_response_hours"] is None
    assert rep.metric_scores["median_response_hours"] is None


def test_survey_rates_and_nps(alice):
    for recommend in [10, 9, 8, 6, 3]:
        f.survey(alice, "2026-07-10", satisfaction=4, recommend=recommend)
    f.survey(alice, "2026-08-10", satisfaction=1, recommend=0)  # another month

    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.metrics["avg_satisfaction"] == pytest.approx(4.0)
    assert rep.metrics["recommendation_rate"] == pytest.approx(0.4)
    assert rep.metrics["nps"] == pytest.approx(0.0)


def test_a_task_completed_late_or_never_is_not_on_time(alice):
    f.task(alice, "2026-07-10", "2026-07-10")
    f.task(alice, "2026-07-10", "2026-07-09")
    f.task(alice, "2026-07-10", "2026-07-11")
    f.task(alice, "2026-07-10")

    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.metrics["task_on_time_rate"] == pytest.approx(0.5)


def test_customer_growth_rate_counts_the_base_before_the_period(alice, east):
    for on in ["2025-01-01", "2026-06-30", "2026-07-01", "2026-07-31", "2026-08-01"]:
        f.customer(alice, on)
    bob = f.rep("E002", team=east)
    f.customer(bob, "2026-07-05")  # bob has no base: no growth rate

    card = scorecard("2026-07")

    alice_card = card_of(card, "E001")
    assert alice_card.metrics["new_customers"] == 2
    assert alice_card.metrics["customer_growth_rate"] == pytest.approx(1.0)
    assert card_of(card, "E002").metrics["customer_growth_rate"] is None


def test_assessments_average_by_kind(alice):
    f.assessment(alice, "knowledge", "2026-07-01", "80")
    f.assessment(alice, "knowledge", "2026-07-20", "91")
    f.assessment(alice, "teamwork", "2026-07-20", "70.5")
    f.assessment(alice, "teamwork", "2026-06-20", "10")

    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.metrics["knowledge_score"] == pytest.approx(85.5)
    assert rep.metrics["teamwork_score"] == pytest.approx(70.5)
    assert rep.metrics["communication_score"] is None
    assert rep.dimensions["quality"] == pytest.approx((85.5 + 70.5) / 2)


# Who is on the scorecard


def test_only_reps_employed_in_the_period_are_on_the_scorecard(east):
    f.rep("E001", team=east)
    f.rep("E002", team=east, hired_on="2026-09-30")
    f.rep("E003", team=east, left_on="2026-07-01", hired_on="2020-01-01")
    f.rep("E004", team=east, left_on="2026-06-30")
    f.rep("E005", team=east, hired_on="2026-10-01")
    f.rep("E006", team=east, role="manager")

    card = scorecard("2026-Q3")

    assert sorted(r.employee_no for r in card.reps) == ["E001", "E002", "E003"]


def test_visits_per_week_counts_only_days_employed(east):
    joiner = f.rep("E001", team=east, hired_on="2026-08-01")  # 61 days of Q3
    leaver = f.rep("E002", team=east, left_on="2026-07-14")  # 14 days of Q3
    for _ in range(6):
        f.visit(joiner, "2026-08-03T10:00:00+08:00")
        f.visit(leaver, "2026-07-03T10:00:00+08:00")
    f.visit(leaver, "2026-08-20T10:00:00+08:00")  # after leaving: still counts

    card = scorecard("2026-Q3")

    joiner_card, leaver_card = card_of(card, "E001"), card_of(card, "E002")
    assert joiner_card.employed_days == 61
    assert joiner_card.metrics["visits_per_week"] == pytest.approx(6 / (61 / 7))
    assert leaver_card.employed_days == 14
    assert leaver_card.metrics["visits"] == 7
    assert leaver_card.metrics["visits_per_week"] == pytest.approx(3.5)


def test_as_of_cuts_an_unfinished_period(alice):
    f.order(alice, "2026-08-15", "100.00")
    f.order(alice, "2026-08-16", "999.00")
    for _ in range(2):
        f.visit(alice, "2026-07-02T10:00:00+08:00")

    card = scorecard("2026-Q3", as_of="2026-08-15")

    rep = card_of(card, "E001")
    assert rep.metrics["revenue"] == Decimal("100.00")
    assert rep.employed_days == 46
    assert rep.metrics["visits_per_week"] == pytest.approx(2 / (46 / 7))
    assert scorecard_as_json(card)["period"] == {
        "label": "2026-Q3",
        "start": "2026-07-01",
        "end": "2026-09-30",
    }


def test_custom_range_counts_its_dates_and_has_no_target(alice):
    f.target(alice, "2026-07", "revenue", "1000")
    f.order(alice, "2026-07-09", "1.00")
    f.order(alice, "2026-07-10", "10.00")
    f.order(alice, "2026-07-20", "20.00")
    f.order(alice, "2026-07-21", "300.00")

    card = scorecard(start="2026-07-10", end="2026-07-20")

    rep = card_of(card, "E001")
    assert card.period.label == "2026-07-10..2026-07-20"
    assert rep.metrics["revenue"] == Decimal("30.00")
    assert rep.employed_days == 11
    assert rep.targets["revenue"] is None
    assert rep.metric_scores["revenue"] is None
    assert rep.dimensions["sales"] is None


# Targets


def test_target_by_the_period_own_label(alice):
    f.target(alice, "2026-Q3", "revenue", "1000")
    f.target(alice, "2026-07", "revenue", "1")  # not used: the quarter has its own
    f.order(alice, "2026-07-05", "250.00")

    rep = card_of(scorecard("2026-Q3"), "E001")

    assert rep.targets["revenue"] == Decimal("1000")
    assert target_labels("2026-Q3", "E001", "revenue") == ["2026-Q3"]
    assert rep.metric_scores["revenue"] == pytest.approx(25.0)


def test_quarter_target_sums_its_three_months(alice):
    for month in ["2026-07", "2026-08", "2026-09"]:
        f.target(alice, month, "orders", "10")

    rep = card_of(scorecard("2026-Q3"), "E001")

    assert rep.targets["order_count"] == Decimal("30")


def test_quarter_with_a_month_target_missing_has_no_target(alice):
    f.target(alice, "2026-07", "orders", "10")
    f.target(alice, "2026-08", "orders", "10")
    f.order(alice, "2026-07-05")

    rep = card_of(scorecard("2026-Q3"), "E001")

    assert rep.targets["order_count"] is None
    assert rep.metric_scores["order_count"] is None


def test_year_target_sums_quarters_found_by_label_or_months(alice):
    f.target(alice, "2026-Q1", "new_customers", "5")
    f.target(alice, "2026-Q2", "new_customers", "5")
    for month in ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]:
        f.target(alice, month, "new_customers", "1")

    rep = card_of(scorecard("2026"), "E001")

    assert rep.targets["new_customers"] == Decimal("16")
    assert target_labels("2026", "E001", "new_customers") == [
        "2026-Q1",
        "2026-Q2",
        "2026-07",
        "2026-08",
        "2026-09",
        "2026-10",
        "2026-11",
        "2026-12",
    ]


def test_year_target_by_its_own_label_and_missing_when_a_quarter_is(east):
    own = f.rep("E001", team=east)
    partial = f.rep("E002", team=east)
    f.target(own, "2026", "revenue", "5000")
    for quarter in ["2026-Q1", "2026-Q2", "2026-Q3"]:
        f.target(partial, quarter, "revenue", "100")

    card = scorecard("2026")

    assert card_of(card, "E001").targets["revenue"] == Decimal("5000")
    assert card_of(card, "E002").targets["revenue"] is None


def test_month_has_only_its_own_target(alice):
    f.target(alice, "2026-Q3", "revenue", "3000")

    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.targets["revenue"] is None


# Scores


def test_absent_metrics_leave_the_weighted_mean_to_those_present(alice):
    # Sales: only revenue has a target (half reached); orders and new
    # customers have none, so the dimension is the revenue score alone.
    f.target(alice, "2026-07", "revenue", "200")
    f.order(alice, "2026-07-05", "100.00")
    # Satisfaction: no surveys, no complaints: only complaints scores (100).
    # Efficiency: no visits (0), one task on time (100), no requests.
    f.task(alice, "2026-07-10", "2026-07-10")
    # Quality: nothing, so absent.

    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.dimensions["sales"] == pytest.approx(50.0)
    assert rep.dimensions["satisfaction"] == pytest.approx(100.0)
    assert rep.dimensions["efficiency"] == pytest.approx((0.4 * 0 + 0.4 * 100) / 0.8)
    assert rep.dimensions["quality"] is None
    assert rep.score == pytest.approx((40 * 50 + 25 * 100 + 20 * 50) / 85)
    assert rep.grade == "C"


def test_scores_clamp_between_zero_and_one_hundred(alice):
    f.target(alice, "2026-07", "revenue", "100")
    f.order(alice, "2026-07-05", "250.00")
    for _ in range(7):
        f.complaint(alice, "2026-07-06")
    f.request(alice, "2026-07-01T09:00:00+08:00", "2026-07-04T09:00:00+08:00")

    rep = card_of(scorecard("2026-07"), "E001")

    assert rep.metric_scores["revenue"] == 100.0
    assert rep.metric_scores["complaints"] == 0.0
    assert rep.metric_scores["median_response_hours"] == 0.0


@pytest.mark.parametrize(
    ("knowledge", "grade"),
    [
        ("90", "S"),
        ("89.99", "A"),
        ("80", "A"),
        ("70", "B"),
        ("60", "C"),
        ("59.99", "D"),
    ],
)
def test_grade_follows_the_unrounded_score(alice, knowledge, grade):
    quality_only = _template(
        "quality only",
        [("quality", "1")],
        [
            ("quality", "knowledge_score", "1", "0", "100"),
        ],
    )
    f.assessment(alice, "knowledge", "2026-07-01", knowledge)

    rep = card_of(scorecard("2026-07", template=quality_only), "E001")

    assert rep.grade == grade


def _template(name, dimensions, metrics):
    template = ScorecardTemplate.objects.create(name=name)
    for dimension, weight in dimensions:
        TemplateDimension.objects.create(
            template=template, dimension=dimension, weight=Decimal(weight)
        )
    for dimension, metric, weight, zero, full in metrics:
        TemplateMetric.objects.create(
            template=template,
            dimension=dimension,
            metric=metric,
            weight=Decimal(weight),
            zero=Decimal(zero),
            full=Decimal(full),
        )
    return template


def test_a_named_template_changes_the_scores(alice):
    _template(
        "visits",
        [("efficiency", "1")],
        [
            ("efficiency", "visits", "1", "0", "10"),
        ],
    )
    for _ in range(4):
        f.visit(alice, "2026-07-02T10:00:00+08:00")

    card = scorecard("2026-07", template="visits")

    assert card.template_name == "visits"
    assert card_of(card, "E001").score == pytest.approx(40.0)
    assert set(card_of(card, "E001").dimensions) == {"efficiency"}


# Ranking


def test_ties_go_to_higher_revenue_then_smaller_employee_no(east):
    template = _template(
        "quality only",
        [("quality", "1")],
        [
            ("quality", "knowledge_score", "1", "0", "100"),
        ],
    )
    # Code-point order: "E10" < "E9" and "E9" < "e1".
    for no, score, revenue in [
        ("E9", "80", "100"),
        ("E10", "80", "100"),
        ("e1", "80", "100"),
        ("E5", "80", "500"),
        ("E7", "95", "1"),
        ("E8", None, "50"),
        ("E6", None, "50"),
        ("E4", None, "70"),
    ]:
        person = f.rep(no, team=east)
        if score:
            f.assessment(person, "knowledge", "2026-07-01", score)
        f.order(person, "2026-07-02", revenue)

    card = scorecard("2026-07", template=template)

    assert [r.employee_no for r in card.reps] == [
        "E7",
        "E5",
        "E10",
        "E9",
        "e1",
        "E4",
        "E6",
        "E8",
    ]
    assert [r.rank for r in card.reps] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert card.reps[-1].score is None and card.reps[-1].grade is None


# Teams


@pytest.fixture
def company():
    hq = f.team("HQ")
    north = f.team("NORTH", hq)
    south = f.team("SOUTH", hq)
    n1 = f.team("N1", north)
    n2 = f.team("N2", north)
    f.team("S1", south)
    a = f.rep("A1", team=n1)
    b = f.rep("B1", team=n2)
    c = f.rep("C1", team=hq)
    for person, amount in [(a, "10.00"), (b, "20.00"), (c, "40.00")]:
        f.order(person, "2026-07-02", amount)
        f.visit(person, "2026-07-02T10:00:00+08:00")
    f.complaint(b, "2026-07-03")
    gone = f.rep("G1", team=n1, left_on="2026-06-01")
    f.order(gone, "2026-07-02", "1000.00")  # not on the scorecard: not summed


def test_team_sums_cover_the_team_subtree_in_code_order(company):
    teams = scorecard_as_json(scorecard("2026-07"))["teams"]

    assert [t["team_code"] for t in teams] == ["HQ", "N1", "N2", "NORTH", "S1", "SOUTH"]
    by_code = {t["team_code"]: t for t in teams}
    assert by_code["HQ"] == {
        "team_code": "HQ",
        "revenue": "70.00",
        "order_count": 3,
        "new_customers": 0,
        "complaints": 1,
        "visits": 3,
    }
    assert by_code["NORTH"]["revenue"] == "30.00"
    assert by_code["SOUTH"]["revenue"] == "0.00"
    assert by_code["N2"]["complaints"] == 1


def test_team_option_limits_reps_and_teams_to_the_subtree(company):
    card = scorecard("2026-07", team_code="NORTH")

    assert sorted(r.employee_no for r in card.reps) == ["A1", "B1"]
    assert [t.team_code for t in card.teams] == ["N1", "N2", "NORTH"]
    assert card.teams[-1].revenue == Decimal("30.00")


# Output


def test_json_rounds_half_to_even_and_writes_absent_as_null(alice):
    for recommend in [9, 9, 0]:
        f.survey(alice, "2026-07-10", satisfaction=5, recommend=recommend)

    rep = scorecard_as_json(scorecard("2026-07"))["reps"][0]

    assert rep["metrics"]["recommendation_rate"] == 0.6667
    assert rep["metrics"]["revenue"] == "0.00"
    assert rep["metrics"]["order_count"] == 0
    assert rep["metrics"]["median_response_hours"] is None
    assert rep["dimensions"]["quality"] is None


# Explanation


def test_explanation_records_page_like_a_queryset(alice):
    for day_of_month in range(1, 26):
        f.order(alice, f"2026-07-{day_of_month:02d}", "10.00")
    period = period_parse("2026-07", as_of="2027-01-01")

    explanation = scorecard_explain(period=period, employee_no="E001", metric="revenue")
    page = Paginator(explanation.metrics[0].records, 10).page(3)

    assert page.paginator.count == 25
    assert [row.date.day for row in page.object_list] == [21, 22, 23, 24, 25]
    assert page.object_list[0].value == Decimal("10.00")


def test_explanation_shows_how_weights_make_the_total(alice):
    f.target(alice, "2026-07", "revenue", "200")
    f.order(alice, "2026-07-05", "100.00")
    period = period_parse("2026-07", as_of="2027-01-01")

    explanation = scorecard_explain(period=period, employee_no="E001")

    sales = next(d for d in explanation.dimensions if d.dimension == "sales")
    assert sales.weight == Decimal("40")
    assert sales.metrics[0] == ("revenue", Decimal("0.6"))
    assert sales.score == pytest.approx(50.0)
    revenue = next(m for m in explanation.metrics if m.metric == "revenue")
    assert (revenue.zero, revenue.full, revenue.target) == (0, 200, 200)
    assert revenue.score == pytest.approx(50.0)
    assert explanation.score == explanation.card.score
