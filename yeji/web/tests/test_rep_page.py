"""A rep's page: the explanation of every figure and the records behind it."""

import datetime as dt

import pytest
from django.urls import reverse

from yeji.performance.queries import period_parse, scorecard_explain
from yeji.web import formats
from yeji.web.tests import factories as f
from yeji.web.tests.conftest import PERIOD_QUERY

pytestmark = pytest.mark.django_db


def _rep_page(company, employee_no="E0001", who="director", **query):
    return company.client(who).get(
        reverse("web:rep", args=[employee_no]),
        {**PERIOD_QUERY, **query},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_rep_page_shows_each_metric_with_its_points_score_and_weight(company):
    response = _rep_page(company)

    assert response.status_code == 200
    html = response.content.decode()
    explanation = scorecard_explain(
        period=period_parse("2026-Q3", as_of="2026-09-30"), employee_no="E0001"
    )
    assert formats.score(explanation.score) in html
    for metric in explanation.metrics:
        assert metric.label in html
        assert formats.metric_value(metric.value, metric.metric) in html
        if metric.score is not None:
            assert formats.score(metric.score) in html
    # The revenue target and where it comes from.
    assert "¥20,000.00" in html
    assert "(2026-Q3)" in html


def test_rep_page_writes_out_how_scores_combine(company):
    response = _rep_page(company)

    html = response.content.decode()
    # Revenue 15,000 of 20,000 scores 75; orders 3 of 4 score 75; new
    # customers 1 of 2 scores 50: (75×0.6 + 75×0.2 + 50×0.2) ÷ 1 = 70.
    assert "(75.0 × 0.6 + 75.0 × 0.2 + 50.0 × 0.2) ÷ 1 = 70.0" in html
    assert "× 40 +" in html and "÷ 100 =" in html


def test_rep_page_leaves_a_dimension_without_data_out_of_the_formula(company):
    # rep2 has orders and a revenue target only: no assessments, so the
    # quality dimension has no score and the overall weights sum to 85.
    response = _rep_page(company, "E0002")

    html = response.content.decode()
    assert "÷ 85 =" in html


def test_rep_page_lists_the_records_behind_each_figure(company):
    response = _rep_page(company)

    html = response.content.decode()
    order_nos = [
        no
        for no in f.OrderFactory._meta.model.objects.filter(
            employee__employee_no="E0001", status="confirmed"
        ).values_list("order_no", flat=True)
    ]
    for order_no in order_nos:
        assert order_no in html
    cancelled = f.OrderFactory._meta.model.objects.get(status="cancelled")
    assert cancelled.order_no not in html
    assert "2026-07-03" in html and "12,345.60" in html
    assert "Revenue: 3 records" in html
    assert "New customers: 1 record<" in html


def test_rep_page_caps_a_long_record_list_and_counts_it(company):
    # rep1 made 12 visits; the page lists 10 and says how many there are.
    response = _rep_page(company)

    html = response.content.decode()
    assert "Showing 10 of 12 records." in html
    assert "metric=visits" in html


def test_rep_page_names_a_visits_channel_rather_than_its_code(company):
    response = _rep_page(company)

    html = response.content.decode()
    assert ">On site<" in html
    assert ">onsite<" not in html


def test_rep_page_of_one_metric_pages_through_every_record(company):
    rep1 = company.people["rep1"]
    for _n in range(60):
        f.OrderFactory(employee=rep1, ordered_on=dt.date(2026, 9, 1), amount="1.00")

    first = _rep_page(company, metric="order_count")
    second = _rep_page(company, metric="order_count", page="2")

    assert first.status_code == second.status_code == 200
    assert "Page 1 of 2" in first.content.decode()
    assert len(first.context["dimensions"][0].metrics[0].records) == 50
    assert len(second.context["dimensions"][0].metrics[0].records) == 13
    assert "Page 2 of 2" in second.content.decode()


def test_rep_page_of_an_unknown_metric_is_not_found(company):
    assert _rep_page(company, metric="charm").status_code == 404


def test_rep_page_says_when_the_rep_was_not_employed_in_the_period(company):
    response = _rep_page(company, period="2023", as_of="2023-12-31")

    assert response.status_code == 200
    assert "not on the scorecard of this period" in response.content.decode()


def test_rep_page_of_someone_who_is_not_a_rep_is_not_found(company):
    assert _rep_page(company, "M002").status_code == 404


def test_rep_page_query_count_does_not_grow_with_records(
    company, django_assert_max_num_queries
):
    client = company.client("director")
    url = reverse("web:rep", args=["E0001"])
    with django_assert_max_num_queries(80) as few:
        client.get(url, PERIOD_QUERY)
    rep1 = company.people["rep1"]
    for _n in range(40):
        f.OrderFactory(employee=rep1, ordered_on=dt.date(2026, 9, 2))
        f.VisitFactory(employee=rep1, visited_on=dt.date(2026, 9, 3))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, PERIOD_QUERY)
    revenue = response.context["dimensions"][0].metrics[0]
    assert (revenue.item.metric, revenue.record_count) == ("revenue", 43)
