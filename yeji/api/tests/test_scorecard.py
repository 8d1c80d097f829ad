"""The scorecard and its explanation through the API: the engine's results,
within the user's sight."""

from yeji.performance.queries import (
    period_parse,
    scorecard_as_json,
    scorecard_compute,
)

QUERY = {"period": "2026-Q3", "as_of": "2026-09-30"}


def test_the_scorecard_is_the_engines_for_whoever_sees_everyone(api, company):
    expected = scorecard_as_json(
        scorecard_compute(period=period_parse("2026-Q3", as_of="2026-09-30"))
    )
    for who in ("director", "hr"):
        answer = api(who).get("/scorecard", **QUERY)
        assert answer.status_code == 200
        assert answer.json() == expected


def test_a_manager_sees_their_teams_reps_ranked_among_themselves(api, company):
    data = api("manager").get("/scorecard", **QUERY).json()
    assert [(r["employee_no"], r["rank"]) for r in data["reps"]] == [
        ("E0001", 1),
        ("E0002", 2),
    ]
    assert {t["team_code"] for t in data["teams"]} == {"EAST-1"}
    assert api("manager").get("/scorecard", team="WEST", **QUERY).status_code == 404


def test_finance_sees_no_scorecard(api, company):
    assert api("finance").get("/scorecard", **QUERY).json()["reps"] == []
    assert api("finance").get("/scorecard/E0001", **QUERY).status_code == 404


def test_the_explanation_of_a_rep_in_sight(api, company):
    answer = api("rep1").get("/scorecard/E0001", **QUERY)
    assert answer.status_code == 200
    data = answer.json()
    card = scorecard_compute(
        period=period_parse("2026-Q3", as_of="2026-09-30"), employee_no="E0001"
    ).reps[0]
    assert data["score"] == round(card.score, 4)
    revenue = next(m for m in data["metrics"] if m["metric"] == "revenue")
    assert revenue["value"] == "15000.00"
    assert revenue["records_count"] == 3
    assert api("rep1").get("/scorecard/E0002", **QUERY).status_code == 404
    assert api("rep1").get("/scorecard", period="2026-Q9").status_code == 422


def test_a_rep_sees_only_their_own_line(api, company):
    data = api("rep1").get("/scorecard", **QUERY).json()
    assert [r["employee_no"] for r in data["reps"]] == ["E0001"]
    assert data["teams"] == []
