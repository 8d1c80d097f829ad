"""Row sources: a CSV or XLSX file as a header and a stream of numbered rows.

A row's number is the line a spreadsheet shows for it, the header's being
line 1 (for XLSX, the sheet's row number).  Blank rows are skipped, but
still counted.  CSV is read line by line; XLSX through calamine's row
iterator (see the TODO in ``_xlsx_table`` about what calamine keeps in
memory).
"""

import codecs
import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

SUFFIXES = (".csv", ".xlsx")

# A CSV cell may hold a long text (a visit summary), far beyond the csv
# module's default limit of 128 KiB.
csv.field_size_limit(16 * 1024 * 1024)


class UnreadableFile(Exception):
    """The file cannot be read as a table; the argument says why."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Table:
    """A file's header row and its data rows, each with its line number.

    ``header_line`` is the header's own line (1 unless an XLSX sheet starts
    lower down).  Cells are text for CSV; XLSX cells may also be floats,
    dates and datetimes, and an empty cell is ``""`` either way.
    """

    header: list[str]
    header_line: int
    rows: Iterator[tuple[int, list[object]]]


@contextmanager
def open_table(path: Path) -> Iterator[Table]:
    """Open a CSV or XLSX file as a :class:`Table`.

    Raises :class:`UnreadableFile` for a file that is empty, not a valid
    workbook, or text in neither UTF-8 nor GB18030; also, while rows are
    read, for a CSV that stops being text of its encoding.
    """
    if path.suffix.lower() == ".xlsx":
        yield _xlsx_table(path)
        return
    encoding = _csv_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except UnicodeDecodeError:
            raise UnreadableFile(_not_text_message()) from None
        if header is None:
            raise UnreadableFile(_("the file is empty; a header row is expected"))
        yield Table(header=header, header_line=1, rows=_csv_rows(reader))


def _not_text_message() -> str:
    return _("the file is not CSV text in UTF-8 or GB18030")


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such.

    Otherwise GB18030, a superset of GBK, which is what spreadsheet programs
    on Chinese systems write.  The whole file is checked because a UTF-8
    file may have its first non-ASCII character anywhere; decoding without
    keeping the text runs at disk speed.
    """
    with path.open("rb") as handle:
        start = handle.read(3)
        if start == codecs.BOM_UTF8:
            return "utf-8-sig"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8"


def _csv_rows(reader: "csv._reader") -> Iterator[tuple[int, list[object]]]:
    line = 1
    try:
        for line, cells in enumerate(reader, start=2):  # noqa: B007
            if not cells or (not cells[0].strip() and not "".join(cells).strip()):
                continue
            yield line, cells  # type: ignore[misc]
    except UnicodeDecodeError:
        raise UnreadableFile(_not_text_message(), line + 1) from None
    except csv.Error as error:
        raise UnreadableFile(
            _("the CSV cannot be read: %(error)s") % {"error": error}, line + 1
        ) from None


def _xlsx_table(path: Path) -> Table:
    # TODO: calamine reads the whole first sheet into memory before its row
    # iterator starts (about 600 bytes a row for orders), so a sheet near
    # the XLSX limit of 1,048,576 rows peaks around 700 MB, past the 500 MB
    # an import may use; a reader streaming the sheet's XML would stay flat.
    try:
        workbook = CalamineWorkbook.from_path(path)
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except (CalamineError, OSError, ValueError):
        raise UnreadableFile(_("the file is not a valid XLSX workbook")) from None
    # calamine numbers rows from the sheet's first row, so the position in
    # the iterator is the row number; the header is the first row that is
    # not blank.
    for line, cells in enumerate(rows, start=1):
        if _blank(cells):
            continue
        header = [str(cell) for cell in cells]
        return Table(header=header, header_line=line, rows=_xlsx_rows(rows, line))
    raise UnreadableFile(_("the file is empty; a header row is expected"))


def _xlsx_rows(
    rows: Iterator[list[object]], header_line: int
) -> Iterator[tuple[int, list[object]]]:
    for line, cells in enumerate(rows, start=header_line + 1):
        if not _blank(cells):
            yield line, cells


def _blank(cells: list[object]) -> bool:
    return all(cell == "" or (type(cell) is str and not cell.strip()) for cell in cells)
