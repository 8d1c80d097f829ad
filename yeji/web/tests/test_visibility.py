"""Who sees which scorecard: every route, walked as each role of the cast.

A rep sees themself; a manager their team and the teams below it; directors,
administrators and HR everyone; finance and log-ins without an employee no
one.  A rep page outside a user's sight answers 404, like one that does not
exist.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from yeji.org.models import Employee
from yeji.org.queries import Area, visible_employees, visible_team_ids
from yeji.web.tests import factories as f
from yeji.web.tests.conftest import PERIOD_QUERY

pytestmark = pytest.mark.django_db

ALL_REPS = ["E0001", "E0002", "E0003", "E0004"]


def _shown(client: Client, **query) -> list[str]:
    response = client.get(reverse("web:scorecard"), {**PERIOD_QUERY, **query})
    assert response.status_code == 200
    return [row.employee_no for row in response.context["rows"]]


def _rep_status(client: Client, employee_no: str) -> int:
    return client.get(reverse("web:rep", args=[employee_no]), PERIOD_QUERY).status_code


@pytest.mark.parametrize(
    "url",
    ["/", "/scorecard/", "/scorecard/E0001/", "/scorecard/E0001/?metric=revenue"],
)
def test_anonymous_users_are_sent_to_log_in(company, client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_log_in_leads_to_the_managers_home(company, client):
    response = client.post(
        reverse("login"),
        {"username": "manager", "password": f.PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert response.status_code == 200
    assert "团队排名" in response.content.decode()


def test_log_out_takes_a_post_and_ends_the_session(company):
    client = company.client("rep1")

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("web:scorecard")).status_code == 302


def test_rep_sees_only_themself_ranked_first(company):
    client = company.client("rep3")

    response = client.get(reverse("web:scorecard"), PERIOD_QUERY)

    rows = response.context["rows"]
    assert [(r.employee_no, r.rank) for r in rows] == [("E0003", 1)]
    assert "E0001" not in response.content.decode()


def test_rep_gets_404_on_the_page_of_a_rep_of_another_team(company):
    client = company.client("rep1")

    assert _rep_status(client, "E0001") == 200
    assert _rep_status(client, "E0003") == 404
    assert _rep_status(client, "E0004") == 404


def test_rep_gets_404_on_a_teammates_page(company):
    assert _rep_status(company.client("rep1"), "E0002") == 404


def test_rep_cannot_ask_for_a_teams_scorecard(company):
    response = company.client("rep1").get(
        reverse("web:scorecard"), {**PERIOD_QUERY, "team": "EAST-1"}
    )

    assert response.status_code == 404


def test_manager_sees_their_team_but_not_a_sibling_team(company):
    client = company.client("manager")

    assert _shown(client) == ["E0001", "E0002"]
    assert _rep_status(client, "E0002") == 200
    assert _rep_status(client, "E0003") == 404
    assert _rep_status(client, "E0004") == 404


def test_manager_cannot_choose_a_sibling_or_parent_team(company):
    client = company.client("manager")

    for team in ["EAST-2", "EAST", "WEST-1"]:
        response = client.get(reverse("web:scorecard"), {**PERIOD_QUERY, "team": team})
        assert response.status_code == 404, team
    assert _shown(client, team="EAST-1") == ["E0001", "E0002"]


def test_manager_team_chooser_offers_only_their_teams(company):
    response = company.client("region_manager").get(
        reverse("web:scorecard"), PERIOD_QUERY
    )

    choices = [code for code, _label in response.context["form"].fields["team"].choices]
    assert choices == ["", "EAST", "EAST-1", "EAST-2"]


def test_manager_of_a_region_sees_every_team_below_it(company):
    client = company.client("region_manager")

    assert _shown(client) == ["E0001", "E0002", "E0003"]
    assert _shown(client, team="EAST-2") == ["E0003"]
    assert _rep_status(client, "E0003") == 200
    assert _rep_status(client, "E0004") == 404


def test_ranks_are_positions_among_the_reps_shown(company):
    # Company-wide rep3 is third; in the region manager's EAST-2 alone, first.
    response = company.client("region_manager").get(
        reverse("web:scorecard"), {**PERIOD_QUERY, "team": "EAST-2"}
    )

    assert [(r.employee_no, r.rank) for r in response.context["rows"]] == [("E0003", 1)]


@pytest.mark.parametrize("who", ["director", "admin", "hr"])
def test_director_admin_and_hr_see_every_rep(company, who):
    client = company.client(who)

    assert _shown(client) == ALL_REPS
    assert _rep_status(client, "E0004") == 200


def test_superuser_without_an_employee_sees_every_rep(company):
    user = get_user_model().objects.create_superuser("root", password=f.PASSWORD)
    client = Client()
    client.force_login(user)

    assert _shown(client) == ALL_REPS


def test_finance_is_refused_scorecards(company):
    client = company.client("finance")

    assert client.get(reverse("web:scorecard"), PERIOD_QUERY).status_code == 403
    assert _rep_status(client, "E0001") == 404
    home = client.get(reverse("web:home"))
    assert home.status_code == 200
    html = home.content.decode()
    assert "销售汇总" in html
    assert "综合得分" not in html


def test_log_in_without_an_employee_sees_nothing(company, stranger):
    assert stranger.get(reverse("web:scorecard"), PERIOD_QUERY).status_code == 403
    assert _rep_status(stranger, "E0001") == 404
    assert stranger.get(reverse("web:home")).status_code == 200


def test_manager_who_has_left_sees_nothing(company):
    Employee.objects.filter(employee_no="M002").update(left_on=dt.date(2026, 1, 31))
    client = company.client("manager")

    assert client.get(reverse("web:scorecard"), PERIOD_QUERY).status_code == 403
    assert _rep_status(client, "E0001") == 404


def test_sight_differs_by_area_for_hr_and_finance(company):
    people = company.people

    def nos(who: str, area: Area) -> list[str]:
        qs = visible_employees(people[who].user, area=area)
        return sorted(qs.filter(role="rep").values_list("employee_no", flat=True))

    assert nos("hr", Area.PERFORMANCE) == ALL_REPS
    assert nos("hr", Area.SALES) == []
    assert nos("finance", Area.PERFORMANCE) == []
    assert nos("finance", Area.SALES) == ALL_REPS
    assert nos("rep2", Area.SALES) == ["E0002"]
    assert nos("manager", Area.SALES) == ["E0001", "E0002"]


def test_visible_teams_follow_the_tree_at_any_depth(company):
    teams = company.teams
    deep = f.TeamFactory(code="EAST-1-A", name="华东一组A", parent=teams["EAST-1"])
    deeper = f.TeamFactory(code="EAST-1-A-x", name="小组", parent=deep)

    ids = visible_team_ids(company.people["region_manager"].user, area=Area.SALES)

    expected = {teams["EAST"].id, teams["EAST-1"].id, teams["EAST-2"].id}
    assert ids == expected | {deep.id, deeper.id}
    assert visible_team_ids(company.people["rep1"].user, area=Area.SALES) == set()


def test_refusals_are_explained_in_the_users_language(company, settings):
    settings.DEBUG = False
    client = company.client("finance")

    refused = client.get(reverse("web:scorecard"))
    missing = client.get(reverse("web:rep", args=["E0001"]))

    assert "无权访问" in refused.content.decode()
    assert "未找到" in missing.content.decode()


def test_a_rep_is_offered_no_team_to_choose(company):
    rep = company.client("rep1").get(reverse("web:scorecard"), PERIOD_QUERY)
    manager = company.client("manager").get(reverse("web:scorecard"), PERIOD_QUERY)

    assert 'name="team"' not in rep.content.decode()
    assert 'name="team"' in manager.content.decode()
