"""Hostile workbooks, built in the test rather than kept in the repository.

Each starts from a real workbook (written by openpyxl) and changes one part
of its zip: a sheet that unpacks to a gigabyte, XML that declares nested
entities, a zip of thousands of entries, a part that lies about its size.
"""

import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"

ORDERS_HEADER = [
    "order_no",
    "customer_code",
    "employee_no",
    "ordered_on",
    "amount",
    "status",
    "contract_no",
]


def real_workbook(path: Path, rows: int = 3) -> Path:
    """An orders workbook as a spreadsheet program would write it."""
    book = Workbook()
    sheet = book.active
    sheet.append(ORDERS_HEADER)
    for n in range(1, rows + 1):
        sheet.append([f"SO{n}", "C1", "E1", "2026-07-01", 100, "confirmed", ""])
    book.save(path)
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def billion_laughs(path: Path, part: str = SHEET) -> Path:
    """A workbook whose ``part`` declares ten nested entities: expanded, the
    one reference in it would be 10**9 copies of "lol"."""
    real_workbook(path)
    parts = _parts(path)
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol;" if n == 1 else f"&lol{n - 1};") * 10}">'
        for n in range(1, 10)
    ]
    body = parts[part].decode()
    declaration = '<?xml version="1.0" encoding="UTF-8"?>'
    if body.startswith("<?xml"):
        declaration, body = body.split("?>", 1)
        declaration += "?>"
    root = body.lstrip()[1:].split(None, 1)[0].rstrip(">")
    doctype = f"<!DOCTYPE {root} [{''.join(entities)}]>"
    # The reference sits in the first cell's text, where a parser that
    # expands entities would build the gigabyte.
    body = body.replace("SO1", "&lol9;", 1)
    parts[part] = (declaration + doctype + body).encode()
    return _write_parts(path, parts)


def zip_bomb(path: Path, unpacked: int = 1 << 30) -> Path:
    """A workbook whose sheet unpacks to ``unpacked`` bytes of rows from a
    few hundred kilobytes.

    The sheet's deflate stream is one compressed megabyte of rows repeated:
    a full flush makes each copy independent of what came before, so the
    stream is valid and its checksum right, as a real attacker's would be.
    """
    real_workbook(path)
    parts = _parts(path)
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>'
    row = b'<row><c t="inlineStr"><is><t>boom</t></is></c></row>'
    block = row * ((1 << 20) // len(row))
    tail = b"</sheetData></worksheet>"
    copies = max(1, (unpacked - len(head) - len(tail)) // len(block))

    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + copies * len(block) + len(tail)
    data = start + repeated * copies + end

    del parts[SHEET]
    _write_parts(path, parts)
    _append_raw_part(path, SHEET, data, crc=crc, size=size)
    return path


def understated(path: Path) -> Path:
    """A workbook whose sheet's zip entry states a tenth of its real size,
    with the checksum of what that tenth would be."""
    real_workbook(path, rows=2000)
    parts = _parts(path)
    sheet = parts.pop(SHEET)
    stated = len(sheet) // 10
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(sheet) + compressor.flush()
    _write_parts(path, parts)
    _append_raw_part(path, SHEET, data, crc=zlib.crc32(sheet[:stated]), size=stated)
    return path


def many_entries(path: Path, count: int) -> Path:
    """A real workbook with ``count`` empty extra entries in its zip."""
    real_workbook(path)
    parts = _parts(path)
    parts.update({f"xl/media/empty{n}.bin": b"" for n in range(count)})
    return _write_parts(path, parts)


def _append_raw_part(path: Path, name: str, data: bytes, *, crc: int, size: int):
    """Add an entry of already deflated ``data`` to the zip at ``path``,
    stating ``crc`` and ``size`` for it, by rewriting its directory."""
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    raw = path.read_bytes()
    end = raw.rfind(b"PK\x05\x06")
    (directory_size, directory_offset) = struct.unpack_from("<LL", raw, end + 12)
    directory = raw[directory_offset : directory_offset + directory_size]
    body = raw[:directory_offset]

    encoded = name.encode()
    offset = len(body)
    local = struct.pack(
        "<4sHHHHHLLLHH",
        b"PK\x03\x04",
        20,
        0,
        zipfile.ZIP_DEFLATED,
        0,
        0x21,
        crc,
        len(data),
        size,
        len(encoded),
        0,
    )
    central = struct.pack(
        "<4sHHHHHHLLLHHHHHLL",
        b"PK\x01\x02",
        20,
        20,
        0,
        zipfile.ZIP_DEFLATED,
        0,
        0x21,
        crc,
        len(data),
        size,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        offset,
    )
    body += local + encoded + data
    new_directory = directory + central + encoded
    record = struct.pack(
        "<4s4H2LH",
        b"PK\x05\x06",
        0,
        0,
        len(infos) + 1,
        len(infos) + 1,
        len(new_directory),
        len(body),
        0,
    )
    path.write_bytes(body + new_directory + record)
