"""Row sources: a CSV or XLSX file as a header and a stream of numbered rows.

A row's number is the line a spreadsheet shows for it, the header's being
line 1 (for XLSX, the sheet's row number).  Blank rows are skipped, but
still counted.  CSV is read line by line; XLSX through calamine's row
iterator (see the TODO in ``_xlsx_table`` about what calamine keeps in
memory).

Before a file is parsed, it is checked against misuse (``check_file``): a
file over ``YEJI_IMPORT_MAX_BYTES`` is refused, and so is an XLSX whose zip
has too many entries, would unpack to more than
``YEJI_IMPORT_MAX_UNPACKED_BYTES``, compresses more than a real workbook
does (a zip bomb), understates its sizes, or has XML that declares a DTD or
entities (the "billion laughs").  The checks read the zip's directory and
then each part once, a chunk at a time, so they cost little memory
whatever the file claims.
"""

import codecs
import copy
import csv
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from django.conf import settings
from django.template.defaultfilters import filesizeformat
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
    workbook, refused by :func:`check_file`, or text in neither UTF-8 nor
    GB18030; also, while rows are read, for a CSV that stops being text of
    its encoding.
    """
    check_file(path)
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


# -- checks before parsing ---------------------------------------------------

# Bytes read from a zip part at a time while checking it.
CHUNK = 1 << 20

# How much of an XML part may come before its root element.  A workbook's
# parts start with a short declaration; a long prolog can only be hiding
# something.
PROLOG_LIMIT = 1 << 20

# Parts below this size are not held to the compression ratio: a small part
# full of repeated markup may compress well without being a threat.
RATIO_FLOOR = 1 << 20

# Parts whose content is XML, by how the name ends.
XML_SUFFIXES = (".xml", ".rels", ".vml")

_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"


def check_upload(name: str, size: int) -> None:
    """Refuse an upload of ``size`` bytes over the import size limit.

    For pages that take a file: called before the upload is kept, so that
    an oversized file is refused with the same message as on the command
    line.  The message names the file.
    """
    limit = settings.YEJI_IMPORT_MAX_BYTES
    if size > limit:
        raise UnreadableFile(
            _("%(file)s is %(size)s, more than the %(limit)s an import reads")
            % {
                "file": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            }
        )


def check_file(path: Path) -> None:
    """Refuse, before parsing, a file that could exhaust time or memory.

    Raises :class:`UnreadableFile` saying what is wrong; see the module's
    docstring for the checks.
    """
    size = path.stat().st_size
    limit = settings.YEJI_IMPORT_MAX_BYTES
    if size > limit:
        raise UnreadableFile(
            _("the file is %(size)s, more than the %(limit)s an import reads")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if path.suffix.lower() == ".xlsx":
        with path.open("rb") as handle:
            _check_workbook(handle, size)


def _invalid_workbook() -> UnreadableFile:
    return UnreadableFile(_("the file is not a valid XLSX workbook"))


def _check_workbook(handle, size: int) -> None:
    max_entries = settings.YEJI_IMPORT_MAX_ZIP_ENTRIES

    # The zip's directory is read whole by zipfile, so its size is checked
    # first, from the record at the end of the file.
    entries, directory_size = _zip_directory(handle, size)
    if entries > max_entries or directory_size > max_entries * 1024:
        raise _too_many_entries(entries, max_entries)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _invalid_workbook() from None
    with archive:
        parts = archive.infolist()
        if len(parts) > max_entries:
            raise _too_many_entries(len(parts), max_entries)

        # What the directory states, before anything is unpacked.
        unpacked_limit = settings.YEJI_IMPORT_MAX_UNPACKED_BYTES
        unpacked = sum(part.file_size for part in parts)
        if unpacked > unpacked_limit:
            raise UnreadableFile(
                _(
                    "the workbook would unpack to %(size)s, more than the "
                    "%(limit)s an import reads; it was not read"
                )
                % {
                    "size": filesizeformat(unpacked),
                    "limit": filesizeformat(unpacked_limit),
                }
            )
        ratio_limit = settings.YEJI_IMPORT_MAX_COMPRESSION_RATIO
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > RATIO_FLOOR and ratio > ratio_limit:
                raise UnreadableFile(
                    _(
                        "the workbook's part %(part)s is compressed %(ratio)d "
                        "times, more than the %(limit)d times of a real "
                        "workbook (a zip bomb?); it was not read"
                    )
                    % {"part": part.filename, "ratio": ratio, "limit": ratio_limit}
                )

        # Then each part is unpacked once, a chunk at a time, to hold it to
        # what the directory states, and its XML prolog is looked at.
        for part in parts:
            _check_part(archive, part)


def _too_many_entries(count: int, limit: int) -> UnreadableFile:
    return UnreadableFile(
        _(
            "the workbook's zip holds %(count)d entries, more than the %(limit)d "
            "of a real workbook; it was not read"
        )
        % {"count": count, "limit": limit}
    )


def _zip_directory(handle, size: int) -> tuple[int, int]:
    """The entry count and directory size the zip's end record states."""
    tail = min(size, _END_OF_DIRECTORY.size + 0xFFFF)
    handle.seek(size - tail)
    data = handle.read(tail)
    start = data.rfind(_END_SIGNATURE)
    if start < 0 or len(data) - start < _END_OF_DIRECTORY.size:
        raise _invalid_workbook()
    fields = _END_OF_DIRECTORY.unpack_from(data, start)
    entries, directory_size = fields[4], fields[5]
    handle.seek(0)
    # 0xFFFF and 0xFFFFFFFF mean "see the ZIP64 record": a directory that
    # large is no workbook's, and counts as too many entries.
    return entries, directory_size


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    # Unpacking is allowed one byte past the stated size: a part that gives
    # it is larger than its directory says, and is refused there.
    probe = copy.copy(part)
    probe.file_size = part.file_size + 1
    is_xml = part.filename.lower().endswith(XML_SUFFIXES)
    prolog = _PrologCheck(part.filename) if is_xml and part.file_size else None
    unpacked = 0
    try:
        with archive.open(probe) as stream:
            while chunk := stream.read(CHUNK):
                unpacked += len(chunk)
                if unpacked > part.file_size:
                    break
                if prolog is not None and not prolog.feed(chunk):
                    prolog = None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _damaged(part) from None
    except (expat.ExpatError, RuntimeError):
        # RuntimeError: an encrypted part, which no import can read.
        raise _invalid_workbook() from None
    if unpacked != part.file_size:
        raise _damaged(part)
    if prolog is not None:
        # The part ended before its root element.
        raise _invalid_workbook()


def _damaged(part: zipfile.ZipInfo) -> UnreadableFile:
    return UnreadableFile(
        _(
            "the workbook's part %(part)s does not match the size or checksum "
            "its zip states; it was not read"
        )
        % {"part": part.filename}
    )


class _RootReached(Exception):
    pass


class _PrologCheck:
    """Feed an XML part's start to expat until its root element begins.

    A document type declaration (which is where entities are declared) is
    refused as soon as expat meets it, before any entity is expanded.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.seen = 0
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.StartElementHandler = self._root

    def feed(self, chunk: bytes) -> bool:
        """Go on with ``chunk``; False once the root element is reached."""
        self.seen += len(chunk)
        try:
            self.parser.Parse(chunk, False)
        except _RootReached:
            return False
        if self.seen > PROLOG_LIMIT:
            raise _invalid_workbook()
        return True

    def _doctype(self, *args: object) -> None:
        raise UnreadableFile(
            _(
                "the workbook's part %(part)s declares a DTD or XML entities, "
                "which workbooks never do; it was not read"
            )
            % {"part": self.name}
        )

    def _root(self, *args: object) -> None:
        raise _RootReached
