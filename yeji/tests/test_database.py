"""The database: WAL mode, and brought up to date by any command."""

import json
import os
import sqlite3
import uuid
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
import pytest
from psycopg import sql

from yeji.tests.processes import run_yeji

# These start `yeji` on the embedded SQLite default, whatever database the
# suite itself runs on; the SQLite pass covers them.
sqlite_pass = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="tests the embedded SQLite database; runs in the SQLite pass",
)

REPORT = (
    "from django.db import connection\n"
    "from yeji.performance.models import ScorecardTemplate\n"
    "cursor = connection.cursor()\n"
    "cursor.execute('PRAGMA journal_mode')\n"
    "print(cursor.fetchone()[0], ScorecardTemplate.objects.count())\n"
)


@sqlite_pass
def test_first_command_creates_the_tables_of_an_empty_database_in_wal_mode(
    tmp_path,
):
    result = run_yeji(tmp_path, "shell", "-c", REPORT)

    assert result.returncode == 0, result.stderr
    # The connection is in WAL mode and the default template is there.
    assert result.stdout.splitlines()[-1].split() == ["wal", "1"]
    database = sqlite3.connect(tmp_path / "yeji.sqlite3")
    assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
    assert {"org_employee", "sales_order", "django_migrations"} <= tables


@sqlite_pass
def test_command_brings_an_older_database_up_to_date(tmp_path):
    assert run_yeji(tmp_path, "migrate", "performance", "0001").returncode == 0
    database = sqlite3.connect(tmp_path / "yeji.sqlite3")
    count = "SELECT count(*) FROM performance_scorecardtemplate"
    assert database.execute(count).fetchone() == (0,)

    result = run_yeji(tmp_path, "shell", "-c", REPORT)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["wal", "1"]


@sqlite_pass
def test_json_log_format_writes_one_json_object_per_line(tmp_path):
    result = run_yeji(
        tmp_path,
        "shell",
        "-c",
        "import logging\n"
        "logging.getLogger('yeji.check').warning("
        "'Imported %d rows', 3, extra={'run': 'R1'})\n",
        YEJI_LOG_FORMAT="json",
    )

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line]
    entry = next(line for line in lines if line["logger"] == "yeji.check")
    assert entry["level"] == "WARNING"
    assert entry["message"] == "Imported 3 rows"
    assert entry["run"] == "R1"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs the PostgreSQL server of the PostgreSQL pass",
)
def test_first_command_creates_the_tables_of_an_empty_postgresql_database(tmp_path):
    server = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"yeji_empty_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        dbname="postgres",
        user=server["USER"],
        password=server["PASSWORD"] or None,
        host=server["HOST"] or None,
        port=server["PORT"] or None,
        autocommit=True,
    )
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        url = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=name))
        report = REPORT.replace("'PRAGMA journal_mode'", "'SELECT 1'")

        result = run_yeji(tmp_path, "shell", "-c", report, DATABASE_URL=url)

        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1].split() == ["1", "1"]
    finally:
        admin.execute(
            sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.close()
