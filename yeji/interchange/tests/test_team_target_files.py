"""team_targets.csv: the company's, regions' and teams' targets in the
interchange format (docs/data-format-targets.md): loading with a revision
per change, errors, a second import, XLSX, and an export that imports back
the same."""

from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from yeji.interchange.services import export_folder, import_path
from yeji.interchange.spec import KINDS
from yeji.interchange.tests.conftest import BASE, TEAMS
from yeji.targets.models import RevisionHow, TargetRevision, TeamTarget

pytestmark = pytest.mark.django_db

HEADER = "team_code,period,metric,value\n"
TEAM_TARGETS = HEADER + (
    "HQ,2026,revenue,1200000\n"
    "HQ,2026-q3,Orders,300\n"
    "EAST,2026-Q3,revenue,250000.5\n"
    "EAST,2026-07,visits,0\n"
)
FILES = {"teams.csv": TEAMS, "team_targets.csv": TEAM_TARGETS}


def counts(report):
    return {f.file: (f.created, f.updated, f.unchanged) for f in report.files}


def stored() -> dict[tuple[str, str, str], Decimal]:
    return {
        (t.team.code, t.period, t.metric): t.value
        for t in TeamTarget.objects.select_related("team")
    }


def revisions() -> list[tuple[str, str, str, Decimal | None, Decimal | None]]:
    return sorted(
        (r.team.code, r.period, r.metric, r.before, r.after)
        for r in TargetRevision.objects.select_related("team")
    )


def test_import_loads_team_targets_after_their_teams(folder):
    report = import_path(folder(FILES))

    assert report.ok, report.errors
    assert [f.file for f in report.files] == ["teams.csv", "team_targets.csv"]
    assert counts(report)["team_targets.csv"] == (4, 0, 0)
    assert stored() == {
        ("HQ", "2026", "revenue"): Decimal("1200000.00"),
        ("HQ", "2026-Q3", "orders"): Decimal(300),
        ("EAST", "2026-Q3", "revenue"): Decimal("250000.50"),
        ("EAST", "2026-07", "visits"): Decimal(0),
    }


def test_each_target_an_import_creates_is_a_revision(folder):
    assert import_path(folder(FILES)).ok

    assert revisions() == [
        ("EAST", "2026-07", "visits", None, Decimal(0)),
        ("EAST", "2026-Q3", "revenue", None, Decimal("250000.50")),
        ("HQ", "2026", "revenue", None, Decimal("1200000.00")),
        ("HQ", "2026-Q3", "orders", None, Decimal(300)),
    ]
    revision = TargetRevision.objects.first()
    assert revision.how == RevisionHow.IMPORT
    assert revision.employee is None
    # Run at the command line without a log-in: nobody to name.
    assert revision.changed_by is None
    assert revision.changed_at is not None


def test_a_second_import_changes_nothing_and_adds_no_revision(folder):
    path = folder(FILES)
    import_path(path)
    before = stored(), TargetRevision.objects.count()

    report = import_path(path)

    assert report.ok
    assert counts(report)["team_targets.csv"] == (0, 0, 4)
    assert (stored(), TargetRevision.objects.count()) == before


def test_a_changed_value_is_updated_with_its_before_and_after(folder):
    import_path(folder(FILES))
    last = TargetRevision.objects.order_by("-id").first().id
    changed = TEAM_TARGETS.replace("250000.5", "260000")
    changed += "EAST,2026,new_customers,40\n"

    report = import_path(folder({"team_targets.csv": changed}))

    assert report.ok, report.errors
    assert counts(report)["team_targets.csv"] == (1, 1, 3)
    assert stored()[("EAST", "2026-Q3", "revenue")] == Decimal("260000.00")
    new = TargetRevision.objects.filter(id__gt=last).select_related("team")
    assert sorted(
        (r.team.code, r.period, r.metric, r.before, r.after) for r in new
    ) == [
        ("EAST", "2026", "new_customers", None, Decimal(40)),
        ("EAST", "2026-Q3", "revenue", Decimal("250000.50"), Decimal("260000.00")),
    ]
    assert TargetRevision.objects.count() == 6


def test_import_from_the_page_names_who_ran_it_in_the_revision(folder):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yeji.interchange.services import upload_import, upload_receive

    admin = get_user_model().objects.create_superuser("boss", password="x")
    files = [SimpleUploadedFile(name, text.encode()) for name, text in FILES.items()]
    upload = upload_receive(user=admin, files=files, folder=[])

    assert upload_import(user=admin, token=upload.token).ok

    assert {r.changed_by for r in TargetRevision.objects.all()} == {admin}


def test_dry_run_counts_and_writes_nothing(folder):
    import_path(folder(FILES))
    changed = TEAM_TARGETS.replace("HQ,2026-q3,Orders,300", "HQ,2026-q3,Orders,320")
    changed += "EAST,2026-08,orders,12\n"
    before = stored(), revisions()

    report = import_path(folder({"team_targets.csv": changed}), dry_run=True)

    assert report.ok and report.dry_run
    assert counts(report)["team_targets.csv"] == (1, 1, 3)
    assert (stored(), revisions()) == before


def test_import_reports_every_bad_value_and_loads_nothing(folder):
    bad = HEADER + (
        "NORTH,2026,revenue,100\n"
        "HQ,2026-Q5,revenue,100\n"
        "HQ,2026-13,revenue,100\n"
        "HQ,2026,profit,100\n"
        "HQ,2026-Q1,revenue,-1\n"
        "HQ,2026-Q2,revenue,10.555\n"
        "HQ,2026-Q3,orders,12.5\n"
        "HQ,2026-Q4,visits,1.50\n"
        "HQ,2026-01,revenue,\n"
        "HQ,2026-02,revenue,lots\n"
        ",2026-03,revenue,1\n"
        "EAST,2026,revenue,1\n"
        "EAST,2026,Revenue,2\n"
    )

    report = import_path(folder({"teams.csv": TEAMS, "team_targets.csv": bad}))

    assert not report.ok
    assert [str(e) for e in report.errors] == [
        "team_targets.csv:2: team_code: 'NORTH' is neither in the database nor "
        "in teams.csv",
        "team_targets.csv:3: period: '2026-Q5' is not a period like 2026, 2026-Q3 "
        "or 2026-07",
        "team_targets.csv:4: period: '2026-13' is not a period like 2026, 2026-Q3 "
        "or 2026-07",
        "team_targets.csv:5: metric: unknown value 'profit'; expected one of: "
        "revenue, orders, new_customers, visits",
        "team_targets.csv:6: value: -1 is less than 0",
        "team_targets.csv:7: value: 10.555 has more than 2 decimal places",
        "team_targets.csv:8: value: an orders, new_customers or visits target "
        "must be a whole number",
        "team_targets.csv:9: value: an orders, new_customers or visits target "
        "must be a whole number",
        "team_targets.csv:10: value: a value is required",
        "team_targets.csv:11: value: 'lots' is not a number like 1234.50",
        "team_targets.csv:12: team_code: a value is required",
        "team_targets.csv:14: metric: duplicate key EAST / 2026 / revenue, also "
        "on line 13",
    ]
    # A rejected batch writes nothing: not the teams of the run either.
    assert not TeamTarget.objects.exists()
    assert not TargetRevision.objects.exists()
    assert not import_path(folder({"team_targets.csv": bad})).ok


def test_import_reads_team_targets_from_xlsx_with_typed_cells(folder, tmp_path):
    import_path(folder({"teams.csv": TEAMS}))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["team_code", "period", "metric", "value"])
    sheet.append(["HQ", 2026, "revenue", 1234.5])
    sheet.append(["HQ", "2026-Q3", "orders", 83])
    sheet.append(["EAST", "2026-07", "Visits", 12.0])
    sheet.append([None, None, None, None])
    sheet.append(["EAST", "2026", "new_customers", 0])
    book.save(tmp_path / "team_targets.xlsx")

    report = import_path(tmp_path / "team_targets.xlsx")

    assert report.ok, report.errors
    assert stored() == {
        ("HQ", "2026", "revenue"): Decimal("1234.50"),
        ("HQ", "2026-Q3", "orders"): Decimal(83),
        ("EAST", "2026-07", "visits"): Decimal(12),
        ("EAST", "2026", "new_customers"): Decimal(0),
    }
    again = import_path(tmp_path / "team_targets.xlsx", dry_run=True)
    assert counts(again)["team_targets.xlsx"] == (0, 0, 4)


def test_import_names_the_sheet_row_of_each_bad_xlsx_cell(folder, tmp_path):
    import_path(folder({"teams.csv": TEAMS}))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["team_code", "period", "metric", "value"])
    sheet.append(["HQ", "2026", "revenue", 1234.567])
    sheet.append(["HQ", 2026.5, "orders", 8.5])
    sheet.append(["WEST", "2026", "revenue", -3])
    book.save(tmp_path / "team_targets.xlsx")

    report = import_path(tmp_path / "team_targets.xlsx")

    assert [str(e) for e in report.errors] == [
        "team_targets.xlsx:2: value: 1234.567 has more than 2 decimal places",
        "team_targets.xlsx:3: period: '2026.5' is not a period like 2026, 2026-Q3 "
        "or 2026-07",
        "team_targets.xlsx:3: value: an orders, new_customers or visits target "
        "must be a whole number",
        "team_targets.xlsx:4: team_code: 'WEST' is neither in the database nor "
        "in teams.csv",
        "team_targets.xlsx:4: value: -3 is less than 0",
    ]
    assert not TeamTarget.objects.exists()


def _empty_database() -> None:
    TargetRevision.objects.all().delete()
    with connection.cursor() as cursor:
        for kind in reversed(KINDS):
            cursor.execute(f"DELETE FROM {kind.model._meta.db_table}")


def test_export_imports_into_an_empty_database_as_the_same_files(folder, tmp_path):
    assert import_path(folder({**BASE, "team_targets.csv": TEAM_TARGETS})).ok
    export_folder(tmp_path / "first")
    _empty_database()

    report = import_path(tmp_path / "first")
    export_folder(tmp_path / "second")

    assert report.ok, report.errors
    first = {p.name: p.read_bytes() for p in (tmp_path / "first").iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "second").iterdir()}
    assert "team_targets.csv" in first
    assert first == second
    # Rows in key order (by code point: EAST before HQ); counts as whole
    # numbers, money with two places.
    assert first["team_targets.csv"].decode() == HEADER + (
        "EAST,2026-07,visits,0\n"
        "EAST,2026-Q3,revenue,250000.50\n"
        "HQ,2026,revenue,1200000.00\n"
        "HQ,2026-Q3,orders,300\n"
    )
    assert counts(report)["team_targets.csv"] == (4, 0, 0)
