"""The scorecard's number of queries does not grow with the number of reps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yeji.performance.periods import period_parse
from yeji.performance.scorecard import scorecard_compute
from yeji.performance.tests import factories as f

pytestmark = pytest.mark.django_db


def _add_reps(team, count: int) -> None:
    for _ in range(count):
        person = f.rep(team=team)
        f.order(person, "2026-07-02", "10.00")
        f.visit(person, "2026-07-02T10:00:00+08:00")
        f.survey(person, "2026-07-03", satisfaction=4, recommend=9)
        f.complaint(person, "2026-07-04")
        f.task(person, "2026-07-05", "2026-07-05")
        f.request(person, "2026-07-06T10:00:00+08:00", "2026-07-06T12:00:00+08:00")
        f.assessment(person, "knowledge", "2026-07-07", "80")
        f.target(person, "2026-07", "revenue", "100")


def _queries(**kwargs) -> int:
    period = period_parse("2026-07", as_of="2026-12-31")
    with CaptureQueriesContext(connection) as captured:
        card = scorecard_compute(period=period, **kwargs)
    assert card.reps
    return len(captured.captured_queries)


def test_scorecard_queries_stay_the_same_when_reps_double():
    team = f.team("EAST")
    _add_reps(team, 3)
    few = _queries()
    _add_reps(team, 3)

    assert _queries() == few


def test_scorecard_of_a_team_takes_as_many_queries_whatever_its_size():
    team = f.team("EAST")
    _add_reps(team, 2)
    few = _queries(team_code="EAST")
    _add_reps(team, 4)

    assert _queries(team_code="EAST") == few


def test_scorecard_takes_at_most_sixteen_queries():
    _add_reps(f.team("EAST"), 2)

    # Template 3, teams 1, reps 1, sources 8, targets 1, and the response
    # times where the database has no ordered-set median.
    assert _queries() <= 16


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an index of SQLite's")
def test_a_quarters_orders_are_read_from_the_index_that_holds_them():
    """On SQLite the orders of a long period for every rep come from the
    index by date that holds every column read, not a scan of every order
    nor the walk of the employee index that the planner picks alone."""
    _add_reps(f.team("EAST"), 3)
    period = period_parse("2026-Q3", as_of="2026-12-31")
    with CaptureQueriesContext(connection) as captured:
        scorecard_compute(period=period)
    (orders,) = [q["sql"] for q in captured if 'FROM "sales_order"' in q["sql"]]

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {orders}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())

    assert "COVERING INDEX order_period_cover" in plan, plan
