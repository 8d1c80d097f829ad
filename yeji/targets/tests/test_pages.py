"""The cascade and pace pages as the cast uses them: the director's
company down to the reps with its mismatch marks, the manager splitting the
team's share, everyone's pace, in sight only."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yeji.planning.models import Target
from yeji.targets.models import TargetRevision, TeamTarget
from yeji.web.tests import factories as f

pytestmark = pytest.mark.django_db

D = Decimal


def _team(cast, code, period, value, metric="revenue"):
    return TeamTarget.objects.create(
        team=cast.teams[code], period=period, metric=metric, value=D(value)
    )


def test_the_director_sees_the_company_with_its_mismatches(cast):
    _team(cast, "HQ", "2026", "1000.00")
    _team(cast, "EAST", "2026", "600.00")
    _team(cast, "WEST", "2026", "300.00")

    response = cast.client("director").get("/targets/", {"year": 2026})

    assert response.status_code == 200
    html = response.content.decode()
    cascade = response.context["cascade"]
    assert cascade.node.member.key == "HQ"
    assert [r.member.key for r in cascade.members] == ["EAST", "WEST"]
    # The regions fall 100 short of the company's year.
    assert "−¥100.00" in html
    assert 'href="/targets/team/EAST/?year=2026&amp;metric=revenue"' in html
    assert "对不上的地方" in html


def test_a_manager_sees_their_own_team_and_not_another(cast):
    manager = cast.client("manager")

    home = manager.get("/targets/")
    other = manager.get("/targets/team/WEST-1/")

    assert home.context["cascade"].node.member.key == "EAST-1"
    assert [r.member.key for r in home.context["cascade"].members] == [
        "E0001",
        "E0002",
    ]
    assert other.status_code == 404


def test_a_rep_and_finance_get_no_cascade_and_no_team(cast):
    for who in ("rep1", "finance"):
        client = cast.client(who)
        assert "targets/no_cascade.html" in [
            t.name for t in client.get("/targets/").templates
        ]
        assert client.get("/targets/team/EAST-1/").status_code == 404


def test_a_manager_splits_the_teams_share_among_the_reps(cast):
    _team(cast, "EAST-1", "2026-Q3", "100.00")
    manager = cast.client("manager")

    response = manager.post(
        "/targets/team/EAST-1/split/?year=2026&metric=revenue",
        {"period": "2026-Q3", "across": "members", "rule": "equal"},
    )

    assert response.status_code == 302
    assert dict(Target.objects.values_list("employee__employee_no", "value")) == {
        "E0001": D("50.00"),
        "E0002": D("50.00"),
    }
    page = manager.get(response["Location"])
    assert "分解已保存：修改了 2 个目标。" in page.content.decode()
    revisions = page.context["revision_page"].object_list
    assert [(r.employee.employee_no, r.after) for r in revisions] == [
        ("E0002", D("50.00")),
        ("E0001", D("50.00")),
    ]


def test_a_double_submitted_split_changes_nothing_the_second_time(cast):
    _team(cast, "EAST-1", "2026-Q3", "100.00")
    manager = cast.client("manager")
    data = {"period": "2026-Q3", "across": "members", "rule": "equal"}

    for _ in range(2):
        manager.post("/targets/team/EAST-1/split/?year=2026&metric=revenue", data)

    assert Target.objects.count() == 2
    assert TargetRevision.objects.count() == 2


def test_the_manager_may_not_split_their_teams_share_over_months(cast):
    _team(cast, "EAST-1", "2026-Q3", "90.00")

    response = cast.client("manager").post(
        "/targets/team/EAST-1/split/?year=2026&metric=revenue",
        {"period": "2026-Q3", "across": "months", "rule": "equal"},
    )

    assert response.status_code == 403
    assert TeamTarget.objects.count() == 1


def test_a_split_error_is_shown_next_to_its_field(cast):
    _team(cast, "EAST-1", "2026-Q3", "100.00")

    response = cast.client("manager").post(
        "/targets/team/EAST-1/split/?year=2026&metric=revenue",
        {"period": "2026-Q3", "across": "members", "rule": "last_year"},
    )

    assert response.status_code == 400
    assert "2025-Q3" in str(response.context["split_form"].errors["rule"])
    assert not Target.objects.exists()


def test_each_label_of_the_set_and_split_forms_names_its_own_field(cast):
    # Both forms have a period; with one id for both, the split form's
    # label named the set form's field and its own field had none.
    html = cast.client("director").get("/targets/").content.decode()

    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    split = html[html.index('id="split"') :]
    assert '<label for="id_split_period">要分解的目标</label>' in split
    assert 'name="period" id="id_split_period"' in split
    assert '<label for="id_period">考核期</label>' in html[: html.index('id="split"')]


def test_the_director_sets_a_target_by_hand_and_the_revision_shows(cast):
    director = cast.client("director")

    response = director.post(
        "/targets/team/HQ/set/?year=2026&metric=orders",
        {"row": "team:WEST", "period": "2026-Q4", "value": "40"},
    )
    bad = director.post(
        "/targets/team/HQ/set/?year=2026&metric=orders",
        {"row": "team:WEST", "period": "2026-Q4", "value": "4.5"},
    )

    assert response.status_code == 302
    assert TeamTarget.objects.get(team=cast.teams["WEST"]).value == D(40)
    assert bad.status_code == 400
    assert "整数" in str(bad.context["set_form"].errors["value"])
    page = director.get("/targets/team/HQ/", {"year": 2026, "metric": "orders"})
    assert [r.after for r in page.context["revision_page"].object_list] == [D(40)]


def test_an_imported_team_target_shows_on_the_cascade_with_its_revision(cast, tmp_path):
    from yeji.interchange.services import import_path

    (tmp_path / "team_targets.csv").write_text(
        "team_code,period,metric,value\nHQ,2026,orders,90\nWEST,2026,orders,40\n"
    )
    assert import_path(tmp_path / "team_targets.csv").ok

    page = cast.client("director").get(
        "/targets/team/HQ/", {"year": 2026, "metric": "orders"}
    )

    assert page.context["cascade"].node.cells[0].value == D(90)
    revisions = page.context["revision_page"].object_list
    assert [(r.team.code, r.before, r.after) for r in revisions] == [
        ("WEST", None, D(40)),
        ("HQ", None, D(90)),
    ]
    assert "从文件导入" in page.content.decode()


def test_hr_reads_the_cascade_but_changes_nothing(cast):
    hr = cast.client("hr")

    assert hr.get("/targets/team/HQ/").status_code == 200
    response = hr.post(
        "/targets/team/HQ/set/?year=2026",
        {"row": "team:WEST", "period": "2026", "value": "1"},
    )

    assert response.status_code == 403
    assert not TeamTarget.objects.exists()


def test_the_cascade_downloads_as_xlsx_with_every_period(cast):
    _team(cast, "EAST-1", "2026", "1200.00")

    response = cast.client("manager").get(
        "/targets/team/EAST-1/", {"year": 2026, "download": "xlsx"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_the_pace_page_shows_each_status_and_the_most_at_risk(cast):
    for who, done in [("rep1", "16000"), ("rep2", "2000")]:
        Target.objects.create(
            employee=cast.people[who],
            period="2026-02",
            metric="revenue",
            value=D("16000"),
        )
        f.OrderFactory(
            employee=cast.people[who], ordered_on=dt.date(2026, 2, 10), amount=done
        )
    client = cast.client("manager")

    response = client.get(
        "/targets/pace/", {"period": "2026-02", "as_of": "2026-02-14"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "已过工作日 11 / 16" in html
    assert [line.member.key for line in response.context["at_risk"]] == ["E0002"]
    assert "超前" in html and "落后" in html


def test_a_rep_sees_only_their_own_pace(cast):
    for who in ("rep1", "rep2"):
        Target.objects.create(
            employee=cast.people[who], period="2026-Q3", metric="visits", value=30
        )

    response = cast.client("rep1").get(
        "/targets/pace/", {"period": "2026-Q3", "as_of": "2026-08-01"}
    )

    keys = [line.member.key for line in response.context["rep_page"].object_list]
    assert keys == ["E0001"]
    assert "王芳" not in response.content.decode()


def test_a_bad_period_is_named_next_to_its_field(cast):
    response = cast.client("rep1").get("/targets/pace/", {"period": "2026-13"})

    assert response.status_code == 400
    assert response.context["form"].errors["period"]


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_the_cascade_and_pace_pages_read_the_same_number_of_queries_for_many(cast):
    director = cast.client("director")
    _team(cast, "EAST-1", "2026-07", "300.00")
    params = {"year": 2026, "period": "2026-07", "as_of": "2026-07-15"}

    def add_reps(count, first):
        for n in range(first, first + count):
            rep = f.EmployeeFactory(employee_no=f"E1{n:03d}", team=cast.teams["EAST-1"])
            Target.objects.create(
                employee=rep, period="2026-07", metric="revenue", value=9
            )
            f.OrderFactory(employee=rep, ordered_on=dt.date(2026, 7, 2))
            TargetRevision.objects.create(
                employee=rep, period="2026-07", metric="revenue", after=9, how="hand"
            )

    add_reps(1, 0)
    few = [
        _queries(director, url, params)
        for url in ("/targets/team/EAST-1/", "/targets/pace/")
    ]
    add_reps(30, 1)
    many = [
        _queries(director, url, params)
        for url in ("/targets/team/EAST-1/", "/targets/pace/")
    ]

    assert many == few


def test_english_pages_show_no_chinese_but_names(cast):
    import re

    _team(cast, "EAST-1", "2026", "100.00")
    client = cast.client("manager")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    cjk = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
    names = ["张伟", "王芳", "吴组长", "华东一组", "华东区", "简体中文", "业绩"]

    for url in ["/targets/", "/targets/pace/?period=2026", "/targets/team/EAST-1/"]:
        text = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
        for name in names:
            text = text.replace(name, "")
        assert not cjk.findall(text), (url, cjk.findall(text))
