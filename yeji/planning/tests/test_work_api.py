"""Plans, meetings and work reports through the API: who sees each, a rep
writing their report, the manager commenting and reviewing, errors that
name their field, and lists that take as many queries for many rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yeji.api.services import token_create
from yeji.api.tests.conftest import ApiClient
from yeji.planning.models import Meeting, Plan, ReportKind, WorkReport
from yeji.web.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(cast):
    def make(who: str) -> ApiClient:
        _token, secret = token_create(user=cast.people[who].user, name="tests")
        return ApiClient(secret)

    return make


def _records(cast) -> dict[str, str]:
    today = timezone.localdate()
    rep1 = cast.people["rep1"]
    Plan.objects.create(
        plan_no="PL-V", title="计划", employee=rep1, starts_on=today, ends_on=today
    )
    meeting = Meeting.objects.create(
        meeting_no="MT-V", team=cast.teams["EAST-1"], title="会", held_on=today
    )
    meeting.attendees.set([rep1])
    WorkReport.objects.create(
        report_no="WR-V",
        employee=rep1,
        kind=ReportKind.DAILY,
        starts_on=today,
        ends_on=today,
        submitted_at=timezone.now(),
    )
    return {"plans": "PL-V", "meetings": "MT-V", "reports": "WR-V"}


# rep1's plan and report, and EAST-1's meeting: seen by rep1, the
# managers above, the director and the administrator; the meeting by
# rep2 too, a member of EAST-1.
SIGHT = {
    "plans": {"rep1", "manager", "region_manager", "director", "admin"},
    "meetings": {"rep1", "rep2", "manager", "region_manager", "director", "admin"},
    "reports": {"rep1", "manager", "region_manager", "director", "admin"},
}
EVERYONE = ["rep1", "rep2", "rep3", "rep4", "manager", "region_manager",
            "west_manager", "director", "hr", "finance", "admin"]  # fmt: skip


@pytest.mark.parametrize("kind", sorted(SIGHT))
def test_each_kind_is_seen_by_exactly_those_whose_sight_holds_it(api, cast, kind):
    key = _records(cast)[kind]
    for who in EVERYONE:
        client = api(who)
        read = client.get(f"/{kind}/{key}")
        listed = [
            r[kind[:-1] + "_no"] for r in client.get(f"/{kind}").json()["results"]
        ]
        if who in SIGHT[kind]:
            assert read.status_code == 200, (who, kind)
            assert key in listed, (who, kind)
        else:
            assert read.status_code == 404, (who, kind)
            assert key not in listed, (who, kind)


def test_a_rep_writes_a_report_the_manager_comments_and_reviews(api, cast):
    today = timezone.localdate()
    f.VisitFactory(employee=cast.people["rep1"], visited_on=today)
    rep, manager = api("rep1"), api("manager")

    written = rep.post("/reports", {"kind": "weekly", "day": today.isoformat(),
                                    "wins": "签单"})  # fmt: skip
    report_no = written.json()["report_no"]
    commented = manager.post(f"/reports/{report_no}/comments", {"body": "好"})
    refused = rep.post(f"/reports/{report_no}/review", {})
    reviewed = manager.post(f"/reports/{report_no}/review", {})

    assert written.status_code == 201
    assert written.json()["figures"]["visits"] == 1
    assert commented.status_code == 201
    assert commented.json()["comments"][0]["body"] == "好"
    assert refused.status_code == 403
    assert reviewed.json()["reviewed_by"] == "M002"
    assert manager.get("/reports", awaiting_review="1").json()["count"] == 0


def test_a_report_of_a_day_to_come_is_refused_naming_the_field(api, cast):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = api("rep1").post("/reports", {"kind": "daily", "day": str(tomorrow)})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "day"]
    assert not WorkReport.objects.exists()


def test_a_manager_writes_no_report(api, cast):
    today = timezone.localdate().isoformat()

    response = api("manager").post("/reports", {"kind": "daily", "day": today})

    assert response.status_code == 403


def test_missing_reports_are_those_of_the_reps_in_sight(api, cast):
    response = api("manager").get(
        "/missing-reports", **{"from": "2026-07-06", "to": "2026-07-10"}
    )

    rows = response.json()["results"]
    assert {r["employee_no"] for r in rows} == {"E0001", "E0002"}
    assert response.json()["count"] == 10


@pytest.mark.parametrize("path", ["/plans", "/meetings", "/reports"])
def test_lists_take_as_many_queries_for_many_rows(api, cast, path):
    client = api("director")
    _records(cast)
    # The first call records the token's use; the count is of later ones.
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    today = timezone.localdate()
    for n in range(10):
        rep = f.EmployeeFactory(employee_no=f"X{n:03d}", team=cast.teams["EAST-2"])
        Plan.objects.create(
            plan_no=f"PL-{n}",
            title="计划",
            employee=rep,
            starts_on=today,
            ends_on=today,
        )
        Meeting.objects.create(
            meeting_no=f"MT-{n}", team=cast.teams["EAST-2"], title="会", held_on=today
        )
        WorkReport.objects.create(
            report_no=f"WR-{n}",
            employee=rep,
            kind=ReportKind.DAILY,
            starts_on=today,
            ends_on=today,
            submitted_at=timezone.now(),
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).json()["count"] == 11

    assert len(many) == len(few)
