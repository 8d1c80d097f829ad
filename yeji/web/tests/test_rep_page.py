"""A rep's page: the explanation of every figure and the records behind it."""

import pytest
from django.urls import reverse

from yeji.web.tests.conftest import PERIOD_QUERY


@pytest.mark.django_db
def test_rep_page_shows_debug(company):
    response = company.client("director").get(
        reverse("web:rep", args=["E0001"]), PERIOD_QUERY
    )
    assert response.status_code == 200
