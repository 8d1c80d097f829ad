"""The API of the cascade and pace: the pages' reads and writes, in sight
only, with errors in the API's one shape."""

from decimal import Decimal

import pytest

from yeji.api.tests.conftest import api, company  # noqa: F401  (fixtures)
from yeji.planning.models import Target
from yeji.targets.models import TeamTarget

pytestmark = pytest.mark.django_db

D = Decimal


def _team(company, code, period, value, metric="revenue"):  # noqa: F811
    return TeamTarget.objects.create(
        team=company.teams[code], period=period, metric=metric, value=D(value)
    )


def test_the_cascade_names_each_mismatch_with_its_difference(api, company):  # noqa: F811
    _team(company, "HQ", "2026", "1000.00")
    _team(company, "EAST", "2026", "600.00")
    _team(company, "WEST", "2026", "300.00")

    data = api("director").get("/target-cascade", year=2026).json()

    assert data["team_code"] == "HQ"
    assert [m["key"] for m in data["members"]] == ["EAST", "WEST"]
    assert data["team"]["targets"]["2026"] == "1000.00"
    assert {
        "kind": "team",
        "key": "HQ",
        "period": "2026",
        "parts": "members",
        "target": "1000.00",
        "parts_sum": "900.00",
        "difference": "-100.00",
    } in data["mismatches"]


def test_a_team_out_of_sight_is_not_found(api, company):  # noqa: F811
    manager = api("manager")

    assert manager.get("/target-cascade", team="WEST-1").status_code == 404
    assert manager.get("/target-cascade").json()["team_code"] == "EAST-1"
    assert api("rep1").get("/target-cascade").status_code == 404
    assert (
        manager.put("/team-targets/WEST-1:2026:revenue", {"value": "1"}).status_code
        == 404
    )
    assert not TeamTarget.objects.exists()


def test_a_director_sets_and_clears_a_team_target(api, company):  # noqa: F811
    director = api("director")

    put = director.put("/team-targets/WEST:2026-Q4:orders", {"value": "40"})
    bad = director.put("/team-targets/WEST:2026-Q4:orders", {"value": "4.5"})
    cleared = director.put("/team-targets/WEST:2026-Q4:orders", {"value": None})

    assert put.status_code == 200
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "value"]
    assert cleared.json()["value"] is None
    assert not TeamTarget.objects.exists()


def test_a_manager_may_not_change_the_teams_own_share(api, company):  # noqa: F811
    response = api("manager").put("/team-targets/EAST-1:2026:revenue", {"value": "5"})

    assert response.status_code == 403


def test_a_split_through_the_api_adds_up_to_the_fen(api, company):  # noqa: F811
    _team(company, "EAST-1", "2026-Q3", "100.01")

    response = api("manager").post(
        "/target-splits",
        {
            "team_code": "EAST-1",
            "period": "2026-Q3",
            "metric": "revenue",
            "across": "members",
            "rule": "equal",
        },
    )

    assert response.status_code == 200, response.json()
    assert [c["after"] for c in response.json()["changes"]] == ["50.01", "50.00"]
    split = Target.objects.filter(
        period="2026-Q3", metric="revenue", employee__team__code="EAST-1"
    )
    assert sum(split.values_list("value", flat=True)) == D("100.01")


def test_a_split_with_a_bad_rule_names_the_field(api, company):  # noqa: F811
    response = api("director").post(
        "/target-splits",
        {
            "team_code": "HQ",
            "period": "2026",
            "metric": "revenue",
            "across": "months",
            "rule": "guess",
        },
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "rule"]


def test_the_pace_lists_only_the_reps_in_sight(api, company):  # noqa: F811
    for who in ("rep1", "rep4"):
        Target.objects.create(
            employee=company.people[who], period="2026-02", metric="visits", value=16
        )

    data = api("rep1").get("/target-pace", period="2026-02", as_of="2026-02-14").json()

    assert data["working_days"] == {"gone": 11, "total": 16}
    assert [line["key"] for line in data["reps"]] == ["E0001"]
    assert data["reps"][0]["expected"] == "11.00"
    assert data["at_risk"] == []
