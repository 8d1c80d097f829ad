"""Lists and tables downloaded as CSV or XLSX, safe to open in a spreadsheet.

Every page that offers a download builds its rows from the same visible
queryset it shows, and hands them here.  A text cell that a spreadsheet
would take for a formula (one beginning with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) is written inert: in CSV with a leading
apostrophe, which spreadsheet programs read as "this is text"; in XLSX as a
string cell marked as quoted text, so that its value stays exactly what was
typed and no program evaluates it.

Rows stream: a CSV goes out as it is written, and an XLSX is written row by
row (openpyxl's write-only mode) into a temporary file, so a list of a
million customers costs a file on disk, not a million rows in memory.
"""

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from enum import StrEnum

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

# The characters a spreadsheet reads as the start of a formula (OWASP's
# list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def requested_format(
    request: HttpRequest, parameter: str = "download"
) -> Format | None:
    """The download a request asks for (``?download=csv``), or None."""
    try:
        return Format(request.GET.get(parameter, ""))
    except ValueError:
        return None


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> str:
    """A value as CSV text, with formula-like text made inert."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat() if value.tzinfo else value.isoformat()
        )
    if isinstance(value, dt.date | Decimal | int | float):
        # Numbers are numbers, a minus sign included; only text can smuggle
        # a formula in.
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = force_str(value)
    return "'" + text if is_formula_like(text) else text


class _Echo:
    """A file-like object that hands back what is written, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(
    headers: Sequence[object], rows: Iterable[Sequence[object]]
) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    # The byte-order mark tells Excel the file is UTF-8, so Chinese names do
    # not open as mojibake.
    yield "\ufeff" + writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def _xlsx_value(value: object) -> object:
    if isinstance(value, Promise):
        return force_str(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Spreadsheets have no time zones: write the company's local time.
        return timezone.make_naive(timezone.localtime(value))
    return value


def _sheet_title(title: str) -> str:
    # A sheet's title has at most 31 characters and none of []:*?/\\.
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in title)[:31]
    return cleaned or "Sheet1"


def _write_xlsx(
    target, title: str, headers: Sequence[object], rows: Iterable[Sequence[object]]
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    sheet.append([_text_cell(sheet, force_str(h), bold=True) for h in headers])
    for row in rows:
        cells = []
        for value in row:
            value = _xlsx_value(value)
            if isinstance(value, str):
                cells.append(_text_cell(sheet, value))
            elif isinstance(value, dt.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd hh:mm"
                cells.append(cell)
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    book.save(target)


def _text_cell(sheet, text: str, *, bold: bool = False):
    """A string cell; a formula-like one stays a string, marked quoted."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=None)
    # Assigning the value would let openpyxl take "=..." for a formula;
    # setting the string type first keeps it text.
    cell._value = text
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def table_download(
    *,
    filename: str,
    fmt: Format,
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
) -> StreamingHttpResponse | FileResponse:
    """A response that downloads ``rows`` under ``headers`` as ``filename.fmt``.

    ``rows`` may be a generator over a queryset's ``iterator()``: it is read
    once, as the response is written.
    """
    name = f"{filename}.{fmt}"
    if fmt == Format.CSV:
        response = StreamingHttpResponse(
            _csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=name
        )
        return response
    spool = tempfile.TemporaryFile()
    _write_xlsx(spool, filename, headers, rows)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=name,
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
