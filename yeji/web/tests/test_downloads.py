"""Downloads: what a spreadsheet program reads from a CSV or XLSX we write."""

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.test import RequestFactory

from yeji.web.downloads import Format, requested_format, table_download

HEADERS = ["客户", "金额", "日期", "时间"]
HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(
            part if isinstance(part, bytes) else part.encode()
            for part in response.streaming_content
        )
    return response.content


def _rows():
    aware = dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC)
    yield ["上海申通", Decimal("1234.50"), dt.date(2026, 4, 1), aware]
    for text in HOSTILE:
        yield [text, Decimal("-5.00"), None, None]


def test_csv_keeps_chinese_and_makes_formula_text_inert():
    response = table_download(
        filename="客户", fmt=Format.CSV, headers=HEADERS, rows=_rows()
    )

    assert response["Content-Type"].startswith("text/csv")
    assert "filename*=utf-8''%E5%AE%A2%E6%88%B7.csv" in response["Content-Disposition"]
    text = _body(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADERS
    # The company's time zone (Asia/Shanghai) is eight hours ahead of UTC.
    assert rows[1] == ["上海申通", "1234.50", "2026-04-01", "2026-04-01T01:30:00+08:00"]
    assert [r[0] for r in rows[2:]] == ["'" + t for t in HOSTILE]
    # A negative number is a number, not a formula.
    assert {r[1] for r in rows[2:]} == {"-5.00"}


def test_xlsx_has_typed_cells_and_no_formula():
    response = table_download(
        filename="customers", fmt=Format.XLSX, headers=HEADERS, rows=_rows()
    )

    assert 'filename="customers.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(_body(response)))
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    assert values[1][0] == "上海申通"
    assert values[1][1] == pytest.approx(1234.5)
    # A spreadsheet's times are naive: the company's local time is written.
    assert values[1][2] == dt.datetime(2026, 4, 1)  # noqa: DTZ001
    assert values[1][3] == dt.datetime(2026, 4, 1, 1, 30)  # noqa: DTZ001
    texts = [row[0] for row in values[2:]]
    # XML reads a carriage return back as a line feed.
    assert texts == [t.replace("\r", "\n") for t in HOSTILE]
    for row in sheet.iter_rows(min_row=3):
        assert row[0].data_type == "s"
        assert row[0].quotePrefix
        assert row[1].data_type == "n"


def test_local_time_follows_the_company_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    aware = dt.datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    response = table_download(
        filename="t", fmt=Format.CSV, headers=["t"], rows=[[aware]]
    )

    assert "2026-07-01T14:00:00+02:00" in _body(response).decode("utf-8-sig")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("csv", Format.CSV), ("xlsx", Format.XLSX), ("pdf", None), ("", None)],
)
def test_requested_format_reads_the_download_parameter(query, expected):
    request = RequestFactory().get("/", {"download": query})

    assert requested_format(request) == expected
