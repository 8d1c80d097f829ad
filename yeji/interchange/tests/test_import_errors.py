"""Bad input: every error named by file, line and column; nothing written."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from yeji.interchange.services import import_path
from yeji.interchange.tests.conftest import BASE, ORDERS_HEADER
from yeji.sales.models import Order

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(folder, snapshot):
    """The small company of conftest, loaded; returns its snapshot."""
    assert import_path(folder(BASE)).ok
    return snapshot()


def assert_rejected(path, snapshot, before, *expected):
    report = import_path(path)
    printed = [str(error) for error in report.errors]
    for line in expected:
        assert line in printed, printed
    assert not report.ok
    assert snapshot() == before


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "SO9,C1,E1,2026-13-01,10,confirmed,",
            "orders.csv:2: ordered_on: '2026-13-01' is not a date like 2026-07-01",
        ),
        (
            "SO9,C1,E1,2026-07-01,12.345,confirmed,",
            "orders.csv:2: amount: 12.345 has more than 2 decimal places",
        ),
        (
            "SO9,C1,E1,2026-07-01,1,234.00,confirmed,",
            "orders.csv:2: status: unknown value '234.00'; "
            "expected one of: confirmed, cancelled, returned",
        ),
        (
            "SO9,C1,E1,2026-07-01,10,shipped,",
            "orders.csv:2: status: unknown value 'shipped'; "
            "expected one of: confirmed, cancelled, returned",
        ),
        (
            "SO9,C1,E1,2026-07-01,-3,confirmed,",
            "orders.csv:2: amount: -3 is less than 0",
        ),
        (
            "SO9,C404,E1,2026-07-01,10,confirmed,",
            "orders.csv:2: customer_code: 'C404' is neither in the database "
            "nor in customers.csv",
        ),
        (
            "SO9,,E1,2026-07-01,10,confirmed,",
            "orders.csv:2: customer_code: a value is required",
        ),
    ],
    ids=[
        "malformed-date",
        "three-decimals",
        "thousands-separator",
        "unknown-enum",
        "negative-amount",
        "unknown-customer",
        "missing-value",
    ],
)
def test_import_rejects_bad_order_value(folder, snapshot, loaded, row, expected):
    path = folder({"orders.csv": ORDERS_HEADER + row + "\n"})

    assert_rejected(path, snapshot, loaded, expected)


def test_import_rejects_missing_required_column(folder, snapshot, loaded):
    path = folder(
        {"orders.csv": "order_no,customer_code,employee_no,ordered_on,status\n"}
    )

    assert_rejected(
        path, snapshot, loaded, "orders.csv:1: amount: required column is missing"
    )


def test_import_rejects_duplicate_key_naming_both_lines(folder, snapshot, loaded):
    rows = "SO7,C1,E1,2026-07-01,1,confirmed,\nSO8,C1,E1,2026-07-01,1,confirmed,\n"
    path = folder(
        {"orders.csv": ORDERS_HEADER + rows + "SO7,C2,E1,2026-07-03,2,confirmed,\n"}
    )

    assert_rejected(
        path,
        snapshot,
        loaded,
        "orders.csv:4: order_no: duplicate key SO7, also on line 2",
    )


def test_import_rejects_cycle_in_team_tree(folder, snapshot, loaded):
    # HQ exists with no parent; the run puts it below a new team that is
    # below EAST, which is below HQ.
    path = folder(
        {"teams.csv": "code,name,parent_code\nHQ,总部,NORTH\nNORTH,华北,EAST\n"}
    )

    report = import_path(path)

    printed = [str(error) for error in report.errors]
    assert (
        "teams.csv:2: parent_code: the team tree has a cycle: HQ → NORTH → EAST → HQ"
        in printed
    )
    assert snapshot() == loaded


def test_import_rejects_negative_target(folder, snapshot, loaded):
    path = folder(
        {"targets.csv": "employee_no,period,metric,value\nE1,2026-Q3,revenue,-5\n"}
    )

    assert_rejected(
        path, snapshot, loaded, "targets.csv:2: value: -5 must be more than 0"
    )


def test_import_rejects_bad_target_period_and_fractional_count(
    folder, snapshot, loaded
):
    path = folder(
        {
            "targets.csv": "employee_no,period,metric,value\n"
            "E1,2026-Q5,revenue,100\nE1,2026-07,orders,2.5\n"
        }
    )

    assert_rejected(
        path,
        snapshot,
        loaded,
        "targets.csv:2: period: '2026-Q5' is not a period like 2026, 2026-Q3 or 2026-07",
        "targets.csv:3: value: an orders, new_customers or visits target must be a whole number",
    )


def test_import_rejects_xlsx_that_is_not_a_workbook(folder, snapshot, loaded):
    path = folder({"orders.xlsx": b"PK\x03\x04 this is no zip archive"})

    assert_rejected(
        path, snapshot, loaded, "orders.xlsx:1: the file is not a valid XLSX workbook"
    )


def test_import_rejects_empty_file(folder, snapshot, loaded):
    path = folder({"orders.csv": b""})

    assert_rejected(
        path,
        snapshot,
        loaded,
        "orders.csv:1: the file is empty; a header row is expected",
    )


def test_import_rejects_rules_between_columns(folder, snapshot, loaded):
    path = folder(
        {
            "employees.csv": "employee_no,name,team_code,role,hired_on,left_on\n"
            "E9,赵六,EAST,rep,2026-03-01,2026-02-28\n",
            "requests.csv": "request_no,customer_code,employee_no,opened_at,first_response_at\n"
            "RQ1,C1,E1,2026-07-01T10:00:00+08:00,2026-07-01T01:59:00Z\n",
        }
    )

    assert_rejected(
        path,
        snapshot,
        loaded,
        "employees.csv:2: left_on: the employee cannot leave before being hired (hired_on)",
        "requests.csv:2: first_response_at: the first response cannot come before "
        "the request (opened_at)",
    )


def test_import_reports_every_error_of_the_run(folder, snapshot, loaded):
    path = folder(
        {
            "customers.csv": "code,name,owner_employee_no,acquired_on\n"
            "C3,丙公司,E404,2026-01-01\n",
            "orders.csv": ORDERS_HEADER
            + "SO9,C3,E1,2026-07-01,10,confirmed,\n"
            + "SO10,C1,E1,yesterday,10,confirmed,\n",
            "surveys.csv": "survey_no,customer_code,employee_no,answered_on,satisfaction,recommend\n"
            "SV1,C1,E1,2026-07-01,6,11\n",
        }
    )

    assert_rejected(
        path,
        snapshot,
        loaded,
        "customers.csv:2: owner_employee_no: 'E404' is neither in the database "
        "nor in employees.csv",
        "orders.csv:3: ordered_on: 'yesterday' is not a date like 2026-07-01",
        "surveys.csv:2: satisfaction: 6 is not between 1 and 5",
        "surveys.csv:2: recommend: 11 is not between 0 and 10",
    )


def test_import_accepts_reference_to_record_of_the_same_run(folder):
    path = folder(
        {
            "customers.csv": "code,name,owner_employee_no,acquired_on\n"
            "C3,丙公司,E1,2026-01-01\n",
            "orders.csv": ORDERS_HEADER + "SO9,C3,E1,2026-07-01,10,confirmed,\n",
        }
    )
    assert import_path(folder(BASE)).ok

    report = import_path(path)

    assert report.ok, report.errors
    assert Order.objects.get(order_no="SO9").customer.code == "C3"


def test_large_file_with_one_bad_row_imports_nothing(folder, snapshot, loaded):
    lines = [ORDERS_HEADER]
    for n in range(100_000):
        amount = "12.345" if n == 50_000 else f"{n % 1000}.{n % 100:02d}"
        lines.append(f"SO{n:06d},C{1 + n % 2},E1,2026-07-01,{amount},confirmed,\n")
    path = folder({"orders.csv": "".join(lines)})

    report = import_path(path)

    assert [str(e) for e in report.errors] == [
        "orders.csv:50002: amount: 12.345 has more than 2 decimal places"
    ]
    assert snapshot() == loaded


def test_import_command_prints_errors_and_fails(folder, loaded):
    path = folder(
        {"orders.csv": ORDERS_HEADER + "SO9,C1,E1,2026-07-01,12.345,confirmed,\n"}
    )
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 error; nothing was imported"):
        call_command("import", str(path), stderr=err, stdout=io.StringIO())

    assert (
        "orders.csv:2: amount: 12.345 has more than 2 decimal places" in err.getvalue()
    )


COMPILED = Path(__file__).resolve().parents[1] / "locale/zh_Hans/LC_MESSAGES/django.mo"


@pytest.mark.skipif(
    not COMPILED.exists(), reason="the Chinese messages are not compiled yet"
)
def test_import_reports_errors_in_chinese(folder, loaded):
    path = folder(
        {"orders.csv": ORDERS_HEADER + "SO9,C404,E1,2026-07-01,12.345,confirmed,\n"}
    )

    with translation.override("zh-hans"):
        report = import_path(path)

    assert [str(error) for error in report.errors] == [
        "orders.csv:2: customer_code: 'C404' 既不在数据库中，也不在 customers.csv 中",
        "orders.csv:2: amount: 12.345 的小数超过 2 位",
    ]


def test_import_reports_a_row_the_database_refuses(folder, snapshot, loaded):
    # left_on is not in the file, so only the stored one can be compared.
    path = folder(
        {
            "employees.csv": "employee_no,name,team_code,role,hired_on,left_on\n"
            "E3,赵六,EAST,rep,2024-01-01,2025-01-31\n"
        }
    )
    assert import_path(path).ok
    before = snapshot()
    later = folder(
        {
            "employees.csv": "employee_no,name,team_code,role,hired_on\n"
            "E3,赵六,EAST,rep,2025-06-01\n"
        }
    )

    report = import_path(later)

    assert not report.ok
    assert str(report.errors[0]).startswith(
        "employees.csv:1: the database refused the data:"
    )
    assert snapshot() == before


def test_import_refuses_a_folder_without_files_of_the_format(tmp_path):
    (tmp_path / "readme.txt").write_text("nothing here")

    report = import_path(tmp_path)

    assert [str(e) for e in report.errors] == [
        f"{tmp_path.name}:1: no file of the format in this folder"
    ]
