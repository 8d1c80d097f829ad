"""Importing good files: values, encodings, XLSX, updates and dry runs."""

import datetime as dt
import io
import threading
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection, transaction

from yeji.crm.models import Customer, Request, Visit
from yeji.interchange.services import import_path
from yeji.interchange.staging import Staging
from yeji.interchange.tests.conftest import (
    BASE,
    CUSTOMERS,
    EMPLOYEES,
    ORDERS_HEADER,
    TEAMS,
)
from yeji.org.models import Employee, Team
from yeji.sales.models import Order

pytestmark = pytest.mark.django_db


def sheet_time(*parts: int) -> dt.datetime:
    """A date-and-time as a spreadsheet cell holds it: without a zone."""
    return dt.datetime(*parts)  # noqa: DTZ001


def counts(report):
    return {f.file: (f.created, f.updated, f.unchanged) for f in report.files}


def test_import_loads_a_folder_in_load_order(folder):
    report = import_path(folder(BASE))

    assert report.ok, report.errors
    assert counts(report) == {
        "teams.csv": (2, 0, 0),
        "employees.csv": (2, 0, 0),
        "customers.csv": (2, 0, 0),
        "orders.csv": (2, 0, 0),
    }
    assert Team.objects.get(code="EAST").parent.code == "HQ"
    order = Order.objects.get(order_no="SO2")
    assert (order.customer.code, order.employee.employee_no) == ("C2", "E1")
    assert order.amount == Decimal("250.50")
    assert order.ordered_on == dt.date(2026, 7, 2)
    assert Customer.objects.get(code="C2").level == ""


def test_second_import_of_same_data_changes_nothing(folder):
    path = folder(BASE)
    import_path(path)

    report = import_path(path)

    assert report.ok
    assert set(counts(report).values()) == {(0, 0, 2)}


def test_import_updates_records_by_natural_key(folder):
    import_path(folder(BASE))
    changed = ORDERS_HEADER + (
        "SO1,C1,E1,2026-07-01,1000.00,confirmed,\n"
        "SO2,C1,E1,2026-07-02,300,CONFIRMED,HT2\n"
        "SO3,C2,E2,2026-07-05,5,returned,\n"
    )

    report = import_path(folder({"orders.csv": changed}))

    assert counts(report) == {"orders.csv": (1, 1, 1)}
    order = Order.objects.get(order_no="SO2")
    assert (order.customer.code, order.amount, order.status) == (
        "C1",
        Decimal("300.00"),
        "confirmed",
    )
    assert Order.objects.count() == 3


def test_import_leaves_columns_missing_from_the_file_as_they_are(folder):
    import_path(folder(BASE))

    import_path(
        folder(
            {
                "customers.csv": "code,name,owner_employee_no,acquired_on\nC1,甲公司新,E2,2025-03-01\n"
            }
        )
    )

    customer = Customer.objects.get(code="C1")
    assert (customer.name, customer.owner.employee_no) == ("甲公司新", "E2")
    assert (customer.industry, customer.level) == ("制造", "a")


def test_dry_run_counts_and_writes_nothing(folder):
    import_path(folder(BASE))
    changed = (
        ORDERS_HEADER
        + "SO2,C1,E1,2026-07-02,300,confirmed,\nSO3,C2,E2,2026-07-05,5,returned,\n"
    )

    report = import_path(folder({"orders.csv": changed}), dry_run=True)

    assert report.ok and report.dry_run
    assert counts(report) == {"orders.csv": (1, 1, 0)}
    assert Order.objects.get(order_no="SO2").amount == Decimal("250.50")
    assert not Order.objects.filter(order_no="SO3").exists()


@pytest.mark.parametrize(
    ("visited_at", "local_date"),
    [
        ("2026-07-01T00:10:00+08:00", dt.date(2026, 7, 1)),
        ("2026-06-30T16:30:00Z", dt.date(2026, 7, 1)),
        ("2026-06-30T15:59:00Z", dt.date(2026, 6, 30)),
        ("2026-06-30 23:50", dt.date(2026, 6, 30)),
        ("2026-07-01 00:00", dt.date(2026, 7, 1)),
        ("2026-07-01T00:30:00+09:00", dt.date(2026, 6, 30)),
    ],
)
def test_visit_gets_the_local_date_of_its_time(folder, visited_at, local_date):
    import_path(folder(BASE))
    visits = f"visit_no,employee_no,customer_code,visited_at,channel\nV1,E1,C1,{visited_at},Phone\n"

    report = import_path(folder({"visits.csv": visits}))

    assert report.ok, report.errors
    visit = Visit.objects.get()
    assert visit.visited_on == local_date
    assert visit.channel == "phone"


def test_request_offset_is_honoured(folder):
    import_path(folder(BASE))
    requests = (
        "request_no,customer_code,employee_no,opened_at,first_response_at,subject\n"
        "RQ1,C1,E1,2026-07-01T01:30:00Z,2026-07-01 10:00,发货\n"
    )

    import_path(folder({"requests.csv": requests}))

    request = Request.objects.get()
    assert request.opened_at == dt.datetime(2026, 7, 1, 1, 30, tzinfo=dt.UTC)
    assert request.first_response_at == dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)
    assert request.opened_on == dt.date(2026, 7, 1)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_import_reads_chinese_csv_in_each_encoding(folder, encoding):
    files = {"teams.csv": TEAMS, "employees.csv": EMPLOYEES, "customers.csv": CUSTOMERS}

    report = import_path(folder(files, encoding=encoding))

    assert report.ok, report.errors
    assert Employee.objects.get(employee_no="E1").name == "王芳"
    assert Customer.objects.get(code="C2").name == "乙公司"


def test_import_reads_typed_xlsx_cells(folder, tmp_path):
    import_path(folder(BASE))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["order_no", "customer_code", "employee_no", "ordered_on", "amount", "status"]
    )
    sheet.append(["SO5", "C1", "E1", dt.date(2026, 7, 1), 1234.5, "confirmed"])
    sheet.append([])
    sheet.append(["SO6", "C2", "E1", sheet_time(2026, 7, 2), 77, "returned"])
    path = tmp_path / "orders.xlsx"
    book.save(path)

    report = import_path(path)

    assert report.ok, report.errors
    assert Order.objects.get(order_no="SO5").amount == Decimal("1234.50")
    assert Order.objects.get(order_no="SO6").ordered_on == dt.date(2026, 7, 2)


def test_import_names_the_sheet_row_of_a_bad_xlsx_cell(folder, tmp_path, snapshot):
    import_path(folder(BASE))
    before = snapshot()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["visit_no", "employee_no", "customer_code", "visited_at", "channel"])
    sheet.append(["V1", "E1", "C1", sheet_time(2026, 6, 30, 23, 50), "onsite"])
    sheet.append([])
    sheet.append(["V2", "E1", "C1", dt.date(2026, 7, 1), "onsite"])
    book.save(tmp_path / "visits.xlsx")
    book = openpyxl.Workbook()
    book.active.append(
        ["order_no", "customer_code", "employee_no", "ordered_on", "amount", "status"]
    )
    book.active.append(
        ["SO5", "C1", "E1", sheet_time(2026, 7, 1, 9, 30), 1234.567, "confirmed"]
    )
    book.save(tmp_path / "orders.xlsx")

    report = import_path(tmp_path / "orders.xlsx")
    assert [str(e) for e in report.errors] == [
        "orders.xlsx:2: ordered_on: 2026-07-01 09:30:00 has a time of day; a date is expected",
        "orders.xlsx:2: amount: 1234.567 has more than 2 decimal places",
    ]
    assert snapshot() == before

    assert import_path(tmp_path / "visits.xlsx").ok
    assert [v.visited_on for v in Visit.objects.order_by("visit_no")] == [
        dt.date(2026, 6, 30),
        dt.date(2026, 7, 1),
    ]


def test_import_warns_of_unknown_columns_and_files(folder):
    files = dict(BASE, **{"notes.csv": "a,b\n1,2\n"})
    files["teams.csv"] = "code,name,parent_code,colour\nHQ,总部,,red\nEAST,华东,HQ,\n"

    report = import_path(folder(files))

    assert report.ok
    assert [str(w) for w in report.warnings] == [
        "notes.csv:1: not a file of the format (teams, employees, customers, orders, "
        "payments, visits, tasks, requests, surveys, complaints, assessments, targets, "
        "team_targets, leads, opportunities); ignored",
        "teams.csv:1: colour: unknown column, ignored",
    ]


def test_first_bulk_load_keeps_every_index_and_constraint(folder, monkeypatch):
    from django.db import connection

    from yeji.interchange import merging

    def constraints():
        # The orders' table and their history's, which a first load fills
        # as fast, with its indexes built after.
        with connection.cursor() as cursor:
            found = {
                (table, name): c
                for table in ("sales_order", "sales_historicalorder")
                for name, c in connection.introspection.get_constraints(
                    cursor, table
                ).items()
            }
        return {
            name: (c["columns"], c["unique"], c["foreign_key"])
            for name, c in found.items()
        }

    before = constraints()
    assert any(table == "sales_historicalorder" for table, _name in before)
    monkeypatch.setattr(merging, "BULK_ROWS", 1)

    report = import_path(folder(BASE))

    assert report.ok and counts(report)["orders.csv"] == (2, 0, 0)
    assert constraints() == before
    assert Order.history.filter(history_type="+").count() == 2
    assert counts(import_path(folder(BASE)))["orders.csv"] == (0, 0, 2)


def test_import_refuses_a_single_file_of_unknown_kind(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("code,name\nL1,x\n")

    report = import_path(path)

    assert [str(e) for e in report.errors] == [
        "deals.csv:1: not a file of the format: the name must be one of teams, "
        "employees, customers, orders, payments, visits, tasks, requests, surveys, "
        "complaints, assessments, targets, team_targets, leads, opportunities, "
        ".csv or .xlsx"
    ]


def test_import_command_dry_run_prints_counts(folder):
    import_path(folder(BASE))
    changed = ORDERS_HEADER + "SO2,C1,E1,2026-07-02,300,confirmed,\n"
    out = io.StringIO()

    call_command(
        "import", str(folder({"orders.csv": changed})), "--dry-run", stdout=out
    )

    assert "orders.csv: 1 row, 0 created, 1 updated, 0 unchanged" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert Order.objects.get(order_no="SO2").amount == Decimal("250.50")


def test_xlsx_lines_are_sheet_rows_when_the_table_starts_lower(folder, tmp_path):
    import_path(folder(BASE))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A3"], sheet["B3"], sheet["C3"] = "payment_no", "order_no", "paid_on"
    sheet["A5"], sheet["B5"], sheet["C5"] = "PM1", "SO1", dt.date(2026, 7, 9)
    book.save(tmp_path / "payments.xlsx")

    report = import_path(tmp_path / "payments.xlsx")

    assert [str(e) for e in report.errors] == [
        "payments.xlsx:3: amount: required column is missing"
    ]


def test_moving_a_team_under_a_new_team_counts_as_an_update(folder):
    import_path(folder(BASE))
    teams = "code,name,parent_code\nHQ,总部,\nNORTH,华北,HQ\nEAST,华东,NORTH\n"

    dry = import_path(folder({"teams.csv": teams}), dry_run=True)
    report = import_path(folder({"teams.csv": teams}))

    assert counts(dry) == counts(report) == {"teams.csv": (1, 1, 1)}
    assert Team.objects.get(code="EAST").parent.code == "NORTH"
    assert counts(import_path(folder({"teams.csv": teams}))) == {"teams.csv": (0, 0, 3)}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's memory settings"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_gives_postgresql_memory_to_hash_and_sort_in(folder):
    def show(name):
        with connection.cursor() as cursor:
            cursor.execute(f"SHOW {name}")
            return cursor.fetchone()[0]

    # A connection that used a temporary table before keeps its buffers,
    # and the run goes on.
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE used_before (n integer)")
        cursor.execute("INSERT INTO used_before VALUES (1)")
    buffers = show("temp_buffers")
    with transaction.atomic():
        Staging().give_memory()
        assert show("work_mem") == "128MB"
        assert show("maintenance_work_mem") == "512MB"
        assert show("temp_buffers") == buffers

    report = import_path(folder(BASE))
    assert report.ok, report.errors


def test_a_run_that_fails_while_reading_writes_nothing_and_stops(folder, monkeypatch):
    """A failure in a file's reading (a disk full, say) ends the run: the
    files before it, already written in the run, are rolled back, and no
    reading goes on behind (PostgreSQL reads in a thread of its own)."""
    from yeji.interchange import parsing, staging

    parse = parsing.parse_rows

    def failing(kind, name, *args):
        if name == "orders.csv":
            raise OSError("No space left on device")
        return parse(kind, name, *args)

    monkeypatch.setattr(staging, "parse_rows", failing)

    with pytest.raises(OSError, match="No space left"):
        import_path(folder(BASE))

    assert not Team.objects.exists() and not Customer.objects.exists()
    assert not [t for t in threading.enumerate() if t.name == "yeji-import-reader"]
    monkeypatch.setattr(staging, "parse_rows", parse)
    assert counts(import_path(folder(BASE)))["orders.csv"] == (2, 0, 0)


REQUESTS_HEADER = (
    "request_no,customer_code,employee_no,opened_at,first_response_at,subject\n"
)


def _statuses() -> dict[str, str]:
    return dict(Request.objects.values_list("request_no", "status"))


@pytest.mark.parametrize("first_load", [False, True], ids=["merged", "bulk"])
def test_an_imported_request_with_a_response_is_in_progress(
    folder, monkeypatch, first_load
):
    """As answering a request in the pages does; one without a response
    waits for it.  The same whether the rows go in as a first load of an
    empty table or merge."""
    from yeji.interchange import merging

    if first_load:
        monkeypatch.setattr(merging, "BULK_ROWS", 1)
    import_path(folder(BASE))
    requests = (
        REQUESTS_HEADER
        + "RQ1,C1,E1,2026-07-01T09:00:00+08:00,2026-07-01T11:00:00+08:00,发货\n"
        "RQ2,C1,E1,2026-07-02T09:00:00+08:00,,发票\n"
    )

    report = import_path(folder({"requests.csv": requests}))

    assert report.ok, report.errors
    assert _statuses() == {"RQ1": "in_progress", "RQ2": "open"}


def test_a_response_imported_later_moves_only_a_waiting_request_on(folder):
    import_path(folder(BASE))
    waiting = (
        REQUESTS_HEADER + "RQ1,C1,E1,2026-07-01T09:00:00+08:00,,发货\n"
        "RQ2,C1,E1,2026-07-02T09:00:00+08:00,,发票\n"
        "RQ3,C1,E1,2026-07-03T09:00:00+08:00,2026-07-03T10:00:00+08:00,样品\n"
    )
    import_path(folder({"requests.csv": waiting}))
    # People resolved RQ2 in the pages, and reopened RQ3 after its answer.
    Request.objects.filter(request_no="RQ2").update(status="resolved")
    Request.objects.filter(request_no="RQ3").update(status="open")
    answered = (
        REQUESTS_HEADER
        + "RQ1,C1,E1,2026-07-01T09:00:00+08:00,2026-07-01T15:00:00+08:00,发货\n"
        "RQ2,C1,E1,2026-07-02T09:00:00+08:00,2026-07-02T15:00:00+08:00,发票\n"
        "RQ3,C1,E1,2026-07-03T09:00:00+08:00,2026-07-03T10:00:00+08:00,样品\n"
    )

    report = import_path(folder({"requests.csv": answered}))

    assert counts(report) == {"requests.csv": (0, 2, 1)}
    assert _statuses() == {"RQ1": "in_progress", "RQ2": "resolved", "RQ3": "open"}
    # Imported again, nothing moves.
    assert counts(import_path(folder({"requests.csv": answered}))) == {
        "requests.csv": (0, 0, 3)
    }
    assert _statuses() == {"RQ1": "in_progress", "RQ2": "resolved", "RQ3": "open"}


def test_a_dry_run_moves_no_request_on(folder):
    import_path(folder(BASE))
    import_path(
        folder(
            {
                "requests.csv": REQUESTS_HEADER
                + "RQ1,C1,E1,2026-07-01T09:00:00+08:00,,发货\n"
            }
        )
    )

    report = import_path(
        folder(
            {
                "requests.csv": REQUESTS_HEADER
                + "RQ1,C1,E1,2026-07-01T09:00:00+08:00,2026-07-01T10:00:00+08:00,发货\n"
            }
        ),
        dry_run=True,
    )

    assert counts(report) == {"requests.csv": (0, 1, 0)}
    assert _statuses() == {"RQ1": "open"}
