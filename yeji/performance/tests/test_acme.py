"""The acme sample's scorecards match the expected files beside it."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

EXPECTED = Path("/work/shared/samples/acme/expected")
MONEY_OR_COUNT = {
    "revenue",
    "order_count",
    "new_customers",
    "complaints",
    "visits",
    "unanswered_requests",
}


def _scorecard_json(period: str) -> dict:
    out = io.StringIO()
    call_command(
        "scorecard", period=period, as_of="2026-12-31", format="json", stdout=out
    )
    return json.loads(out.getvalue())


def _close(got, want, tolerance: float) -> bool:
    if want is None or got is None:
        return got is want
    return abs(got - want) <= tolerance


def _differences(got: dict, want: dict) -> list[str]:
    """Every difference beyond scorecard.md's tolerance, for a readable failure."""
    problems = []
    if got["period"] != want["period"]:
        problems.append(f"period {got['period']} != {want['period']}")
    if got["template"] != want["template"]:
        problems.append(f"template {got['template']} != {want['template']}")
    got_order = [r["employee_no"] for r in got["reps"]]
    want_order = [r["employee_no"] for r in want["reps"]]
    if got_order != want_order:
        problems.append(f"rep order {got_order} != {want_order}")
    got_reps = {r["employee_no"]: r for r in got["reps"]}
    for w in want["reps"]:
        g = got_reps.get(w["employee_no"])
        if g is None:
            continue
        for key in ("name", "team_code", "rank", "grade"):
            if g[key] != w[key]:
                problems.append(f"{w['employee_no']} {key}: {g[key]!r} != {w[key]!r}")
        for name, want_value in w["metrics"].items():
            got_value = g["metrics"].get(name)
            if name in MONEY_OR_COUNT:
                ok = got_value == want_value
            else:
                ok = _close(got_value, want_value, 0.001)
            if not ok:
                problems.append(
                    f"{w['employee_no']} {name}: {got_value} != {want_value}"
                )
        for name, want_value in w["dimensions"].items():
            if not _close(g["dimensions"].get(name), want_value, 0.01):
                problems.append(
                    f"{w['employee_no']} {name}: {g['dimensions'].get(name)} "
                    f"!= {want_value}"
                )
        if not _close(g["score"], w["score"], 0.01):
            problems.append(f"{w['employee_no']} score: {g['score']} != {w['score']}")
    if got["teams"] != want["teams"]:
        problems.append(f"teams {got['teams']} != {want['teams']}")
    return problems


@pytest.mark.usefixtures("acme_company")
@pytest.mark.django_db
class TestAcmeScorecards:
    @pytest.mark.parametrize("period", ["2026-Q3", "2026-08", "2026"])
    def test_scorecard_json_matches_expected_file(self, period):
        want = json.loads((EXPECTED / f"scorecard-{period}.json").read_text())
        got = _scorecard_json(period)
        assert _differences(got, want) == []

    def test_money_is_a_two_place_string(self):
        got = _scorecard_json("2026-Q3")
        revenue = got["reps"][0]["metrics"]["revenue"]
        assert isinstance(revenue, str)
        assert Decimal(revenue).as_tuple().exponent == -2
