"""leads.csv and opportunities.csv: loading, errors, a second import, XLSX,
and an export that imports back the same (docs/data-format-pipeline.md)."""

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from yeji.crm.models import Lead, Opportunity, Stage
from yeji.interchange.services import export_folder, import_path
from yeji.interchange.tests.conftest import BASE

pytestmark = pytest.mark.django_db

LEADS_HEADER = (
    "lead_no,name,employee_no,source,created_on,status,customer_code,"
    "converted_on,contact,phone\n"
)
LEADS = LEADS_HEADER + (
    "L1,丙公司,E1,exhibition,2026-06-01,open,,,张经理,13800000000\n"
    "L2,甲公司,E1,Referral,2025-02-01,converted,C1,2025-03-01,,\n"
)
OPPORTUNITIES_HEADER = (
    "opportunity_no,name,customer_code,employee_no,stage,amount,probability,"
    "expected_close_on,created_on,closed_on,lost_reason,competitor\n"
)
OPPORTUNITIES = OPPORTUNITIES_HEADER + (
    "OP1,年度采购,C1,E1,proposal,120000,50,2026-09-30,2026-07-01,,,\n"
    "OP2,设备升级,C2,E1,lost,8000.5,0,2026-07-15,2026-06-01,2026-07-15,价格偏高,华信\n"
)
PIPELINE = {**BASE, "leads.csv": LEADS, "opportunities.csv": OPPORTUNITIES}


def counts(report):
    return {f.file: (f.created, f.updated, f.unchanged) for f in report.files}


def test_import_loads_leads_and_opportunities(folder):
    report = import_path(folder(PIPELINE))

    assert report.ok, report.errors
    assert counts(report)["leads.csv"] == (2, 0, 0)
    assert counts(report)["opportunities.csv"] == (2, 0, 0)
    converted = Lead.objects.get(lead_no="L2")
    assert (converted.source, converted.customer.code) == ("referral", "C1")
    lost = Opportunity.objects.get(opportunity_no="OP2")
    assert (lost.stage, lost.amount, lost.competitor) == (
        Stage.LOST,
        Decimal("8000.50"),
        "华信",
    )


def test_a_second_import_changes_nothing(folder):
    path = folder(PIPELINE)
    import_path(path)

    report = import_path(path)

    assert report.ok
    assert counts(report)["leads.csv"] == (0, 0, 2)
    assert counts(report)["opportunities.csv"] == (0, 0, 2)


def test_import_reports_every_error_and_loads_nothing(folder):
    bad_leads = LEADS_HEADER + (
        "L1,丙公司,E1,fair,2026-06-01,open,,,,\n"
        "L2,甲公司,E1,referral,2025-02-01,converted,,,,\n"
        "L3,乙公司,E1,website,2026-02-01,open,C2,,,\n"
    )
    bad_opportunities = OPPORTUNITIES_HEADER + (
        "OP1,年度采购,C1,E1,lost,120000,0,2026-09-30,2026-07-01,,,\n"
        "OP2,设备升级,C9,E1,demo,-1,101,2026-07-15,2026-06-01,2026-05-01,,\n"
    )
    files = {**BASE, "leads.csv": bad_leads, "opportunities.csv": bad_opportunities}

    report = import_path(folder(files))

    assert not report.ok
    assert [str(e) for e in report.errors] == [
        "leads.csv:2: source: unknown value 'fair'; expected one of: referral, "
        "exhibition, website, cold_call, partner",
        "leads.csv:3: customer_code: a converted lead names its customer, and "
        "only a converted one",
        "leads.csv:4: customer_code: a converted lead names its customer, and "
        "only a converted one",
        "opportunities.csv:2: lost_reason: a lost opportunity needs the reason "
        "it was lost",
        "opportunities.csv:2: competitor: a lost opportunity needs the competitor "
        "who won it",
        "opportunities.csv:3: customer_code: 'C9' is neither in the database nor "
        "in customers.csv",
        "opportunities.csv:3: amount: -1 is less than 0",
        "opportunities.csv:3: probability: 101 is not between 0 and 100",
        "opportunities.csv:3: closed_on: the opportunity cannot close before it "
        "was created (created_on)",
    ]
    assert not Lead.objects.exists() and not Opportunity.objects.exists()


def test_import_reads_opportunities_from_xlsx(folder, tmp_path):
    path = folder(BASE)
    import_path(path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(OPPORTUNITIES_HEADER.strip().split(","))
    sheet.append(
        [
            "OP9",
            "试点项目",
            "C1",
            "E1",
            "Demo",
            1234.5,
            25,
            dt.datetime(2026, 10, 1),  # noqa: DTZ001 (a sheet's local date)
            dt.datetime(2026, 8, 1),  # noqa: DTZ001
            None,
            None,
            None,
        ]
    )
    book.save(tmp_path / "opportunities.xlsx")

    report = import_path(tmp_path / "opportunities.xlsx")

    assert report.ok, report.errors
    found = Opportunity.objects.get(opportunity_no="OP9")
    assert (found.stage, found.amount, found.expected_close_on) == (
        Stage.DEMO,
        Decimal("1234.50"),
        dt.date(2026, 10, 1),
    )


def test_export_imports_back_the_same(folder, tmp_path):
    import_path(folder(PIPELINE))
    export_folder(tmp_path / "first")
    Opportunity.objects.all().delete()
    Lead.objects.all().delete()

    report = import_path(tmp_path / "first")
    export_folder(tmp_path / "second")

    assert report.ok, report.errors
    for name in ("leads.csv", "opportunities.csv"):
        first = (tmp_path / "first" / name).read_text(encoding="utf-8")
        assert first == (tmp_path / "second" / name).read_text(encoding="utf-8")
    assert (tmp_path / "first" / "opportunities.csv").read_text().splitlines()[2] == (
        "OP2,设备升级,C2,E1,lost,8000.50,0,2026-07-15,2026-06-01,2026-07-15,价格偏高,华信"
    )
