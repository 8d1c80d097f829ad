"""Each role's home: what it shows, and that nothing outside the user's
sight shows or counts on it."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yeji.org.models import Role
from yeji.performance.queries import period_parse, scorecard_compute
from yeji.web.tests import factories as f

pytestmark = pytest.mark.django_db

AS_OF = {"as_of": "2026-09-30"}


def _home(company, who: str, **query):
    response = company.client(who).get(reverse("web:home"), {**AS_OF, **query})
    assert response.status_code == 200
    return response


def _others_records(company) -> None:
    """Records of rep3 (EAST-2) and rep4 (WEST-1) that the manager of
    EAST-1 must never see: an overdue task and a waiting request each."""
    for key in ("rep3", "rep4"):
        rep = company.people[key]
        f.TaskFactory(
            employee=rep,
            title=f"秘密任务{key}",
            due_on=dt.date(2026, 9, 1),
            completed_on=None,
        )
        f.RequestFactory(
            employee=rep,
            subject=f"秘密请求{key}",
            customer=f.CustomerFactory(owner=rep, name=f"秘密客户{key}"),
            first_response_at=None,
        )


def _scripts_are_files_or_data(html: str) -> None:
    """No inline code: every script is a file or json_script data."""
    for tag, body in re.findall(r"(<script[^>]*>)(.*?)</script>", html, re.S):
        assert "src=" in tag or 'type="application/json"' in tag, tag
        if "src=" in tag:
            assert not body.strip()
    assert "onclick=" not in html
    assert 'style="' not in html


# The rep's home


def test_rep_home_shows_my_scorecard_this_month_and_quarter_with_my_rank(company):
    response = _home(company, "rep1")

    spans = response.context["spans"]
    assert [s.period.label for s in spans] == ["2026-09", "2026-Q3"]
    quarter = spans[1]
    card = scorecard_compute(period=period_parse("2026-Q3", as_of="2026-09-30"))
    mine = next(c for c in card.reps if c.employee_no == "E0001")
    assert (quarter.card.score, quarter.card.grade, quarter.card.rank) == (
        mine.score,
        mine.grade,
        mine.rank,
    )
    assert quarter.of == 4
    html = response.content.decode()
    assert "第 1 / 4 名" in html
    assert f"{mine.score:.1f}" in html
    _scripts_are_files_or_data(html)


def test_rep_home_shows_progress_beside_the_working_days_gone(company):
    response = _home(company, "rep1", as_of="2026-08-15")

    paces = {p.metric: p for p in response.context["spans"][1].paces}
    # Q3 revenue: 12,345.60 + 2,000.00 + 654.40 by 15 August... only the
    # July orders count, all 15,000.00 of them, against 20,000.00.
    assert paces["revenue"].achieved == Decimal("15000.00")
    assert paces["revenue"].done == pytest.approx(0.75)
    # 33 of the quarter's 66 working days.
    assert paces["revenue"].elapsed == pytest.approx(33 / 66)
    assert "已完成 75.0%，工作日已过 50.0%" in response.content.decode()


def test_rep_home_lists_my_tasks_quiet_customers_and_waiting_requests(company):
    rep1 = company.people["rep1"]
    f.TaskFactory(
        employee=rep1, title="本周回访", due_on=dt.date(2026, 10, 2), completed_on=None
    )
    f.CustomerFactory(
        owner=rep1, name="久未联系客户", level="a", acquired_on=dt.date(2026, 9, 1)
    )
    _others_records(company)

    response = _home(company, "rep1")

    html = response.content.decode()
    tasks = response.context["tasks"]
    assert tasks.overdue_count == 1
    assert [t.title for t in tasks.due_this_week] == ["本周回访"]
    assert response.context["waiting_count"] == 1
    assert "58 天" in html
    for text in ["秘密任务", "秘密请求", "秘密客户", "王芳", "刘洋", "陈静"]:
        assert text not in html


def test_rep_home_shows_a_quiet_customer_with_its_days_and_limit(company):
    rep3 = company.people["rep3"]
    f.CustomerFactory(
        owner=rep3, name="久未联系客户", level="a", acquired_on=dt.date(2026, 9, 1)
    )
    f.CustomerFactory(
        owner=rep3, name="新客户", level="a", acquired_on=dt.date(2026, 9, 16)
    )

    response = _home(company, "rep3")

    html = response.content.decode()
    assert "久未联系客户" in html
    assert "29（上限 14）" in html
    assert "新客户" not in html


def test_rep_home_does_not_show_another_reps_records(company):
    _others_records(company)

    html = _home(company, "rep3").content.decode()

    assert "秘密任务rep3" in html
    assert "秘密请求rep3" in html
    assert "秘密任务rep4" not in html
    assert "张伟" not in html


# The manager's home


def test_manager_home_ranks_the_team_and_draws_three_charts(company):
    response = _home(company, "manager")

    assert [r.employee_no for _pos, r in response.context["reps"]] == [
        "E0001",
        "E0002",
    ]
    html = response.content.decode()
    for chart in ["chart-ranking", "chart-radar", "chart-trend"]:
        assert f'id="{chart}"' in html
        assert f'data-chart="{chart}"' in html
    assert "vendor/echarts/6.1.0/echarts.min.js" in html
    assert "web/charts.js" in html
    ranking = json.loads(
        re.search(r'id="chart-ranking"[^>]*>(.*?)</script>', html, re.S)[1]
    )
    assert ranking["labels"] == ["张伟", "王芳"]
    trend = response.context["charts"]["trend"]
    assert trend["categories"] == [
        "2026-04",
        "2026-05",
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
    ]
    _scripts_are_files_or_data(html)


def test_manager_home_switches_between_month_and_quarter(company):
    month = _home(company, "manager")
    quarter = _home(company, "manager", span="quarter")

    assert month.context["period"].label == "2026-09"
    assert quarter.context["period"].label == "2026-Q3"
    revenue = {r.employee_no: r.metrics["revenue"] for _p, r in quarter.context["reps"]}
    assert revenue == {"E0001": Decimal("15000.00"), "E0002": Decimal("8000.00")}


def test_manager_home_names_the_reps_furthest_behind_their_pace(company):
    response = _home(company, "manager", span="quarter")

    behind = [(p.employee_no, p.metric) for p in response.context["behind"]]
    # rep1's worst target is new customers (1 of 2), rep2's revenue (8,000
    # of 10,000), with the whole quarter gone.
    assert behind == [("E0001", "new_customers"), ("E0002", "revenue")]


def test_manager_home_shows_nothing_of_another_team(company):
    _others_records(company)

    response = _home(company, "manager", span="quarter")

    html = response.content.decode()
    for text in ["刘洋", "陈静", "秘密任务", "秘密请求", "秘密客户", "E0003", "E0004"]:
        assert text not in html
    assert response.context["tasks"].overdue_count == 1
    assert response.context["waiting_count"] == 1
    series = response.context["charts"]["trend"]["series"]
    assert [s["name"] for s in series] == ["张伟", "王芳"]


def test_region_manager_home_covers_the_teams_below(company):
    _others_records(company)

    response = _home(company, "region_manager", span="quarter")

    shown = [r.employee_no for _p, r in response.context["reps"]]
    assert shown == ["E0001", "E0002", "E0003"]
    html = response.content.decode()
    assert "秘密任务rep3" in html
    assert "秘密任务rep4" not in html
    assert "陈静" not in html


# The director's home


def _quarter_cards():
    return scorecard_compute(period=period_parse("2026-Q3", as_of="2026-09-30")).reps


def test_director_home_shows_regions_with_their_reps_mean_scores(company):
    response = _home(company, "director", span="quarter")

    units = {u.node.code: u for u in response.context["units"]}
    assert set(units) == {"EAST", "WEST"}
    cards = {c.employee_no: c for c in _quarter_cards()}
    east = [cards[n] for n in ("E0001", "E0002", "E0003")]
    assert units["EAST"].reps == 3
    assert units["EAST"].score == pytest.approx(sum(c.score for c in east) / 3)
    assert units["EAST"].revenue == Decimal("28000.00")
    assert units["WEST"].score == pytest.approx(cards["E0004"].score)
    sales = [c.dimensions["sales"] for c in east]
    assert units["EAST"].dimension_scores[0] == pytest.approx(sum(sales) / 3)
    html = response.content.decode()
    assert '?unit=EAST&amp;span=quarter&amp;as_of=2026-09-30"' in html
    _scripts_are_files_or_data(html)


def test_director_drills_from_a_region_to_its_teams_and_to_a_teams_scorecard(
    company,
):
    response = _home(company, "director", span="quarter", unit="EAST")

    units = [u.node.code for u in response.context["units"]]
    assert sorted(units) == ["EAST-1", "EAST-2"]
    html = response.content.decode()
    # A team without teams below it opens its scorecard.
    link = "/scorecard/?period=2026-Q3&amp;as_of=2026-09-30&amp;team=EAST-1"
    assert link in html
    assert "陈静" not in html

    scorecard = company.client("director").get(
        "/scorecard/", {"period": "2026-Q3", "as_of": "2026-09-30", "team": "EAST-1"}
    )
    assert [r.employee_no for r in scorecard.context["rows"]] == ["E0001", "E0002"]


def test_director_home_counts_late_work_by_team(company):
    _others_records(company)

    response = _home(company, "director", span="quarter")

    units = {u.node.code: u for u in response.context["units"]}
    assert (units["EAST"].overdue_tasks, units["EAST"].requests_waiting) == (2, 2)
    assert (units["WEST"].overdue_tasks, units["WEST"].requests_waiting) == (1, 1)


def test_director_home_answers_404_for_an_unknown_team(company):
    response = company.client("director").get(
        reverse("web:home"), {**AS_OF, "unit": "NOPE"}
    )

    assert response.status_code == 404


def test_admin_gets_the_directors_home(company):
    response = _home(company, "admin")

    assert response.context["kind"] == "director"
    assert response.context["with_sales"] is True


def test_hr_gets_the_directors_view_without_sales_records(company):
    _others_records(company)

    response = _home(company, "hr", span="quarter")

    assert response.context["with_sales"] is False
    html = response.content.decode()
    assert "综合得分" in html
    for text in ["逾期任务", "秘密任务", "秘密请求", "未响应请求"]:
        assert text not in html
    units = {u.node.code: u for u in response.context["units"]}
    assert units["EAST"].overdue_tasks == 0


# Finance


def test_finance_home_sums_sales_by_team_and_shows_no_scores(company):
    order = f.OrderFactory(
        employee=company.people["rep2"], ordered_on=dt.date(2026, 9, 3), amount="600"
    )
    f.PaymentFactory(order=order, paid_on=dt.date(2026, 9, 5), amount="200.00")

    response = _home(company, "finance")

    (month, rows, total), (quarter, q_rows, q_total) = response.context["summaries"]
    assert (month.label, quarter.label) == ("2026-09", "2026-Q3")
    assert [(r.team_code, r.orders, r.amount, r.owed) for r in rows] == [
        ("EAST-1", 1, Decimal("600.00"), Decimal("400.00"))
    ]
    # rep1's three confirmed July orders and rep2's two: 15,000 + 8,600.
    east1 = next(r for r in q_rows if r.team_code == "EAST-1")
    assert east1.amount == Decimal("23600.00")
    assert q_total.amount == Decimal("29600.00")
    html = response.content.decode()
    assert "¥29,600.00" in html
    for text in ["综合得分", "等级", "chart-"]:
        assert text not in html


@pytest.mark.parametrize("who", ["rep1", "manager"])
def test_sales_homes_see_no_sales_summary(company, who):
    assert "summaries" not in _home(company, who).context


def test_a_log_in_without_an_employee_is_told_there_is_nothing(company, stranger):
    response = stranger.get(reverse("web:home"))

    assert response.status_code == 200
    assert "您没有可查看的考核表" in response.content.decode()


def test_a_mistyped_date_is_shown_next_to_its_field(company):
    response = company.client("manager").get(
        reverse("web:home"), {"as_of": "2026-13-01"}
    )

    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()


@pytest.mark.parametrize(
    ("who", "heading"),
    [
        ("rep1", "My scorecard this quarter"),
        ("manager", "Team ranking"),
        ("director", "By team"),
        ("hr", "By team"),
        ("finance", "Sales summary"),
    ],
)
def test_homes_speak_english_with_no_chinese_labels(company, who, heading):
    client = company.client(who)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get(reverse("web:home"), AS_OF).content.decode()

    assert heading in html
    text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    # Names of people, teams, customers and tasks, and the language buttons.
    names = [p.name for p in company.people.values()]
    names += [t.name for t in company.teams.values()]
    for name in [*names, "回访", "业绩", "客户", "简体中文"]:
        text = text.replace(name, "")
    assert not re.search(r"[\u4e00-\u9fff]", text), re.findall(
        r".{20}[\u4e00-\u9fff]+.{20}", text
    )


# Query counts: the same for 3 reps as for 30.


def _grow(company, reps: int) -> None:
    """More reps in EAST-1, and more records for rep1, each of every kind
    the homes read."""
    team = company.teams["EAST-1"]
    rep1 = company.people["rep1"]
    for n in range(reps):
        rep = f.EmployeeFactory(team=team, role=Role.REP, employee_no=f"G{n:03d}")
        f.OrderFactory(employee=rep, ordered_on=dt.date(2026, 9, 2), amount="700")
        f.TargetFactory(employee=rep, period="2026-09", metric="revenue", value="5000")
        f.TaskFactory(employee=rep, due_on=dt.date(2026, 9, 1), completed_on=None)
        f.RequestFactory(employee=rep, first_response_at=None)
        f.VisitFactory(employee=rep, visited_on=dt.date(2026, 9, 3))
        f.PaymentFactory(
            order=f.OrderFactory(employee=rep, ordered_on=dt.date(2026, 9, 4)),
            paid_on=dt.date(2026, 9, 5),
        )
        f.TaskFactory(employee=rep1, due_on=dt.date(2026, 9, 2), completed_on=None)
        f.RequestFactory(employee=rep1, first_response_at=None)
        f.CustomerFactory(owner=rep1, level="a", acquired_on=dt.date(2026, 1, 1))


def _count(client, query) -> int:
    client.get(reverse("web:home"), query)  # warm caches (content types, ...)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:home"), query)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("who", "query"),
    [
        ("rep1", AS_OF),
        ("manager", AS_OF),
        ("manager", {**AS_OF, "span": "quarter"}),
        ("director", AS_OF),
        ("director", {**AS_OF, "unit": "EAST"}),
        ("hr", AS_OF),
        ("finance", AS_OF),
    ],
)
def test_home_query_count_does_not_grow_with_reps_or_records(company, who, query):
    client = company.client(who)
    few = _count(client, query)

    _grow(company, 27)
    many = _count(client, query)

    assert many == few


def test_finance_is_offered_no_scorecard_link(company):
    assert 'href="/scorecard/"' not in _home(company, "finance").content.decode()
    assert 'href="/scorecard/"' in _home(company, "hr").content.decode()


@pytest.mark.parametrize("who", ["rep1", "manager", "director", "hr", "finance"])
def test_homes_in_chinese_show_no_english_labels(company, who):
    html = _home(company, who).content.decode()

    text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    # Record numbers (TK00001, E0001) are codes, not words.
    text = re.sub(r"\b[A-Z]+-?\d+\b", " ", text)
    words = set(re.findall(r"[A-Za-z][A-Za-z' ]*[A-Za-z]", text))
    # The brand, the English button and team codes are not labels.
    assert words <= {"Yeji", "English", "EAST", "WEST", "HQ"}, words


def test_superuser_without_an_employee_gets_the_directors_home(company):
    user = get_user_model().objects.create_superuser("root", password=f.PASSWORD)
    client = Client()
    client.force_login(user)

    response = client.get(reverse("web:home"), AS_OF)

    assert response.status_code == 200
    assert {u.node.code for u in response.context["units"]} == {"EAST", "WEST"}


def test_the_worker_keeps_the_homes_company_scorecards_ready(company):
    from yeji.performance import snapshots
    from yeji.performance.models import ScorecardSnapshot
    from yeji.performance.snapshots import scorecard_kept
    from yeji.web.homes import home_scorecards_keep

    # The company's records committed, as the worker's process sees them.
    snapshots._move_versions()
    as_of = dt.date(2026, 9, 30)
    # The month and quarter running, and the trend's five months before.
    assert home_scorecards_keep(as_of) == 7
    assert ScorecardSnapshot.objects.count() == 7
    # Nothing changed since: nothing computed again.
    assert home_scorecards_keep(as_of) == 0

    kept = scorecard_kept(period=period_parse("2026-09", as_of=as_of))
    assert not kept.fresh
    assert [r.employee_no for r in kept.card.reps] == [
        r.employee_no
        for r in scorecard_compute(period=period_parse("2026-09", as_of=as_of)).reps
    ]


def test_a_directors_home_reads_the_company_scorecards_the_worker_kept(company):
    from yeji.performance import snapshots
    from yeji.performance.models import ScorecardSnapshot
    from yeji.web.homes import home_scorecards_keep

    snapshots._move_versions()
    home_scorecards_keep(dt.date(2026, 9, 30))
    kept = set(ScorecardSnapshot.objects.values_list("key", "computed_at"))

    # The company is one team at the top (HQ): its scorecards are the
    # company's, so the first visit computes none of its own.
    response = _home(company, "director")
    assert response.status_code == 200
    assert {u.node.code for u in response.context["units"]} == {"EAST", "WEST"}
    assert set(ScorecardSnapshot.objects.values_list("key", "computed_at")) == kept
