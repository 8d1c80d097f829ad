"""The scorecard page: the ranked table a user sees for a period."""

import pytest
from django.urls import reverse

from yeji.performance.periods import period_parse
from yeji.performance.scorecard import scorecard_compute
from yeji.web import formats
from yeji.web.tests.conftest import PERIOD_QUERY


@pytest.mark.django_db
def test_scorecard_shows_every_rep_with_the_engines_figures(company):
    response = company.client("director").get(reverse("web:scorecard"), PERIOD_QUERY)

    assert response.status_code == 200
    html = response.content.decode()
    card = scorecard_compute(period=period_parse("2026-Q3", as_of="2026-09-30"))
    rows = response.context["rows"]
    assert [r.employee_no for r in rows] == [r.employee_no for r in card.reps]
    for row, rep in zip(rows, card.reps, strict=True):
        assert row.rank == rep.rank
        assert formats.score(rep.score) in html
        assert formats.money(rep.metrics["revenue"]) in html
