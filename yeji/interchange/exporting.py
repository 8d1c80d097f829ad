"""Writing the records back as files of the interchange format.

Each kind is written as ``<kind>.csv`` in UTF-8, its columns as ``spec``
declares them, rows in key order (by code point, as the format compares
keys).  Rows are streamed from the database in chunks, so an export of ten
million orders needs no more memory than one of ten.
"""

import csv
import logging
from collections.abc import Iterator
from pathlib import Path

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

from yeji.interchange.spec import KINDS, KINDS_BY_NAME, Kind

logger = logging.getLogger(__name__)

CHUNK_ROWS = 5_000


def export_kind(kind: Kind, folder: Path) -> int:
    """Write one kind's file into ``folder``; return the number of rows."""
    count = 0
    with (folder / kind.filename).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([column.name for column in kind.columns])
        for row in _rows(kind):
            writer.writerow(row)
            count += 1
    logger.info("Exported %d rows to %s", count, kind.filename)
    return count


def _lookup(kind: Kind, name: str) -> str:
    """The ORM path of a column: a field, or the key of the record it names."""
    column = kind.by_name[name]
    if column.ref is None:
        return column.field
    ref = KINDS_BY_NAME[column.ref]
    return f"{column.field}__{ref.by_name[ref.key[0]].field}"


def _rows(kind: Kind) -> Iterator[list[str]]:
    lookups = [_lookup(kind, column.name) for column in kind.columns]
    # PostgreSQL sorts text by the database's collation unless told
    # otherwise; the format's key order is by code point, which is "C".
    # SQLite's default collation already compares code points.
    if connection.vendor == "postgresql":
        order = [Collate(F(_lookup(kind, name)), "C") for name in kind.key]
    else:
        order = [F(_lookup(kind, name)) for name in kind.key]
    formats = [column.type.format for column in kind.columns]
    names = [column.name for column in kind.columns]
    rows = (
        kind.model.objects.order_by(*order)
        .values_list(*lookups)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for values in rows:
        texts = [
            "" if value is None or value == "" else fmt(value)
            for fmt, value in zip(formats, values, strict=True)
        ]
        if kind.export_value is not None:
            record = dict(zip(names, values, strict=True))
            texts = [
                kind.export_value(record, name, text)
                for name, text in zip(names, texts, strict=True)
            ]
        yield texts


def export_all(folder: Path) -> dict[str, int]:
    """Write every kind's file; return rows written per file name."""
    folder.mkdir(parents=True, exist_ok=True)
    return {kind.filename: export_kind(kind, folder) for kind in KINDS}
