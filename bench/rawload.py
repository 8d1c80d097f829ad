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


# The big files go in by the database's own CSV reader (server-side COPY on
# PostgreSQL, the sqlite3 shell's .import) and one INSERT ... SELECT that
# turns codes into ids and text into types: no Python per row.  Each entry:
# the CSV's columns, the table, and its columns with their SQL expressions,
# where ID(c, n) is the number after the n-letter prefix of column c,
# AT(c) an instant and ON(c) its local date.
FAST = {
    "customers": (
        "code name owner_employee_no acquired_on industry region source level",
        "crm_customer",
        {
            "id": "ID(code, 1)",
            "code": "code",
            "name": "name",
            "owner_id": "ID(owner_employee_no, 1)",
            "acquired_on": "DATE(acquired_on)",
            "industry": "TXT(industry)",
            "region": "TXT(region)",
            "source": "TXT(source)",
            "level": "TXT(level)",
        },
    ),
    "orders": (
        "order_no customer_code employee_no ordered_on amount status contract_no",
        "sales_order",
        {
            "id": "ID(order_no, 2)",
            "order_no": "order_no",
            "customer_id": "ID(customer_code, 1)",
            "employee_id": "ID(employee_no, 1)",
            "ordered_on": "DATE(ordered_on)",
            "amount": "MONEY(amount)",
            "status": "status",
            "contract_no": "TXT(contract_no)",
        },
    ),
    "payments": (
        "payment_no order_no paid_on amount",
        "sales_payment",
        {
            "id": "ID(payment_no, 2)",
            "payment_no": "payment_no",
            "order_id": "ID(order_no, 2)",
            "paid_on": "DATE(paid_on)",
            "amount": "MONEY(amount)",
        },
    ),
    "visits": (
        "visit_no employee_no customer_code visited_at channel summary",
        "crm_visit",
        {
            "id": "ID(visit_no, 1)",
            "visit_no": "visit_no",
            "employee_id": "ID(employee_no, 1)",
            "customer_id": "ID(customer_code, 1)",
            "visited_at": "AT(visited_at)",
            "visited_on": "ON(visited_at)",
            "channel": "channel",
            "summary": "TXT(summary)",
        },
    ),
    "tasks": (
        "task_no employee_no title due_on completed_on",
        "planning_task",
        {
            "id": "ID(task_no, 1)",
            "task_no": "task_no",
            "employee_id": "ID(employee_no, 1)",
            "title": "title",
            "due_on": "DATE(due_on)",
            "completed_on": "DATE(NULLIF(completed_on, ''))",
        },
    ),
    "requests": (
        "request_no customer_code employee_no opened_at first_response_at subject",
        "crm_request",
        {
            "id": "ID(request_no, 2)",
            "request_no": "request_no",
            "customer_id": "ID(customer_code, 1)",
            "employee_id": "ID(employee_no, 1)",
            "opened_at": "AT(opened_at)",
            "opened_on": "ON(opened_at)",
            "first_response_at": "AT(NULLIF(first_response_at, ''))",
            "subject": "TXT(subject)",
        },
    ),
    "surveys": (
        "survey_no customer_code employee_no answered_on satisfaction recommend comment",
        "crm_survey",
        {
            "id": "ID(survey_no, 2)",
            "survey_no": "survey_no",
            "customer_id": "ID(customer_code, 1)",
            "employee_id": "ID(employee_no, 1)",
            "answered_on": "DATE(answered_on)",
            "satisfaction": "INT(satisfaction)",
            "recommend": "INT(recommend)",
            "comment": "TXT(comment)",
        },
    ),
}


def _expand(expr: str, vendor: str, tz_hours: int) -> str:
    """The SQL of one FAST expression for ``vendor``."""
    import re

    def sub(pattern, repl, text):
        while True:
            new = re.sub(pattern, repl, text)
            if new == text:
                return new
            text = new

    arg = r"([a-z_]+|NULLIF\([a-z_]+, ''\))"
    if vendor == "postgresql":
        naive = r"CASE WHEN \1 ~ '(Z|[+-]\\d\\d:\\d\\d)$' THEN \1::timestamptz ELSE \1::timestamp AT TIME ZONE 'Asia/Shanghai' END"
        expr = sub(r"ID\(([a-z_]+), (\d)\)", r"substr(\1, \2 + 1)::bigint", expr)
        expr = sub(rf"DATE\({arg}\)", r"\1::date", expr)
        expr = sub(rf"MONEY\({arg}\)", r"\1::numeric", expr)
        expr = sub(rf"INT\({arg}\)", r"\1::smallint", expr)
        expr = sub(rf"TXT\({arg}\)", r"COALESCE(\1, '')", expr)
        expr = sub(
            rf"ON\({arg}\)", f"(({naive}) AT TIME ZONE 'Asia/Shanghai')::date", expr
        )
        expr = sub(rf"AT\({arg}\)", naive, expr)
        return expr
    shift = f"'{-tz_hours:+d} hours'"
    utc = (
        r"CASE WHEN \1 LIKE '%Z' OR substr(\1, -6, 1) IN ('+', '-') "
        rf"THEN datetime(\1) ELSE datetime(\1, {shift}) END"
    )
    expr = sub(r"ID\(([a-z_]+), (\d)\)", r"CAST(substr(\1, \2 + 1) AS INTEGER)", expr)
    expr = sub(rf"DATE\({arg}\)", r"\1", expr)
    expr = sub(rf"MONEY\({arg}\)", r"CAST(\1 AS REAL)", expr)
    expr = sub(rf"INT\({arg}\)", r"CAST(\1 AS INTEGER)", expr)
    expr = sub(rf"TXT\({arg}\)", r"\1", expr)
    expr = sub(rf"ON\({arg}\)", f"date({utc}, '{tz_hours:+d} hours')", expr)
    expr = sub(rf"AT\({arg}\)", utc, expr)
    return expr


def fast_load(raw, vendor: str, kind: str, path: Path, database: str) -> int:
    """Load one big file with the database's own CSV reader; return its rows."""
    columns, table, targets = FAST[kind]
    cols = columns.split()
    select = ", ".join(_expand(e, vendor, 8) for e in targets.values())
    insert = (
        f"INSERT INTO {table} ({', '.join(targets)}) SELECT {select} FROM bench_raw"
    )
    if vendor == "postgresql":
        with raw.cursor() as cur:
            cur.execute(
                f"CREATE TEMP TABLE bench_raw ({', '.join(c + ' text' for c in cols)})"
            )
            cur.execute(f"COPY bench_raw FROM '{path}' WITH (FORMAT csv, HEADER true)")
            cur.execute(insert)
            count = cur.rowcount
            cur.execute("DROP TABLE bench_raw")
        raw.commit()
        return count
    import subprocess

    raw.commit()
    script = "\n".join(
        [
            "PRAGMA synchronous=OFF;",
            "PRAGMA cache_size=-262144;",
            f"CREATE TEMP TABLE bench_raw ({', '.join(c + ' TEXT' for c in cols)});",
            f".import --csv --skip 1 --schema temp '{path}' bench_raw",
            "BEGIN;",
            insert.replace("FROM bench_raw", "FROM temp.bench_raw") + ";",
            "COMMIT;",
            "SELECT COUNT(*) FROM temp.bench_raw;",
        ]
    )
    out = subprocess.run(
        ["sqlite3", "-bail", str(database)],
        input=script,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


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


def load(
    folder: Path, *, rebuild: bool = True, fast: bool = True
) -> dict[str, tuple[int, float]]:
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
        if fast and kind in FAST:
            count = fast_load(
                raw,
                vendor,
                kind,
                (folder / f"{kind}.csv").resolve(),
                connection.settings_dict["NAME"],
            )
        elif vendor == "postgresql":
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
