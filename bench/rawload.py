"""Load a generated company with plain bulk SQL: no validation at all.

A reference, not an importer: it shows how fast the database itself takes
the rows (COPY on PostgreSQL, ``executemany`` on SQLite) so that the
importer's rows/s can be read against a floor, and it lets the scorecard
and the baseline be measured before an importer exists.  It relies on the
generator's numbering (``C00000042`` is customer id 42) instead of looking
keys up, which only generated data and acme satisfy.

    python bench/rawload.py FOLDER   # DATABASE_URL or YEJI_HOME picks the DB
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ORDER = [
    "teams",
    "employees",
    "customers",
    "orders",
    "payments",
    "visits",
    "tasks",
    "requests",
    "surveys",
    "complaints",
    "assessments",
    "targets",
]
UTC = dt.UTC


def num(code: str) -> int:
    """The id of a generated record: the digits of its code."""
    return int(code.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def instant(text: str, tz: dt.tzinfo) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


def rows(folder: Path, kind: str, tz: dt.tzinfo, teams: dict[str, int]):
    """(table, columns, row iterator) for one file."""
    f = open(folder / f"{kind}.csv", encoding="utf-8-sig", newline="")
    reader = csv.reader(f)
    next(reader)
    n = lambda s: s or None  # noqa: E731 - empty cell is absent

    def local(at: dt.datetime) -> dt.date:
        return at.astimezone(tz).date()

    if kind == "teams":
        return (
            "org_team",
            ["id", "code", "name", "parent_id"],
            ((teams[r[0]], r[0], r[1], teams.get(r[2])) for r in reader),
        )
    if kind == "employees":
        return (
            "org_employee",
            ["id", "employee_no", "name", "team_id", "role", "email", "phone"]
            + ["hired_on", "left_on", "base_salary"],
            (
                (num(r[0]), r[0], r[1], teams[r[2]], r[3], r[4], r[5], r[6])
                + (n(r[7]), n(r[8]))
                for r in reader
            ),
        )
    if kind == "customers":
        return (
            "crm_customer",
            ["id", "code", "name", "owner_id", "acquired_on", "industry", "region"]
            + ["source", "level"],
            ((num(r[0]), r[0], r[1], num(r[2]), *r[3:8]) for r in reader),
        )
    if kind == "orders":
        return (
            "sales_order",
            ["id", "order_no", "customer_id", "employee_id", "ordered_on", "amount"]
            + ["status", "contract_no"],
            ((num(r[0]), r[0], num(r[1]), num(r[2]), *r[3:7]) for r in reader),
        )
    if kind == "payments":
        return (
            "sales_payment",
            ["id", "payment_no", "order_id", "paid_on", "amount"],
            ((num(r[0]), r[0], num(r[1]), r[2], r[3]) for r in reader),
        )
    if kind == "visits":

        def visit(r):
            at = instant(r[3], tz)
            return (num(r[0]), r[0], num(r[1]), num(r[2]), at, local(at), r[4], r[5])

        return (
            "crm_visit",
            ["id", "visit_no", "employee_id", "customer_id", "visited_at"]
            + ["visited_on", "channel", "summary"],
            map(visit, reader),
        )
    if kind == "tasks":
        return (
            "planning_task",
            ["id", "task_no", "employee_id", "title", "due_on", "completed_on"],
            ((num(r[0]), r[0], num(r[1]), r[2], r[3], n(r[4])) for r in reader),
        )
    if kind == "requests":

        def request(r):
            at = instant(r[3], tz)
            answered = instant(r[4], tz) if r[4] else None
            return (
                num(r[0]),
                r[0],
                num(r[1]),
                num(r[2]),
                at,
                local(at),
                answered,
                r[5],
            )

        return (
            "crm_request",
            ["id", "request_no", "customer_id", "employee_id", "opened_at"]
            + ["opened_on", "first_response_at", "subject"],
            map(request, reader),
        )
    if kind == "surveys":
        return (
            "crm_survey",
            ["id", "survey_no", "customer_id", "employee_id", "answered_on"]
            + ["satisfaction", "recommend", "comment"],
            ((num(r[0]), r[0], num(r[1]), num(r[2]), *r[3:7]) for r in reader),
        )
    if kind == "complaints":
        return (
            "crm_complaint",
            ["id", "complaint_no", "customer_id", "employee_id", "filed_on"]
            + ["category", "severity", "resolved_on"],
            (
                (num(r[0]), r[0], num(r[1]), num(r[2]), r[3], r[4], r[5], n(r[6]))
                for r in reader
            ),
        )
    if kind == "assessments":
        return (
            "people_assessment",
            ["id", "assessment_no", "employee_id", "kind", "assessed_on", "score"]
            + ["assessor_id"],
            (
                (
                    num(r[0]),
                    r[0],
                    num(r[1]),
                    r[2],
                    r[3],
                    r[4],
                    num(r[5]) if r[5] else None,
                )
                for r in reader
            ),
        )
    if kind == "targets":
        return (
            "planning_target",
            ["employee_id", "period", "metric", "value"],
            ((num(r[0]), r[1], r[2], r[3]) for r in reader),
        )
    raise ValueError(kind)


def _set_aside(raw, vendor: str, tables: list[str]) -> list[str]:
    """Drop the secondary indexes (and, on PostgreSQL, the foreign keys) of
    ``tables``; return the statements that put them back.

    Building an index once over loaded rows is many times faster than
    keeping it up to date row by row, above all in SQLite's small page
    cache; this is the path a first import into empty tables can take.
    """
    names = ", ".join(f"'{t}'" for t in tables)
    restore = []
    if vendor == "postgresql":
        with raw.cursor() as cur:
            cur.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                f"FROM pg_constraint WHERE contype = 'f' "
                f"AND conrelid::regclass::text IN ({names})"
            )
            fks = cur.fetchall()
            cur.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid "
                f"WHERE i.indrelid::regclass::text IN ({names}) AND c.oid IS NULL"
            )
            indexes = cur.fetchall()
            for table, name, _definition in fks:
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, definition in indexes:
                cur.execute(f"DROP INDEX {name}")
                restore.append(definition)
            restore += [
                f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
                for table, name, definition in fks
            ]
        raw.commit()
    else:
        indexes = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            f"AND sql IS NOT NULL AND tbl_name IN ({names})"
        ).fetchall()
        for name, sql in indexes:
            raw.execute(f'DROP INDEX "{name}"')
            restore.append(sql)
    return restore


def load(folder: Path, *, rebuild: bool = True) -> dict[str, tuple[int, float]]:
    """Load every file of ``folder`` into Django's default database.

    With ``rebuild``, secondary indexes and foreign keys are dropped first
    and built again at the end (timed as ``indexes``).
    """
    from django.db import connection

    tz = ZoneInfo(os.environ.get("YEJI_TIME_ZONE", "Asia/Shanghai"))
    with open(folder / "teams.csv", encoding="utf-8-sig") as f:
        teams = {r["code"]: i + 1 for i, r in enumerate(csv.DictReader(f))}
    vendor = connection.vendor
    connection.ensure_connection()
    raw = connection.connection
    out = {}
    tables = []
    big = ["sales_order", "sales_payment", "crm_visit", "crm_customer", "crm_request"]
    big += ["crm_survey", "planning_task"]
    restore = _set_aside(raw, vendor, big) if rebuild else []
    for kind in ORDER:
        if not (folder / f"{kind}.csv").exists():
            continue
        started = time.perf_counter()
        table, columns, it = rows(folder, kind, tz, teams)
        tables.append(table)
        count = 0
        if vendor == "postgresql":
            with raw.cursor() as cur:
                with cur.copy(
                    f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                ) as copy:
                    for row in it:
                        copy.write_row(row)
                        count += 1
        else:
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})"
            )

            def counted(it=it):
                nonlocal count
                for row in it:
                    count += 1
                    yield tuple(
                        v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
                        if isinstance(v, dt.datetime)
                        else v.isoformat()
                        if isinstance(v, dt.date)
                        else v
                        for v in row
                    )

            raw.execute("BEGIN")
            raw.executemany(sql, counted())
        raw.commit()
        out[kind] = (count, time.perf_counter() - started)
        print(f"{kind:<12} {count:>10,} rows {out[kind][1]:7.1f} s", flush=True)
    started = time.perf_counter()
    for statement in restore:
        raw.execute(statement)
    raw.commit()
    out["indexes"] = (0, time.perf_counter() - started)
    print(f"{'indexes':<12} {len(restore):>10,} made {out['indexes'][1]:7.1f} s")
    if vendor == "postgresql":
        with raw.cursor() as cur:
            for table in tables:
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE(MAX(id), 1)) FROM {table}"
                )
            cur.execute("ANALYZE")
        raw.commit()
    else:
        raw.execute("ANALYZE")
        raw.commit()
    return out


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yeji.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from yeji.cli import ensure_database

    ensure_database()
    total = load(Path(sys.argv[1]))
    rows_n = sum(c for c, _ in total.values())
    secs = sum(s for _, s in total.values())
    print(f"total {rows_n:,} rows in {secs:.1f} s: {rows_n / secs:,.0f} rows/s")
