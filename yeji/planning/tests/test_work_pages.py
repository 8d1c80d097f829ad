"""The plan, meeting and report pages as people use them: forms that make
one record however often they are sent, errors beside their fields, the
review and comment flow, and lists whose query count does not grow with
their rows."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yeji.planning.models import Meeting, Plan, ReportKind, Task, WorkReport
from yeji.web.tests import factories as f

pytestmark = pytest.mark.django_db


def _token(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def _plan(cast, rep="rep1", n=0) -> Plan:
    today = timezone.localdate()
    return Plan.objects.create(
        plan_no=f"PL-{rep}-{n}",
        title="本月计划",
        employee=cast.people[rep],
        starts_on=today,
        ends_on=today + dt.timedelta(days=60),
    )


def test_a_manager_makes_a_plan_for_a_rep_and_a_second_send_makes_no_other(cast):
    client = cast.client("manager")
    today = timezone.localdate()
    token = _token(client.get("/plans/new/"))
    data = {
        "title": "九月冲刺",
        "owner": "rep:E0001",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=30)).isoformat(),
        "goals": "新客户 3 家",
        "token": token,
    }

    first = client.post("/plans/new/", data)
    second = client.post("/plans/new/", data)

    plan = Plan.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/plans/{plan.plan_no}/"
    assert plan.employee == cast.people["rep1"] and plan.goal_lines == ["新客户 3 家"]


def test_a_plan_ending_before_it_starts_is_shown_again_with_the_error(cast):
    client = cast.client("manager")
    today = timezone.localdate()
    response = client.post(
        "/plans/new/",
        {
            "title": "x",
            "owner": "rep:E0001",
            "starts_on": today.isoformat(),
            "ends_on": (today - dt.timedelta(days=1)).isoformat(),
            "token": _token(client.get("/plans/new/")),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "The end is before the start." in response.content.decode()
    assert not Plan.objects.exists()


def test_a_rep_cannot_plan_for_a_colleague_through_a_forged_choice(cast):
    client = cast.client("rep1")
    today = timezone.localdate()
    response = client.post(
        "/plans/new/",
        {
            "title": "x",
            "owner": "rep:E0002",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "token": _token(client.get("/plans/new/")),
        },
    )

    assert response.status_code == 400
    assert not Plan.objects.exists()


def test_the_plan_page_adds_a_weekly_repeat_and_shows_its_tasks(cast):
    plan = _plan(cast)
    client = cast.client("rep1")
    today = timezone.localdate()
    page = client.get(f"/plans/{plan.plan_no}/").content.decode()
    # The page's second form adds a repeat; each form has its own key.
    repeat_token = re.findall(r'name="token" value="([^"]+)"', page)[1]

    response = client.post(
        f"/plans/{plan.plan_no}/repeats/",
        {
            "title": "周报",
            "employee": "E0001",
            "frequency": "weekly",
            "weekday": str(today.weekday()),
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=20)).isoformat(),
            "token": repeat_token,
        },
    )

    assert response.status_code == 302
    assert Task.objects.filter(plan=plan, title="周报").count() == 3
    shown = client.get(f"/plans/{plan.plan_no}/").content.decode()
    assert shown.count("周报") >= 3


def test_the_plan_list_shows_progress_in_a_fixed_number_of_queries(cast):
    client = cast.client("director")
    _plan(cast)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/plans/").status_code == 200
    for n in range(1, 12):
        plan = _plan(cast, rep="rep2", n=n)
        f.TaskFactory(employee=cast.people["rep2"], plan=plan)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/plans/")

    assert response.content.decode().count('href="/plans/PL-') == 12
    assert len(many) == len(few)


def test_a_manager_turns_action_items_into_tasks_from_the_meeting_page(cast):
    meeting = Meeting.objects.create(
        meeting_no="MT-1",
        team=cast.teams["EAST-1"],
        title="周例会",
        held_on=timezone.localdate(),
    )
    client = cast.client("manager")
    token = _token(client.get("/meetings/MT-1/"))
    due = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    data = {
        "item-1-title": "跟进合同",
        "item-1-employee": "E0001",
        "item-1-due_on": due,
        "item-2-title": "整理回款",
        "item-2-employee": "E0002",
        "item-2-due_on": due,
        "token": token,
    }

    client.post("/meetings/MT-1/actions/", data)
    client.post("/meetings/MT-1/actions/", data)

    made = Task.objects.filter(meeting=meeting).order_by("task_no")
    assert [(t.title, t.employee.employee_no) for t in made] == [
        ("跟进合同", "E0001"),
        ("整理回款", "E0002"),
    ]
    # The rep sees the meeting and the task in their own list.
    assert "跟进合同" in cast.client("rep1").get("/tasks/").content.decode()


def test_an_action_item_without_an_owner_is_an_error_on_its_line(cast):
    Meeting.objects.create(
        meeting_no="MT-1",
        team=cast.teams["EAST-1"],
        title="周例会",
        held_on=timezone.localdate(),
    )
    client = cast.client("manager")
    response = client.post(
        "/meetings/MT-1/actions/",
        {
            "item-1-title": "跟进合同",
            "item-1-due_on": timezone.localdate().isoformat(),
            "token": _token(client.get("/meetings/MT-1/")),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "Choose who does it." in response.content.decode()
    assert not Task.objects.exists()


def test_a_rep_writes_a_report_the_manager_comments_and_reviews_it(cast):
    rep = cast.people["rep1"]
    today = timezone.localdate()
    f.VisitFactory(employee=rep, visited_on=today)
    rep_client, manager = cast.client("rep1"), cast.client("manager")

    form = rep_client.get("/reports/new/")
    assert 'id="report-figures"' in form.content.decode()
    sent = rep_client.post(
        "/reports/new/",
        {"kind": "daily", "day": today.isoformat(), "wins": "签单", "problems": ""},
    )
    report = WorkReport.objects.get()
    assert sent["Location"] == f"/reports/{report.report_no}/"
    assert report.visits == 1 and report.wins == "签单"

    listed = manager.get("/reports/?show=awaiting").content.decode()
    assert report.report_no in listed
    manager.post(f"/reports/{report.report_no}/comment/", {"body": "不错"})
    assert rep_client.post(f"/reports/{report.report_no}/review/").status_code == 403
    manager.post(f"/reports/{report.report_no}/review/")

    report.refresh_from_db()
    assert report.reviewed_by == cast.people["manager"]
    page = rep_client.get(f"/reports/{report.report_no}/").content.decode()
    assert "不错" in page
    assert (
        report.report_no not in manager.get("/reports/?show=awaiting").content.decode()
    )


def test_a_report_of_another_team_answers_not_found(cast):
    report = WorkReport.objects.create(
        report_no="WR-1",
        employee=cast.people["rep4"],
        kind=ReportKind.DAILY,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        submitted_at=timezone.now(),
    )
    client = cast.client("manager")

    assert client.get(f"/reports/{report.report_no}/").status_code == 404
    assert client.post(f"/reports/{report.report_no}/review/").status_code == 404
    assert (
        client.post(f"/reports/{report.report_no}/comment/", {"body": "x"}).status_code
        == 404
    )
    assert not report.comments.exists()


def test_the_missing_list_names_the_reps_without_a_report(cast):
    monday = dt.date(2026, 7, 6)
    client = cast.client("manager")

    page = client.get(
        "/reports/missing/", {"start": "2026-07-06", "end": "2026-07-10"}
    ).content.decode()

    assert page.count("张伟") == 5 and page.count("王芳") == 5
    assert "陈静" not in page
    assert monday.isoformat() in page


def _report(rep, day) -> WorkReport:
    return WorkReport.objects.create(
        report_no=f"WR-{rep.employee_no}-{day}",
        employee=rep,
        kind=ReportKind.DAILY,
        starts_on=day,
        ends_on=day,
        submitted_at=timezone.now(),
    )


@pytest.mark.parametrize("path", ["/reports/", "/reports/missing/", "/meetings/"])
def test_report_and_meeting_lists_take_as_many_queries_for_many_rows(cast, path):
    client = cast.client("region_manager")
    today = timezone.localdate()
    _report(cast.people["rep1"], today)
    Meeting.objects.create(
        meeting_no="MT-0", team=cast.teams["EAST-1"], title="会", held_on=today
    )
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    for n in range(1, 12):
        rep = f.EmployeeFactory(employee_no=f"X{n:03d}", team=cast.teams["EAST-2"])
        report = _report(rep, today - dt.timedelta(days=n))
        report.comments.create(author=cast.people["region_manager"], body="好")
        meeting = Meeting.objects.create(
            meeting_no=f"MT-{n}", team=cast.teams["EAST-2"], title="会", held_on=today
        )
        f.TaskFactory(employee=rep, meeting=meeting)
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200

    assert len(many) == len(few)
