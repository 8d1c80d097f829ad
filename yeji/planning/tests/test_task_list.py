"""The task list: whose tasks each role sees, the filters at their
boundaries in the company's time zone, pages and downloads."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yeji.planning.tests.factories import TaskFactory, open_task

pytestmark = pytest.mark.django_db

URL = "/tasks/"

# Monday 2026-12-07, 01:30 in Shanghai, is still Sunday 2026-12-06 in UTC.
MONDAY_NIGHT_UTC = dt.datetime(2026, 12, 6, 17, 30, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """Set the clock to a moment; ``timezone.localdate()`` follows it."""

    def set_to(moment: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def _listed(client, **query) -> list[str]:
    response = client.get(URL, query)
    assert response.status_code == 200
    return [t.task_no for t in response.context["tasks"]]


def _downloaded(client, **query) -> list[list[str]]:
    response = client.get(URL, {**query, "download": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def one_task_each(cast):
    due = timezone.localdate() + dt.timedelta(days=3)
    for key in ["rep1", "rep2", "rep3", "rep4", "manager"]:
        open_task(cast.people[key], due, task_no=f"T-{key}")
    return cast


def test_rep_sees_only_their_own_tasks(one_task_each):
    assert _listed(one_task_each.client("rep1")) == ["T-rep1"]


def test_manager_sees_their_team_but_not_a_sibling_team(one_task_each):
    listed = _listed(one_task_each.client("manager"))

    assert sorted(listed) == ["T-manager", "T-rep1", "T-rep2"]


def test_region_manager_sees_every_team_below_it(one_task_each):
    listed = _listed(one_task_each.client("region_manager"))

    assert sorted(listed) == ["T-manager", "T-rep1", "T-rep2", "T-rep3"]


def test_manager_of_another_region_sees_only_their_own_team(one_task_each):
    assert _listed(one_task_each.client("west_manager")) == ["T-rep4"]


@pytest.mark.parametrize("who", ["director", "admin"])
def test_director_and_admin_see_every_task(one_task_each, who):
    assert len(_listed(one_task_each.client(who))) == 5


@pytest.mark.parametrize("who", ["finance", "hr"])
def test_finance_and_hr_see_no_task_and_download_none(one_task_each, who):
    client = one_task_each.client(who)

    response = client.get(URL, {"show": "all"})

    assert response.status_code == 200
    assert list(response.context["tasks"]) == []
    assert "T-rep1" not in response.content.decode()
    assert _downloaded(client, show="all")[1:] == []


def test_log_in_without_employee_sees_no_task(one_task_each, stranger):
    response = stranger.get(URL, {"show": "all"})

    assert response.status_code == 200
    assert list(response.context["tasks"]) == []
    assert len(_downloaded(stranger, show="all")) == 1


def test_anonymous_user_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_filters_hold_at_their_boundaries_in_the_company_time_zone(cast, clock):
    clock(MONDAY_NIGHT_UTC)
    rep = cast.people["rep1"]
    sunday, monday = dt.date(2026, 12, 6), dt.date(2026, 12, 7)
    open_task(rep, sunday, task_no="T-last-sunday")
    open_task(rep, monday, task_no="T-today")
    open_task(rep, dt.date(2026, 12, 13), task_no="T-this-sunday")
    open_task(rep, dt.date(2026, 12, 14), task_no="T-next-monday")
    client = cast.client("rep1")

    # In UTC it is still Sunday; in Shanghai Sunday has passed.
    assert _listed(client, show="overdue") == ["T-last-sunday"]
    assert _listed(client, show="week") == ["T-today", "T-this-sunday"]
    assert _listed(client, show="open") == [
        "T-last-sunday",
        "T-today",
        "T-this-sunday",
        "T-next-monday",
    ]


def test_week_keeps_its_past_days_and_a_task_due_today_is_not_overdue(cast, clock):
    # Wednesday 2026-12-09 at noon in Shanghai.
    clock(dt.datetime(2026, 12, 9, 4, 0, tzinfo=dt.UTC))
    rep = cast.people["rep1"]
    open_task(rep, dt.date(2026, 12, 7), task_no="T-monday")
    open_task(rep, dt.date(2026, 12, 9), task_no="T-wednesday")
    client = cast.client("rep1")

    assert _listed(client, show="overdue") == ["T-monday"]
    assert _listed(client, show="week") == ["T-monday", "T-wednesday"]


def test_a_task_completed_late_is_done_not_overdue(cast, clock):
    clock(MONDAY_NIGHT_UTC)
    rep = cast.people["rep1"]
    TaskFactory(
        employee=rep,
        task_no="T-late",
        due_on=dt.date(2026, 12, 1),
        completed_on=dt.date(2026, 12, 4),
    )
    client = cast.client("rep1")

    assert _listed(client, show="done") == ["T-late"]
    assert _listed(client, show="overdue") == []
    assert _listed(client, show="open") == []


def test_the_list_opens_on_the_open_tasks(cast):
    rep = cast.people["rep1"]
    open_task(rep, timezone.localdate(), task_no="T-open")
    TaskFactory(employee=rep, task_no="T-done")

    assert _listed(cast.client("rep1")) == ["T-open"]
    assert sorted(_listed(cast.client("rep1"), show="all")) == ["T-done", "T-open"]


def test_manager_filters_by_assignee(one_task_each):
    client = one_task_each.client("manager")

    assert _listed(client, employee="E0002") == ["T-rep2"]


def test_an_assignee_out_of_sight_is_refused_and_lists_nothing(one_task_each):
    response = one_task_each.client("manager").get(URL, {"employee": "E0003"})

    assert response.status_code == 400
    assert "tasks" not in response.context
    assert "form" in response.context and response.context["form"].errors["employee"]


def test_rep_has_no_assignee_chooser(one_task_each):
    response = one_task_each.client("rep1").get(URL)

    assert 'name="employee"' not in response.content.decode()


def test_download_holds_the_filtered_visible_tasks(cast, clock):
    clock(MONDAY_NIGHT_UTC)
    open_task(cast.people["rep1"], dt.date(2026, 12, 1), task_no="T-overdue")
    open_task(cast.people["rep2"], dt.date(2026, 12, 20), task_no="T-later")
    open_task(cast.people["rep3"], dt.date(2026, 12, 1), task_no="T-other-team")

    rows = _downloaded(cast.client("manager"), show="overdue")

    assert [r[0] for r in rows[1:]] == ["T-overdue"]
    assert rows[1][2:6] == ["E0001", "张伟", "EAST-1", "2026-12-01"]
    assert rows[1][7] == "已逾期"


def test_xlsx_download_is_a_workbook_of_the_same_tasks(one_task_each):
    response = one_task_each.client("manager").get(URL, {"download": "xlsx"})

    assert response.status_code == 200
    assert ".xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "任务编号"
    assert sorted(r[0] for r in rows[1:]) == ["T-manager", "T-rep1", "T-rep2"]


def test_the_list_is_paginated(cast):
    due = timezone.localdate()
    for n in range(60):
        open_task(cast.people["rep1"], due, task_no=f"T-{n:03d}")
    client = cast.client("rep1")

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(first.context["tasks"]) == 50
    assert len(second.context["tasks"]) == 10
    assert "第 1 页，共 2 页" in first.content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"show": "all"})
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_10_and_for_200_tasks(cast):
    due = timezone.localdate()
    reps = [cast.people[k] for k in ["rep1", "rep2"]]
    for n in range(10):
        open_task(reps[n % 2], due)
    client = cast.client("manager")
    few = _queries(client)

    for n in range(190):
        open_task(reps[n % 2], due)
    many = _queries(client)

    assert few == many
