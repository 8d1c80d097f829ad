"""The scorecard page: the ranked table a user sees for a period."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from yeji.performance.models import ScorecardTemplate
from yeji.performance.queries import period_parse, scorecard_compute
from yeji.web import formats
from yeji.web.tests import factories as f
from yeji.web.tests.conftest import PERIOD_QUERY

pytestmark = pytest.mark.django_db


def test_scorecard_shows_every_rep_with_the_engines_figures(company):
    response = company.client("director").get(reverse("web:scorecard"), PERIOD_QUERY)

    assert response.status_code == 200
    html = response.content.decode()
    card = scorecard_compute(period=period_parse("2026-Q3", as_of="2026-09-30"))
    rows = response.context["rows"]
    assert [r.employee_no for r in rows] == ["E0001", "E0002", "E0003", "E0004"]
    assert [r.employee_no for r in rows] == [r.employee_no for r in card.reps]
    for row, rep in zip(rows, card.reps, strict=True):
        assert row.rank == rep.rank
        assert row.score == rep.score
        assert row.grade == rep.grade
        assert row.dimension_scores == [
            rep.dimensions[d]
            for d in ("sales", "satisfaction", "efficiency", "quality")
        ]
        assert f'href="/scorecard/{rep.employee_no}/?' in html
        assert rep.name in html
        assert formats.score(rep.score) in html
        assert f"grade-{rep.grade}" in html
        assert formats.money(rep.metrics["revenue"]) in html


def test_scorecard_writes_money_grouped_with_the_currency_sign(company):
    response = company.client("director").get(reverse("web:scorecard"), PERIOD_QUERY)

    # rep1's confirmed orders: 12,345.60 + 2,000.00 + 654.40; the cancelled
    # one is left out.
    assert "¥15,000.00" in response.content.decode()


def test_scorecard_scores_have_one_decimal(company):
    response = company.client("director").get(reverse("web:scorecard"), PERIOD_QUERY)

    rep1 = response.context["rows"][0]
    html = response.content.decode()
    assert rep1.score is not None
    assert f">{rep1.score:.1f}<" in html


def test_scorecard_defaults_to_the_quarter_of_the_as_of_date(company):
    response = company.client("director").get(
        reverse("web:scorecard"), {"as_of": "2026-08-15"}
    )

    assert response.status_code == 200
    period = response.context["period"]
    assert (period.label, str(period.effective_end)) == ("2026-Q3", "2026-08-15")
    assert 'value="2026-Q3" selected' in response.content.decode()


def test_scorecard_counts_an_unfinished_period_up_to_the_as_of_date(company):
    # rep1's orders fall on 3, 18 and 27 July; as of 20 July two count.
    response = company.client("director").get(
        reverse("web:scorecard"), {"period": "2026-07", "as_of": "2026-07-20"}
    )

    html = response.content.decode()
    assert "¥14,345.60" in html
    assert "2026-07-20" in html


def test_scorecard_takes_a_range_of_dates(company):
    response = company.client("director").get(
        reverse("web:scorecard"),
        {"start": "2026-07-10", "end": "2026-07-31", "as_of": "2026-09-30"},
    )

    assert response.status_code == 200
    assert response.context["period"].label == "2026-07-10..2026-07-31"
    assert "¥2,654.40" in response.content.decode()


def test_scorecard_refuses_a_period_and_a_range_together(company):
    response = company.client("director").get(
        reverse("web:scorecard"),
        {"period": "2026-Q3", "start": "2026-07-10", "end": "2026-07-31"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "either a period or a range of dates" in response.content.decode()


def test_scorecard_explains_a_malformed_period(company):
    response = company.client("director").get(
        reverse("web:scorecard"), {"period": "2026-Q5"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "2026-Q5" in response.content.decode()
    assert "rows" not in response.context


def test_scorecard_of_a_team_lists_the_reps_of_its_subtree(company):
    response = company.client("director").get(
        reverse("web:scorecard"), {**PERIOD_QUERY, "team": "EAST"}
    )

    rows = response.context["rows"]
    assert [r.employee_no for r in rows] == ["E0001", "E0002", "E0003"]


def test_scorecard_links_each_rep_to_their_page_for_the_same_period(company):
    response = company.client("director").get(reverse("web:scorecard"), PERIOD_QUERY)

    assert (
        'href="/scorecard/E0002/?period=2026-Q3&amp;as_of=2026-09-30"'
        in response.content.decode()
    )


def test_scorecard_query_count_does_not_grow_with_reps(
    company, django_assert_max_num_queries
):
    client = company.client("director")
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("web:scorecard"), PERIOD_QUERY)
    for _n in range(30):
        f.OrderFactory(employee=f.EmployeeFactory(team=company.teams["WEST-1"]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("web:scorecard"), PERIOD_QUERY)
    assert len(response.context["rows"]) == 34


def test_scorecard_pages_a_long_list_keeping_ranks(company, monkeypatch):
    monkeypatch.setattr("yeji.web.views.ROWS_PER_PAGE", 3)
    client = company.client("director")

    first = client.get(reverse("web:scorecard"), PERIOD_QUERY)
    second = client.get(reverse("web:scorecard"), {**PERIOD_QUERY, "page": "2"})

    assert [r.rank for r in first.context["rows"]] == [1, 2, 3]
    assert [(r.rank, r.employee_no) for r in second.context["rows"]] == [(4, "E0004")]
    assert "page=2" in first.content.decode()


def test_team_totals_are_shown_for_the_teams_a_manager_sees_whole(company):
    response = company.client("region_manager").get(
        reverse("web:scorecard"), PERIOD_QUERY, HTTP_ACCEPT_LANGUAGE="en"
    )

    totals = {t.team_code: t for t, _name in response.context["team_totals"]}
    assert sorted(totals) == ["EAST", "EAST-1", "EAST-2"]
    # EAST sums rep1 (15,000), rep2 (8,000) and rep3 (5,000).
    assert totals["EAST"].revenue == 28000
    assert "¥28,000.00" in response.content.decode()


def test_a_rep_sees_no_team_totals(company):
    response = company.client("rep1").get(reverse("web:scorecard"), PERIOD_QUERY)

    assert response.context["team_totals"] == []


def test_scorecard_uses_the_template_chosen(company):
    default = ScorecardTemplate.objects.get(is_default=True)
    sales_only = ScorecardTemplate.objects.create(name="sales-only")
    for row in default.dimensions.all():
        weight = 1 if row.dimension == "sales" else 0
        sales_only.dimensions.create(dimension=row.dimension, weight=weight)
    for row in default.metrics.all():
        sales_only.metrics.create(
            dimension=row.dimension,
            metric=row.metric,
            weight=row.weight,
            zero=row.zero,
            full=row.full,
            full_target=row.full_target,
        )

    response = company.client("director").get(
        reverse("web:scorecard"), {**PERIOD_QUERY, "template": "sales-only"}
    )

    # Only sales counts: rep2's 8,000 of 10,000 (80) beats rep1's 70.
    rows = response.context["rows"]
    assert [r.employee_no for r in rows][:2] == ["E0002", "E0001"]
    for row in rows:
        assert row.score == pytest.approx(row.dimension_scores[0])
    html = response.content.decode()
    assert '<option value="sales-only" selected>' in html
    assert "template=sales-only" in html


def test_scorecard_refuses_an_unknown_template(company):
    response = company.client("director").get(
        reverse("web:scorecard"), {**PERIOD_QUERY, "template": "nope"}
    )

    assert response.status_code == 400


def test_every_figure_of_the_scorecard_links_to_the_records_behind_it(company):
    response = company.client("director").get(reverse("web:scorecard"), PERIOD_QUERY)

    html = response.content.decode()
    base = "/scorecard/E0001/?period=2026-Q3&amp;as_of=2026-09-30"
    assert f'href="{base}&amp;metric=revenue">¥15,000.00</a>' in html
    for dimension in ("sales", "satisfaction", "efficiency", "quality"):
        assert f'href="{base}#dim-{dimension}"' in html
    rep_page = company.client("director").get(
        reverse("web:rep", args=["E0001"]), {**PERIOD_QUERY, "metric": "revenue"}
    )
    assert 'id="dim-sales"' in rep_page.content.decode()
    assert "12,345.60" in rep_page.content.decode()


def _download(company, who: str, fmt: str, **query):
    response = company.client(who).get(
        reverse("web:scorecard"), {**PERIOD_QUERY, **query, "download": fmt}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return response, body


def test_scorecard_downloads_as_csv_with_the_rows_and_figures_shown(company):
    page = company.client("manager").get(reverse("web:scorecard"), PERIOD_QUERY)
    response, body = _download(company, "manager", "csv")

    assert "scorecard-2026-Q3.csv" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert lines[0][:3] == ["排名（本表内）", "工号", "姓名"]
    rows = page.context["rows"]
    assert [line[1] for line in lines[1:]] == [r.employee_no for r in rows]
    for line, row in zip(lines[1:], rows, strict=True):
        assert line[0] == str(row.rank)
        assert line[8] == formats.score(row.score)
        assert line[9] == (row.grade or "")
        assert line[10] == f"{row.revenue:.2f}"
    assert "E0003" not in body.decode("utf-8-sig")


def test_scorecard_downloads_as_xlsx(company):
    response, body = _download(company, "director", "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    values = list(sheet.values)
    assert [v[1] for v in values[1:]] == ["E0001", "E0002", "E0003", "E0004"]
    assert values[1][10] == 15000


def test_a_rep_downloads_only_their_own_line(company):
    _response, body = _download(company, "rep3", "csv")

    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [line[1] for line in lines[1:]] == ["E0003"]


def test_finance_cannot_download_the_scorecard(company):
    response = company.client("finance").get(
        reverse("web:scorecard"), {**PERIOD_QUERY, "download": "csv"}
    )

    assert response.status_code == 403
