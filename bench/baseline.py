"""The best hand-written SQL for one period's scorecard figures, all reps.

This is the yardstick of issue 2: the scorecard engine should take no more
than 1.5 times what these queries take on the same database.  They compute
every metric of ``scorecard.md`` and the targets, one aggregate query per
source table grouped by rep, and return the rows to Python; scores, ranks and
teams are arithmetic on those rows and are left out of the timing.

The SQL is the same on both databases (``COUNT(*) FILTER`` exists in SQLite
since 3.30) except two figures: the median response time, which PostgreSQL
computes with ``percentile_cont`` and SQLite with window functions, and the
number of days a rep was employed, which needs date arithmetic.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

REPS = {
    "postgresql": """
        SELECT e.id, e.employee_no, e.name, t.code,
               LEAST(COALESCE(e.left_on, :end), :end)
               - GREATEST(e.hired_on, :start) + 1
        FROM org_employee e JOIN org_team t ON t.id = e.team_id
        WHERE e.role = 'rep' AND e.hired_on <= :end
          AND (e.left_on IS NULL OR e.left_on >= :start)
    """,
    "sqlite": """
        SELECT e.id, e.employee_no, e.name, t.code,
               CAST(julianday(MIN(COALESCE(e.left_on, :end), :end))
                    - julianday(MAX(e.hired_on, :start)) AS INTEGER) + 1
        FROM org_employee e JOIN org_team t ON t.id = e.team_id
        WHERE e.role = 'rep' AND e.hired_on <= :end
          AND (e.left_on IS NULL OR e.left_on >= :start)
    """,
}

# One aggregate query per source table, the same on both databases.
COMMON = {
    "orders": """
        SELECT employee_id, SUM(amount), COUNT(*) FROM sales_order
        WHERE status = 'confirmed' AND ordered_on BETWEEN :start AND :end
        GROUP BY employee_id
    """,
    "customers": """
        SELECT owner_id,
               COUNT(*) FILTER (WHERE acquired_on >= :start),
               COUNT(*) FILTER (WHERE acquired_on < :start)
        FROM crm_customer WHERE acquired_on <= :end
        GROUP BY owner_id
    """,
    "surveys": """
        SELECT employee_id, COUNT(*), AVG(satisfaction),
               COUNT(*) FILTER (WHERE recommend >= 9),
               COUNT(*) FILTER (WHERE recommend <= 6)
        FROM crm_survey WHERE answered_on BETWEEN :start AND :end
        GROUP BY employee_id
    """,
    "complaints": """
        SELECT employee_id, COUNT(*) FROM crm_complaint
        WHERE filed_on BETWEEN :start AND :end
        GROUP BY employee_id
    """,
    "visits": """
        SELECT employee_id, COUNT(*) FROM crm_visit
        WHERE visited_on BETWEEN :start AND :end
        GROUP BY employee_id
    """,
    "tasks": """
        SELECT employee_id, COUNT(*),
               COUNT(*) FILTER (WHERE completed_on <= due_on)
        FROM planning_task WHERE due_on BETWEEN :start AND :end
        GROUP BY employee_id
    """,
    "assessments": """
        SELECT employee_id, kind, AVG(score) FROM people_assessment
        WHERE assessed_on BETWEEN :start AND :end
        GROUP BY employee_id, kind
    """,
    # The period's own target, else the sum of its three months when all
    # three exist (scorecard.md, "Targets"), for a quarter.
    "targets": """
        SELECT employee_id, metric,
               COALESCE(
                   MAX(value) FILTER (WHERE period = :label),
                   CASE WHEN COUNT(*) FILTER (WHERE period <> :label) = 3
                        THEN SUM(value) FILTER (WHERE period <> :label) END)
        FROM planning_target
        WHERE period IN (:label, :m1, :m2, :m3)
        GROUP BY employee_id, metric
    """,
}

REQUESTS = {
    "postgresql": """
        SELECT employee_id,
               COUNT(*) FILTER (WHERE first_response_at IS NULL),
               percentile_cont(0.5) WITHIN GROUP (
                   ORDER BY EXTRACT(EPOCH FROM first_response_at - opened_at))
               / 3600
        FROM crm_request WHERE opened_on BETWEEN :start AND :end
        GROUP BY employee_id
    """,
    # The middle one or two answered requests of each rep, by response time.
    "sqlite": """
        WITH r AS (
            SELECT employee_id, first_response_at IS NULL AS open,
                   (unixepoch(first_response_at) - unixepoch(opened_at)) / 3600.0
                   AS hours
            FROM crm_request WHERE opened_on BETWEEN :start AND :end
        ), ranked AS (
            SELECT employee_id, hours,
                   ROW_NUMBER() OVER (PARTITION BY employee_id ORDER BY hours) AS i,
                   COUNT(*) OVER (PARTITION BY employee_id) AS n
            FROM r WHERE NOT open
        )
        SELECT employee_id, 0, AVG(hours) FROM ranked
        WHERE i IN ((n + 1) / 2, (n + 2) / 2)
        GROUP BY employee_id
        UNION ALL
        SELECT employee_id, COUNT(*), NULL FROM r WHERE open GROUP BY employee_id
    """,
}


# SQLite's planner reads these tables through their (employee, date) index
# for a period of all reps, visiting the rows in index order, scattered
# over the table; a plain scan in table order took half the time at scale 1
# (tasks 1.7 -> 0.8, requests 1.5 -> 1.0, surveys 0.49 -> 0.30,
# assessments 0.25 -> 0.08; visits and customers, read from a covering
# index, are faster as planned).
SQLITE_SCAN = [
    "planning_task",
    "crm_request",
    "crm_survey",
    "people_assessment",
]


def queries(vendor: str) -> dict[str, str]:
    """Every query of the baseline for ``vendor`` ("sqlite" or "postgresql")."""
    found = {"reps": REPS[vendor], **COMMON, "requests": REQUESTS[vendor]}
    if vendor == "sqlite":
        for name, sql in found.items():
            for table in SQLITE_SCAN:
                sql = re.sub(rf"FROM {table}\b", f"FROM {table} NOT INDEXED", sql)
            found[name] = sql
        # The period's orders, from the index that holds every column read
        # (0.35 s at scale 1 against 1.8 s for a scan, and 4 s through the
        # employee index, which the planner picks by itself).
        found["orders"] = found["orders"].replace(
            "FROM sales_order", "FROM sales_order INDEXED BY order_period_cover"
        )
    return found


def quarter(label: str, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """The parameters for a quarter such as ``2026-Q3``, cut at ``as_of``."""
    year, q = int(label[:4]), int(label[-1])
    start = dt.date(year, 3 * q - 2, 1)
    end = (
        dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)
    ) - dt.timedelta(days=1)
    if as_of is not None and as_of < end:
        end = as_of
    months = [f"{year}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)]
    return {
        "start": start,
        "end": end,
        "label": label,
        "m1": months[0],
        "m2": months[1],
        "m3": months[2],
    }


def _placeholders(sql: str, vendor: str, params: dict[str, Any]) -> str:
    if vendor == "postgresql":
        # psycopg names parameters %(name)s; typed dates need no cast.
        for name in sorted(params, key=len, reverse=True):
            sql = sql.replace(f":{name}", f"%({name})s")
    return sql


def run(conn: Any, vendor: str, params: dict[str, Any]) -> dict[str, list[tuple]]:
    """Run every query on a DB-API connection; return each one's rows."""
    if vendor == "sqlite":
        params = {
            k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items()
        }
    results = {}
    cur = conn.cursor()
    for name, sql in queries(vendor).items():
        cur.execute(_placeholders(sql, vendor, params), params)
        results[name] = cur.fetchall()
    cur.close()
    return results


def figures(results: dict[str, list[tuple]]) -> dict[str, dict[str, Any]]:
    """The metrics of every rep on the scorecard, keyed by employee number,
    from the rows of :func:`run`: what a scorecard must agree with."""
    by_id: dict[int, dict[str, Any]] = {}
    for rid, no, _name, _team, days in results["reps"]:
        by_id[rid] = {
            "employee_no": no,
            "employed_days": days,
            "revenue": 0,
            "order_count": 0,
            "new_customers": 0,
            "customer_growth_rate": None,
            "avg_satisfaction": None,
            "recommendation_rate": None,
            "nps": None,
            "complaints": 0,
            "visits": 0,
            "visits_per_week": 0.0,
            "task_on_time_rate": None,
            "median_response_hours": None,
            "unanswered_requests": 0,
            "knowledge_score": None,
            "communication_score": None,
            "teamwork_score": None,
            "targets": {},
        }

    def each(name: str):
        for row in results[name]:
            rep = by_id.get(row[0])
            if rep is not None:
                yield rep, row[1:]

    for rep, (revenue, count) in each("orders"):
        rep["revenue"], rep["order_count"] = revenue, count
    for rep, (new, base) in each("customers"):
        rep["new_customers"] = new
        rep["customer_growth_rate"] = new / base if base else None
    for rep, (n, avg, promoters, detractors) in each("surveys"):
        rep["avg_satisfaction"] = float(avg)
        rep["recommendation_rate"] = promoters / n
        rep["nps"] = 100 * (promoters - detractors) / n
    for rep, (n,) in each("complaints"):
        rep["complaints"] = n
    for rep, (n,) in each("visits"):
        rep["visits"] = n
    for rep, (n, on_time) in each("tasks"):
        rep["task_on_time_rate"] = on_time / n
    for rep, (kind, avg) in each("assessments"):
        rep[f"{kind}_score"] = float(avg)
    for rep, (unanswered, median) in each("requests"):
        rep["unanswered_requests"] += unanswered
        if median is not None:
            rep["median_response_hours"] = float(median)
    for rep, (metric, value) in each("targets"):
        if value is not None:
            rep["targets"][metric] = value
    for rep in by_id.values():
        rep["visits_per_week"] = rep["visits"] / (rep["employed_days"] / 7)
    return {rep["employee_no"]: rep for rep in by_id.values()}
