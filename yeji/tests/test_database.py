"""The embedded database: WAL mode, and brought up to date by any command."""

import json
import os
import sqlite3

import pytest

from yeji.tests.processes import run_yeji

# These start `yeji` on the embedded SQLite default, whatever database the
# suite itself runs on; the SQLite pass covers them.
pytestmark = pytest.mark.skipif(
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


def test_command_brings_an_older_database_up_to_date(tmp_path):
    assert run_yeji(tmp_path, "migrate", "performance", "0001").returncode == 0
    database = sqlite3.connect(tmp_path / "yeji.sqlite3")
    count = "SELECT count(*) FROM performance_scorecardtemplate"
    assert database.execute(count).fetchone() == (0,)

    result = run_yeji(tmp_path, "shell", "-c", REPORT)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["wal", "1"]


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
