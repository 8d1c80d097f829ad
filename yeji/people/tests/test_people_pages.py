"""The people list and an employee's page, as each role of the cast sees them.

HR, directors and administrators see everyone; a manager the people of
their team and the teams below it; a rep themself; finance no one.  Base
salaries show to HR, directors and administrators only.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yeji.org.models import Employee, Role
from yeji.people.models import AssessmentKind
from yeji.web.tests import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("people:list")
EVERYONE = {
    "A001", "D001", "E0001", "E0002", "E0003", "E0004",
    "F001", "H001", "M001", "M002",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def page_of(person: str) -> str:
    return reverse("people:person", args=[person])


def listed(client, **query) -> list[str]:
    response = client.get(LIST, query)
    assert response.status_code == 200
    return [p.employee_no for p in response.context["people"]]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("director", EVERYONE),
        ("hr", EVERYONE),
        ("admin", EVERYONE),
        ("region_manager", {"M001", "M002", "E0001", "E0002", "E0003"}),
        ("manager", {"M002", "E0001", "E0002"}),
        ("rep3", {"E0003"}),
        ("finance", set()),
    ],
)
def test_list_shows_the_people_in_sight(company, who, expected):
    assert set(listed(company.client(who))) == expected


def test_a_login_without_an_employee_lists_no_one(company, stranger):
    response = stranger.get(LIST)

    assert response.status_code == 200
    assert list(response.context["people"]) == []
    assert "No employee you can see matches." in response.content.decode()


@pytest.mark.parametrize(
    ("who", "hidden"),
    [
        ("rep1", "E0002"),
        ("manager", "E0003"),
        ("region_manager", "E0004"),
        ("region_manager", "H001"),
        ("finance", "E0001"),
        ("finance", "F001"),
    ],
)
def test_an_employee_out_of_sight_answers_404_like_a_missing_one(company, who, hidden):
    client = company.client(who)

    assert client.get(page_of(hidden)).status_code == 404
    assert client.get(page_of("NOBODY")).status_code == 404
    assert hidden not in listed(client)


def test_the_stranger_gets_404_on_every_employee(company, stranger):
    assert stranger.get(page_of("E0001")).status_code == 404


@pytest.mark.parametrize("url", [LIST, "/people/E0001/"])
def test_anonymous_users_are_sent_to_log_in(company, client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_filters_by_team_below_it_role_and_leaving(company):
    Employee.objects.filter(employee_no="E0002").update(left_on=dt.date(2025, 6, 30))
    client = company.client("director")

    assert set(listed(client, team="EAST")) == {
        "M001",
        "M002",
        "E0001",
        "E0002",
        "E0003",
    }
    assert set(listed(client, team="EAST-1", role=Role.REP)) == {"E0001", "E0002"}
    assert listed(client, employment="left") == ["E0002"]
    assert "E0002" not in listed(client, employment="current")
    assert len(listed(client, employment="current")) == 9


def test_a_team_out_of_sight_answers_404(company):
    assert company.client("manager").get(LIST, {"team": "WEST-1"}).status_code == 404
    assert company.client("rep1").get(LIST, {"team": "EAST-1"}).status_code == 404


def test_a_rep_is_offered_no_team_filter(company):
    html = company.client("rep1").get(LIST).content.decode()

    assert 'name="team"' not in html
    assert 'name="role"' in html


def test_an_unknown_filter_value_is_shown_next_to_its_field(company):
    response = company.client("director").get(LIST, {"role": "pilot"})

    assert response.status_code == 400
    assert response.context["form"].errors["role"]


def test_list_is_paginated(company):
    team = company.teams["WEST-1"]
    for n in range(60):
        f.EmployeeFactory(employee_no=f"W{n:03d}", team=team)
    client = company.client("director")

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(first.context["people"]) == 50
    assert len(second.context["people"]) == 20
    assert "Page 1 of 2" in first.content.decode()


def test_list_query_count_does_not_grow_with_the_rows(company):
    client = company.client("hr")
    team = company.teams["WEST-1"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    assert Employee.objects.count() == 10
    few = queries()
    f.EmployeeFactory.create_batch(190, team=team)
    many = queries()

    assert Employee.objects.count() == 200
    assert few == many


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("hr", True),
        ("director", True),
        ("admin", True),
        ("manager", False),
        ("rep1", False),
    ],
)
def test_base_salary_shows_only_to_hr_directors_and_admins(company, who, sees):
    Employee.objects.filter(employee_no="E0001").update(base_salary=Decimal("12345.50"))
    client = company.client(who)

    listing = client.get(LIST).content.decode()
    page = client.get(page_of("E0001")).content.decode()
    download = b"".join(client.get(LIST, {"download": "csv"}).streaming_content)

    assert ("¥12,345.50" in listing) is sees
    assert ("¥12,345.50" in page) is sees
    assert ("Base salary" in page) is sees
    assert (b"12345.50" in download) is sees


def test_download_csv_holds_the_filtered_rows(company):
    client = company.client("region_manager")

    response = client.get(LIST, {"download": "csv", "team": "EAST-1"})

    assert response["Content-Disposition"].startswith("attachment")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Employee no.", "Name", "Team code"]
    assert [r[0] for r in rows[1:]] == ["E0001", "E0002", "M002"]
    assert rows[1][4] == "Sales rep"


def test_download_xlsx_of_a_rep_holds_only_themself(company):
    response = company.client("rep1").get(LIST, {"download": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response))).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert [r[0] for r in values[1:]] == ["E0001"]
    assert values[1][5] == dt.datetime(2024, 1, 1)  # noqa: DTZ001


def test_finance_downloads_an_empty_list(company):
    response = company.client("finance").get(LIST, {"download": "csv"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 1


def test_employee_page_shows_who_they_are_and_their_assessments(company):
    assessor = company.people["manager"]
    f.AssessmentFactory(
        employee=company.people["rep1"],
        kind=AssessmentKind.COMMUNICATION,
        assessed_on=dt.date(2026, 6, 15),
        score=Decimal("77.50"),
        assessor=assessor,
    )

    response = company.client("manager").get(page_of("E0001"))

    html = response.content.decode()
    assert response.status_code == 200
    for text in ["E0001", "张伟", "EAST-1", "Sales rep", "2024-01-01"]:
        assert text in html
    assessments = list(response.context["assessments"])
    assert len(assessments) == 3
    assert assessments[-1].assessed_on == dt.date(2026, 6, 15)  # newest first
    assert "Communication (simulated visit or call)" in html
    assert "2026-06-15" in html
    assert "77.5" in html
    assert "吴组长" in html
    assert reverse("web:rep", args=["E0001"]) in html


def test_a_managers_page_has_no_scorecard_link(company):
    html = company.client("director").get(page_of("M002")).content.decode()

    assert "/scorecard/M002/" not in html
    assert "No assessments yet." in html


def test_people_pages_are_chinese_by_default(company, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = company.client("hr")

    listing = client.get(LIST).content.decode()
    page = client.get(page_of("E0001")).content.decode()

    for text in [
        "人事",
        "工号",
        "姓名",
        "团队",
        "角色",
        "入职日期",
        "离职日期",
        "基本工资",
    ]:
        assert text in listing
    for text in ["考核", "考核日期", "考核人", "销售代表", "产品知识测试"]:
        assert text in page
    for text in ["Employee no.", "Hired on", "Assessments", "Sales rep", "People"]:
        assert text not in listing + page
