"""``yeji scorecard`` prints the scorecard for people, spreadsheets and
programs, and refuses bad input with a message and a non-zero exit."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from yeji.i18n import compile_po
from yeji.performance.render import text_table, text_width
from yeji.performance.tests import factories as f

pytestmark = pytest.mark.django_db

PO = Path(__file__).resolve().parents[1] / "locale/zh_Hans/LC_MESSAGES/django.po"


def run(**options) -> str:
    out = io.StringIO()
    call_command("scorecard", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def two_reps():
    east = f.team("EAST")
    wang = f.rep("E001", team=east, name="王小明")
    li = f.rep("E002", team=east, name="Li Lei")
    f.target(wang, "2026-07", "revenue", "1000")
    f.order(wang, "2026-07-03", "1234.50")
    f.order(li, "2026-07-04", "99.00")
    return wang, li


def test_table_aligns_columns_counting_wide_characters_as_two():
    table = text_table(["姓名", "分"], [["张伟", "1"], ["Li", "22"]], right={1})

    lines = table.splitlines()
    assert lines == ["姓名  分", "----  --", "张伟   1", "Li    22"]
    assert {text_width(line) for line in lines} == {8}


def test_table_lists_reps_in_rank_order_with_teams_after(two_reps):
    text = run(period="2026-07", as_of="2026-12-31")

    assert "Scorecard 2026-07 (2026-07-01 to 2026-07-31), template default" in text
    assert text.index("E001") < text.index("E002")
    assert "1,234.50" in text
    rows = [line for line in text.splitlines() if line.strip().startswith(("1 ", "2 "))]
    # The score column ends at the same terminal column on every row.
    assert len({text_width(row.rsplit("  ", 1)[0]) for row in rows}) == 1


def test_table_headings_are_chinese_when_the_language_is(two_reps, settings, tmp_path):
    # Compiled here from the .po in the repository, whatever .mo lies beside it.
    target = tmp_path / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    compile_po(PO, target / "django.mo")
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]

    with translation.override("zh-hans"):
        text = run(period="2026-07", as_of="2026-12-31")

    for heading in [
        "排名",
        "工号",
        "姓名",
        "团队",
        "销售额",
        "销售业绩",
        "总分",
        "等级",
    ]:
        assert heading in text
    assert "记分卡 2026-07" in text


def test_csv_has_one_row_per_rep_with_every_metric(two_reps):
    rows = list(csv.DictReader(io.StringIO(run(period="2026-07", format="csv"))))

    assert [r["employee_no"] for r in rows] == ["E001", "E002"]
    assert rows[0]["rank"] == "1"
    assert rows[0]["name"] == "王小明"
    assert rows[0]["revenue"] == "1234.50"
    assert rows[0]["median_response_hours"] == ""
    assert {"sales", "quality", "score", "grade", "teamwork_score"} <= set(rows[0])


def test_json_is_the_object_of_scorecard_md(two_reps):
    data = json.loads(run(period="2026-07", as_of="2026-12-31", format="json"))

    assert data["period"] == {
        "label": "2026-07",
        "start": "2026-07-01",
        "end": "2026-07-31",
    }
    assert data["template"] == "default"
    assert data["reps"][0]["name"] == "王小明"
    assert data["reps"][0]["metrics"]["revenue"] == "1234.50"
    assert data["teams"] == [
        {
            "team_code": "EAST",
            "revenue": "1333.50",
            "order_count": 2,
            "new_customers": 0,
            "complaints": 0,
            "visits": 0,
        }
    ]


def test_json_of_a_team_and_a_range(two_reps):
    data = json.loads(
        run(start="2026-07-01", end="2026-07-03", team="EAST", format="json")
    )

    assert data["period"]["label"] == "2026-07-01..2026-07-03"
    assert [r["employee_no"] for r in data["reps"]] == ["E001", "E002"]
    assert data["reps"][0]["metrics"]["revenue"] == "1234.50"
    assert data["reps"][1]["metrics"]["revenue"] == "0.00"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"period": "2026-Q5"}, "is not a period"),
        (
            {"period": "2026", "template": "nope"},
            "There is no scorecard template 'nope'",
        ),
        ({"period": "2026", "team": "NOPE"}, "There is no team 'NOPE'"),
        ({"period": "2026", "explain": "E999"}, "E999 is not on the scorecard of 2026"),
        ({"period": "2026", "explain": "E001", "metric": "x"}, "There is no metric"),
        ({"period": "2026", "metric": "revenue"}, "--metric goes with --explain"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(two_reps, options, message):
    with pytest.raises(CommandError, match=message):
        run(as_of="2026-12-31", **options)


def test_bad_period_exits_non_zero_from_the_yeji_command(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["YEJI_HOME"] = str(tmp_path)

    done = subprocess.run(
        [sys.executable, "-m", "yeji.cli", "scorecard", "--period", "2026-Q5"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode != 0
    # In English, or in Chinese once the translations are compiled.
    assert "is not a period" in done.stderr or "不是有效期间" in done.stderr
