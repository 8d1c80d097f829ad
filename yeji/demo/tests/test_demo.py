"""The demo company: who is in it, what records it holds, its log-ins."""

import datetime as dt
import os
import sqlite3
from collections import Counter, defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yeji.crm.models import Request, Survey, Visit
from yeji.demo.queries import demo_company_exists, demo_logins
from yeji.demo.services import demo_company_create
from yeji.org.models import Employee, Role, Team
from yeji.people.models import Assessment
from yeji.planning.models import Target, Task
from yeji.sales.models import Order, Payment
from yeji.tests.processes import run_yeji

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Mid-quarter, mid-month: the demo is made "today", 2026-08-20 in Shanghai.
NOW = dt.datetime(2026, 8, 20, 15, 30, tzinfo=SHANGHAI)
TODAY = dt.date(2026, 8, 20)

LOGIN_ROLES = {
    "demo-rep": Role.REP,
    "demo-manager": Role.MANAGER,
    "demo-director": Role.DIRECTOR,
    "demo-hr": Role.HR,
    "demo-finance": Role.FINANCE,
    "demo-admin": Role.ADMIN,
}


@pytest.fixture(scope="module")
def demo_company(django_db_setup, django_db_blocker):
    """The demo company, made once for this module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_company_create(now=NOW)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_demo_company_has_about_forty_reps_in_teams_under_regions_under_hq(
    demo_company,
):
    reps = Employee.objects.filter(role=Role.REP).select_related("team__parent__parent")

    assert 36 <= reps.count() <= 46
    assert 36 <= reps.filter(left_on=None).count() <= 44
    for rep in reps:
        assert rep.team.parent.parent.code == "HQ", rep
        assert rep.team.parent.parent.parent is None
    teams = Team.objects.filter(members__role=Role.REP).distinct()
    for team in teams:
        assert team.members.filter(role=Role.MANAGER).count() == 1, team
    regions = Team.objects.filter(parent__code="HQ")
    for region in regions:
        assert region.members.filter(role=Role.DIRECTOR).count() == 1, region
    for role in (Role.HR, Role.FINANCE, Role.ADMIN):
        assert Employee.objects.filter(role=role, team__code="HQ").exists(), role
    # Some reps joined during the two years and some have left.
    assert reps.filter(hired_on__gt=demo_company.first_day).exists()
    assert reps.exclude(left_on=None).exists()


def test_demo_people_have_chinese_names(demo_company):
    for employee in Employee.objects.all():
        assert all("\u4e00" <= char <= "\u9fff" for char in employee.name), employee


def test_each_demo_login_is_linked_to_an_employee_of_its_role(demo_company):
    users = get_user_model().objects.filter(username__startswith="demo-")

    assert {user.username for user in users} == set(LOGIN_ROLES)
    for user in users:
        assert user.employee.role == LOGIN_ROLES[user.username]
        assert user.is_superuser == (user.username == "demo-admin")
    # One password for all, checked once: hashing is slow by design.
    assert len({user.password for user in users}) == 1
    assert users[0].check_password("demo")
    rep = Employee.objects.get(user__username="demo-rep")
    manager = Employee.objects.get(user__username="demo-manager")
    assert rep.team == manager.team
    assert rep.left_on is None
    assert [login.username for login in demo_logins()] == list(LOGIN_ROLES)


def test_demo_records_run_two_years_up_to_today(demo_company):
    assert demo_company.first_day == dt.date(2024, 8, 1)
    assert demo_company.last_day == TODAY
    orders = Order.objects.all()
    assert orders.filter(ordered_on__lt=dt.date(2024, 9, 1)).exists()
    assert not orders.filter(ordered_on__gt=TODAY).exists()
    assert not Visit.objects.filter(visited_at__gt=NOW).exists()
    assert not Request.objects.filter(first_response_at__gt=NOW).exists()
    assert not Payment.objects.filter(paid_on__gt=TODAY).exists()


def test_current_month_and_quarter_have_every_kind_of_record(demo_company):
    month = {"gte": dt.date(2026, 8, 1), "lte": TODAY}
    quarter = {"gte": dt.date(2026, 7, 1), "lte": TODAY}

    assert Order.objects.filter(ordered_on__range=(month["gte"], TODAY)).count() > 50
    assert Visit.objects.filter(visited_on__range=(month["gte"], TODAY)).count() > 200
    assert Survey.objects.filter(answered_on__range=(month["gte"], TODAY)).exists()
    assert Task.objects.filter(due_on__range=(month["gte"], TODAY)).exists()
    assert Request.objects.filter(opened_on__range=(month["gte"], TODAY)).exists()
    assert Assessment.objects.filter(
        assessed_on__range=(quarter["gte"], quarter["lte"])
    ).exists()
    assert Target.objects.filter(period="2026-08").count() >= 3 * 36
    assert Target.objects.filter(period="2026-Q3").count() >= 3 * 36
    # Some requests still wait for an answer.
    assert Request.objects.filter(first_response_at=None).exists()


def test_a_demo_requests_status_agrees_with_its_answer(demo_company):
    statuses = Counter(
        (status, answered is not None, resolved is not None)
        for status, answered, resolved in Request.objects.values_list(
            "status", "first_response_at", "resolved_at"
        )
    )
    # Waiting: no answer yet; in progress: answered within the last day;
    # resolved the day after the answer.
    assert set(statuses) <= {
        ("open", False, False),
        ("in_progress", True, False),
        ("resolved", True, True),
    }
    assert statuses[("open", False, False)] and statuses[("resolved", True, True)]
    assert not Request.objects.filter(status="resolved", resolution="").exists()


def test_visit_and_request_dates_are_local_dates_of_their_times(demo_company):
    for visit in Visit.objects.only("visited_at", "visited_on"):
        assert visit.visited_on == timezone.localdate(visit.visited_at, SHANGHAI)
    requests = list(Request.objects.only("opened_at", "opened_on"))
    for request in requests:
        assert request.opened_on == timezone.localdate(request.opened_at, SHANGHAI)
    # Early-morning requests have a different date in UTC: the check bites.
    assert any(
        request.opened_on != request.opened_at.astimezone(dt.UTC).date()
        for request in requests
    )


def test_payments_never_exceed_their_order(demo_company):
    # Summed in Python: SQLite adds decimals as floats.
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for order_id, amount in Payment.objects.values_list("order_id", "amount"):
        paid[order_id] += amount
    amounts = dict(Order.objects.values_list("id", "amount"))

    assert paid
    assert all(total <= amounts[order_id] for order_id, total in paid.items())
    assert not Payment.objects.exclude(order__status="confirmed").exists()


def test_reps_differ_in_results(demo_company):
    revenue: dict[int, Decimal] = defaultdict(Decimal)
    orders = Order.objects.filter(status="confirmed", ordered_on__year=2026)
    for employee_id, amount in orders.values_list("employee_id", "amount"):
        revenue[employee_id] += amount
    totals = sorted(revenue.values())

    # Skill spreads the scorecards: the best rep sells far more than the last.
    assert totals[-1] > 2 * totals[0]


# The demo command runs on its own SQLite file whatever the suite runs on;
# the SQLite pass covers it.
demo_process = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="starts `yeji demo` on its own SQLite file; runs in the SQLite pass",
)


@demo_process
@pytest.mark.django_db(databases=[])
def test_demo_command_reuses_its_database_and_reset_makes_a_new_one(tmp_path):
    # A database URL that cannot be reached: the demo must not touch it.
    elsewhere = {"DATABASE_URL": "postgres://nobody@127.0.0.1:9/not_for_the_demo"}
    database = tmp_path / "demo.sqlite3"

    def employees() -> int:
        with sqlite3.connect(database) as connection:
            return connection.execute("SELECT count(*) FROM org_employee").fetchone()[0]

    def orders() -> tuple:
        with sqlite3.connect(database) as connection:
            return connection.execute(
                "SELECT count(*), group_concat(order_no || ':' || amount, ',') "
                "FROM (SELECT * FROM sales_order ORDER BY order_no)"
            ).fetchone()

    first = run_yeji(tmp_path, "demo", "--no-serve", **elsewhere)
    assert first.returncode == 0, first.stderr
    assert "demo-rep" in first.stdout and "demo-admin" in first.stdout
    assert "http://127.0.0.1:8000/" in first.stdout
    count, first_orders = employees(), orders()
    assert count > 40
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE org_team SET name = 'kept' WHERE code = 'HQ'")

    second = run_yeji(tmp_path, "demo", "--no-serve", "--port", "8001", **elsewhere)

    assert second.returncode == 0, second.stderr
    assert "http://127.0.0.1:8001/" in second.stdout
    assert employees() == count
    with sqlite3.connect(database) as connection:
        names = connection.execute("SELECT name FROM org_team WHERE code = 'HQ'")
        assert names.fetchone() == ("kept",)

    third = run_yeji(tmp_path, "demo", "--no-serve", "--reset", **elsewhere)

    assert third.returncode == 0, third.stderr
    assert employees() == count
    # The same seed on the same day makes the same company.
    assert orders() == first_orders
    with sqlite3.connect(database) as connection:
        names = connection.execute("SELECT name FROM org_team WHERE code = 'HQ'")
        assert names.fetchone() != ("kept",)
    assert not (tmp_path / "yeji.sqlite3").exists()


def test_demo_company_exists_only_once_made(demo_company):
    assert demo_company_exists()


@demo_process
@pytest.mark.django_db(databases=[])
@pytest.mark.parametrize("command", ["demo", "serve"])
def test_demo_and_serve_commands_explain_their_options(command, tmp_path):
    result = run_yeji(tmp_path, "help", command)

    assert result.returncode == 0, result.stderr
    assert "--port" in result.stdout and "--workers" in result.stdout
