"""Who sees which customer, and who may record its daily work.

A customer outside the user's sight answers 404 on every route, exactly
like one that does not exist; finance reads the customers and writes none
of their records; HR and a log-in without an employee see none.
"""

import csv
import io

import pytest
from django.urls import reverse

from yeji.crm.models import Visit
from yeji.crm.tests.routes import ROUTES

pytestmark = pytest.mark.django_db

CUSTOMER_ROUTES = [
    name for name, route in ROUTES.items() if route["record"] == "customer"
]
FORM_ROUTES = [name for name in CUSTOMER_ROUTES if name != "crm:customer_detail"]


def _codes(response) -> list[str]:
    return [c.code for c in response.context["rows"]]


@pytest.mark.parametrize("name", CUSTOMER_ROUTES)
@pytest.mark.parametrize("who", ["rep2", "rep3", "rep4", "hr"])
def test_a_customer_outside_sight_is_not_found(cast, name, who):
    client = cast.client(who)
    url = reverse(name, args=["C-A"])

    assert client.get(url).status_code == 404
    if name in FORM_ROUTES:
        assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", CUSTOMER_ROUTES)
def test_a_log_in_without_an_employee_sees_no_customer(cast, stranger, name):
    url = reverse(name, args=["C-A"])

    assert stranger.get(url).status_code == 404
    if name in FORM_ROUTES:
        assert stranger.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", CUSTOMER_ROUTES)
def test_a_customer_that_does_not_exist_is_not_found(cast, name):
    assert cast.client("rep1").get(reverse(name, args=["NOPE"])).status_code == 404


@pytest.mark.parametrize("who", ["rep1", "manager", "director", "admin", "finance"])
def test_the_owner_their_team_and_the_directors_see_the_customer(cast, who):
    response = cast.client(who).get(reverse("crm:customer_detail", args=["C-A"]))

    assert response.status_code == 200
    assert "甲公司" in response.content.decode()


@pytest.mark.parametrize("name", FORM_ROUTES)
def test_finance_reads_the_customer_but_may_not_record_its_work(cast, name):
    client = cast.client("finance")

    page = client.get(reverse("crm:customer_detail", args=["C-A"]))
    assert page.status_code == 200
    assert reverse("crm:visit_create", args=["C-A"]) not in page.content.decode()
    assert client.get(reverse(name, args=["C-A"])).status_code == 404
    assert client.post(reverse(name, args=["C-A"]), {}).status_code == 404


@pytest.mark.parametrize("who", ["finance", "hr", "rep3"])
def test_only_who_may_write_answers_a_request(cast, who):
    url = reverse("crm:request_answer", args=["R-A2"])

    assert cast.client(who).post(url, {}).status_code == 404
    assert cast.client("rep1").get(url).status_code == 200


def test_a_rep_lists_only_their_own_customers(cast):
    response = cast.client("rep1").get(reverse("crm:customer_list"))

    assert _codes(response) == ["C-A", "C-B"]
    assert response.context["page"].paginator.count == 2
    html = response.content.decode()
    assert "丙公司" not in html and "丁公司" not in html


def test_a_manager_lists_their_teams_customers_and_a_director_all(cast):
    manager = cast.client("manager").get(reverse("crm:customer_list"))
    director = cast.client("director").get(reverse("crm:customer_list"))

    assert _codes(manager) == ["C-A", "C-B"]
    assert _codes(director) == ["C-A", "C-B", "C-C", "C-D"]


def test_hr_lists_no_customer(cast):
    response = cast.client("hr").get(reverse("crm:customer_list"))

    assert _codes(response) == []
    assert response.context["page"].paginator.count == 0


def test_a_stranger_lists_no_customer(cast, stranger):
    response = stranger.get(reverse("crm:customer_list"))

    assert _codes(response) == []


def test_a_rep_cannot_filter_their_way_to_another_reps_customers(cast):
    client = cast.client("rep1")

    by_owner = client.get(reverse("crm:customer_list"), {"owner": "E0003"})
    by_team = client.get(reverse("crm:customer_list"), {"team": "EAST-2"})
    by_search = client.get(reverse("crm:customer_list"), {"q": "丙"})

    assert by_owner.status_code == 400
    assert by_team.status_code == 400
    assert _codes(by_search) == []


def test_the_list_filters_by_search_owner_team_level_and_industry(cast):
    client = cast.client("director")
    url = reverse("crm:customer_list")

    assert _codes(client.get(url, {"q": "c-c"})) == ["C-C"]
    assert _codes(client.get(url, {"q": "乙"})) == ["C-B"]
    assert _codes(client.get(url, {"owner": "E0004"})) == ["C-D"]
    assert _codes(client.get(url, {"team": "EAST"})) == ["C-A", "C-B", "C-C"]
    assert _codes(client.get(url, {"level": "a"})) == ["C-A"]
    assert _codes(client.get(url, {"industry": "制造"})) == ["C-A", "C-C"]
    assert _codes(client.get(url, {"sort": "-code"})) == ["C-D", "C-C", "C-B", "C-A"]


def test_the_list_shows_last_contact_and_next_follow_up(cast):
    response = cast.client("rep1").get(reverse("crm:customer_list"))

    rows = {c.code: c for c in response.context["rows"]}
    assert str(rows["C-A"].last_contact_on) == "2026-08-20"
    assert str(rows["C-A"].next_follow_up_on) == "2026-09-01"
    assert rows["C-B"].last_contact_on is None
    html = response.content.decode()
    assert "2026-08-20" in html and "2026-09-01" in html


@pytest.mark.parametrize("who", ["rep1", "manager", "director", "hr"])
def test_the_download_holds_the_rows_of_the_list(cast, who):
    client = cast.client(who)
    query = {"industry": "制造"} if who == "director" else {}

    page = client.get(reverse("crm:customer_list"), query)
    download = client.get(reverse("crm:customer_list"), {**query, "download": "csv"})

    body = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [r[0] for r in rows[1:]] == _codes(page)
    assert rows[0][0] == "编码"


def test_the_xlsx_download_holds_the_rows_of_the_list(cast):
    from openpyxl import load_workbook

    client = cast.client("manager")
    response = client.get(reverse("crm:customer_list"), {"download": "xlsx"})

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    codes = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert codes == ["C-A", "C-B"]


def test_the_customer_page_counts_only_records_in_sight(cast):
    """A visit logged at rep1's customer by a rep of another team is not
    shown to rep1 and does not count in rep1's figures."""
    from yeji.crm.tests.factories import VisitFactory

    VisitFactory(
        employee=cast.people["rep4"],
        customer=cast.customers["A"],
        summary="别组的拜访",
    )
    assert Visit.objects.filter(customer=cast.customers["A"]).count() == 3

    response = cast.client("rep1").get(reverse("crm:customer_detail", args=["C-A"]))
    director = cast.client("director").get(reverse("crm:customer_detail", args=["C-A"]))

    assert "别组的拜访" not in response.content.decode()
    assert "别组的拜访" in director.content.decode()


def test_a_list_past_the_count_limit_says_more_than_and_still_pages(cast, settings):
    settings.YEJI_LIST_COUNT_LIMIT = 3
    response = cast.client("director").get(reverse("crm:customer_list"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "符合条件的超过 3 条" in html
    assert response.context["page"].paginator.capped
    # The rows are all there, counting stopped at the limit only.
    assert _codes(response) == ["C-A", "C-B", "C-C", "C-D"]
