"""The acme sample's scorecards match the expected files beside it."""

import io
import json
import statistics
from decimal import Decimal

import pytest
from django.core.management import call_command

from yeji.performance.explain import scorecard_explain
from yeji.performance.periods import period_parse
from yeji.performance.scorecard import scorecard_compute
from yeji.performance.targets import target_find, targets_by_rep
from yeji.planning.models import Target
from yeji.samples import sample

EXPECTED = sample("acme") / "expected"
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

    @pytest.mark.parametrize("label", ["2026-Q3", "2026"])
    def test_explanation_records_add_up_to_the_scorecard_figures(self, label):
        period = period_parse(label, as_of="2026-12-31")
        card = scorecard_compute(period=period)

        for rep in card.reps[:: max(1, len(card.reps) // 8)]:
            explanation = scorecard_explain(period=period, employee_no=rep.employee_no)
            items = {item.metric: item for item in explanation.metrics}
            values = {
                name: [r.value for r in item.records] for name, item in items.items()
            }
            m = rep.metrics

            assert explanation.card.metrics == m
            assert explanation.score == rep.score
            assert sum(values["revenue"], Decimal(0)) == m["revenue"]
            for name in ["order_count", "new_customers", "complaints", "visits"]:
                assert len(values[name]) == m[name] == items[name].records.count()
            assert len(values["unanswered_requests"]) == m["unanswered_requests"]
            assert len(values["customer_growth_rate"]) == sum(
                items["customer_growth_rate"].facts.values()
            )
            if m["avg_satisfaction"] is not None:
                assert statistics.mean(values["avg_satisfaction"]) == pytest.approx(
                    m["avg_satisfaction"]
                )
                promoters = sum(v >= 9 for v in values["recommendation_rate"])
                assert promoters / len(values["recommendation_rate"]) == pytest.approx(
                    m["recommendation_rate"]
                )
            if m["median_response_hours"] is not None:
                assert statistics.median(
                    values["median_response_hours"]
                ) == pytest.approx(m["median_response_hours"])
            assert (
                len(values["task_on_time_rate"])
                == items["task_on_time_rate"].facts["tasks"]
            )
            for name in ["knowledge_score", "communication_score", "teamwork_score"]:
                if m[name] is not None:
                    assert float(statistics.mean(values[name])) == pytest.approx(
                        m[name]
                    )

    @pytest.mark.parametrize("label", ["2026-Q3", "2026-08", "2026", "2025-Q4"])
    def test_targets_found_in_sql_match_the_rule_read_in_python(self, label):
        period = period_parse(label, as_of="2026-12-31")
        rows = Target.objects.filter(period__in=period.target_labels()).values_list(
            "employee_id", "period", "metric", "value"
        )
        by_label = {(rep, lab, metric): value for rep, lab, metric, value in rows}
        found = targets_by_rep(period)

        for rep_id in {rep for rep, _lab, _metric in by_label}:
            for metric in ["revenue", "orders", "new_customers"]:
                value, _labels = target_find(by_label, rep_id, metric, period)
                assert found.get((rep_id, metric)) == value

    def test_explain_command_shows_targets_scores_and_the_total(self):
        out = io.StringIO()
        call_command(
            "scorecard",
            period="2026-Q3",
            as_of="2026-12-31",
            explain="E000035",
            stdout=out,
        )
        text = out.getvalue()

        assert "E000035" in text and "孙杰林" in text
        assert "revenue target" in text and "(2026-Q3)" in text
        assert "65 records (key, date, amount):" in text
        assert "Score: (40.00 × 100.0000 + 25.00 × 78.3333 + 20.00 × 75.3846)" in text
        assert "= 87.8356, grade A" in text

    def test_explain_command_lists_one_metric_records(self):
        out = io.StringIO()
        call_command(
            "scorecard",
            period="2026-Q3",
            as_of="2026-12-31",
            explain="E000035",
            metric="median_response_hours",
            stdout=out,
        )
        text = out.getvalue()

        assert "Median response (hours) (median_response_hours) = 1.1000" in text
        assert "Revenue (revenue)" not in text
        assert "11 records (key, date, response hours):" in text
        assert text.count("  RQ") == 11

    def test_timing_of_the_year_scorecard(self):
        """Not a benchmark: a guard that the sample's year stays well under a
        second or two (about 0.3 s when written)."""
        import time

        period = period_parse("2026", as_of="2026-12-31")
        scorecard_compute(period=period)
        started = time.perf_counter()
        scorecard_compute(period=period)
        assert time.perf_counter() - started < 3
