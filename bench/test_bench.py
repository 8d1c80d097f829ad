"""Quick checks of the benchmark's own parts (``pytest bench``, a few seconds).

The yardstick is only worth something if it computes the published figures,
and the generated company only if it is the same every time.
"""

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline  # noqa: E402
import generate  # noqa: E402
import rawload  # noqa: E402

ACME = Path(__file__).resolve().parents[2] / "shared" / "samples" / "acme"
if not ACME.exists():
    ACME = Path("/work/shared/samples/acme")


def test_generated_company_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first = generate.generate(scale=0.0005, out=tmp_path / "a", jobs=1)
    second = generate.generate(scale=0.0005, out=tmp_path / "b", jobs=2)

    assert first["rows"] == second["rows"]
    for path in sorted((tmp_path / "a" / "base").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / "base" / path.name).read_bytes()


def test_generated_orders_name_known_customers_and_reps(tmp_path: Path) -> None:
    generate.generate(scale=0.0005, out=tmp_path, jobs=1)
    base = tmp_path / "base"

    def column(name: str, col: str) -> set[str]:
        with open(base / f"{name}.csv", encoding="utf-8") as f:
            return {row[col] for row in csv.DictReader(f)}

    assert column("orders", "customer_code") <= column("customers", "code")
    assert column("orders", "employee_no") <= column("employees", "employee_no")
    assert column("payments", "order_no") <= column("orders", "order_no")


@pytest.mark.skipif(not ACME.exists(), reason="the acme sample is not here")
@pytest.mark.django_db(transaction=True)
def test_baseline_sql_gives_acme_expected_quarter() -> None:
    from django.db import connection

    rawload.load(ACME, fast=False)  # the shell cannot reach an in-memory test DB
    connection.ensure_connection()
    rows = baseline.run(
        connection.connection,
        connection.vendor,
        baseline.quarter("2026-Q3", as_of=dt.date(2026, 12, 31)),
    )
    figures = baseline.figures(rows)

    expected = json.loads((ACME / "expected" / "scorecard-2026-Q3.json").read_text())
    assert sorted(figures) == sorted(r["employee_no"] for r in expected["reps"])
    for rep in expected["reps"]:
        mine = figures[rep["employee_no"]]
        for name, value in rep["metrics"].items():
            if name == "revenue":
                got = Decimal(str(mine[name])).quantize(Decimal("0.01"))
                assert got == Decimal(value), (rep["employee_no"], name)
            elif value is None:
                assert mine[name] is None, (rep["employee_no"], name)
            else:
                assert mine[name] == pytest.approx(value, abs=0.001), (
                    rep["employee_no"],
                    name,
                )


def test_load_runs_clients_against_a_served_company_without_errors(
    tmp_path: Path,
) -> None:
    generate.generate(scale=0.0005, out=tmp_path / "company", jobs=1)
    home = tmp_path / "home"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        and not k.startswith("PYTEST_")
    }
    env["YEJI_HOME"] = str(home)
    yeji = Path(sys.executable).with_name("yeji")
    imported = subprocess.run(
        [str(yeji), "import", str(tmp_path / "company" / "base")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert imported.returncode == 0, imported.stderr

    out = tmp_path / "load.json"
    load = Path(__file__).with_name("load.py")

    def run_load(*args: str) -> dict:
        command = [sys.executable, str(load), "--home", str(home), "--out", str(out)]
        run = subprocess.run(
            [*command, *args], env=env, capture_output=True, text=True, timeout=300
        )
        assert run.returncode == 0, run.stdout + run.stderr
        return json.loads(out.read_text())

    result = run_load("--clients", "6", "--seconds", "3", "--workers", "2")
    assert result["errors_total"] == 0
    assert result["database_locked"] == 0
    # Every operation of the mix ran, reads and writes.
    assert set(result["operations"]) == {
        "customer_list",
        "customer_read",
        "order_list",
        "team_scorecard",
        "visit_create",
        "customer_update",
        "order_create",
    }
    assert result["operations"]["customer_read"]["p99_ms"] > 0

    # --only sends the operations named, and no other.
    only = run_load(
        *("--clients", "2", "--seconds", "1", "--workers", "1"),
        *("--only", "customer_read,team_scorecard"),
    )
    assert set(only["operations"]) == {"customer_read", "team_scorecard"}
