"""Export, then import into an empty database, reproduces the same files."""

from pathlib import Path

import pytest
from django.db import connection

from yeji.interchange.services import export_folder, import_path
from yeji.interchange.spec import KINDS
from yeji.samples import sample

ACME = sample("acme")

pytestmark = [
    pytest.mark.django_db,
]


def read_folder(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def empty_database() -> None:
    with connection.cursor() as cursor:
        for kind in reversed(KINDS):
            cursor.execute(f"DELETE FROM {kind.model._meta.db_table}")


def test_acme_round_trip_and_second_import(tmp_path):
    """One test, since loading the sample is the slow part.

    A second import of the same files rewrites nothing; an export imported
    into an empty database exports byte for byte the same files.
    """
    first = import_path(ACME)
    assert first.ok, first.errors[:5]
    assert all(f.created == f.rows > 0 for f in first.files)

    second = import_path(ACME)

    assert second.ok
    assert [(f.created, f.updated) for f in second.files] == [(0, 0)] * len(
        second.files
    )
    assert all(f.unchanged == f.rows for f in second.files)

    export_folder(tmp_path / "first")
    empty_database()
    report = import_path(tmp_path / "first")
    export_folder(tmp_path / "second")

    assert report.ok, report.errors[:5]
    first, second = read_folder(tmp_path / "first"), read_folder(tmp_path / "second")
    assert sorted(first) == sorted(kind.filename for kind in KINDS)
    assert first == second
    # The export writes the company's offset and money with two places.
    requests = first["requests.csv"].decode().splitlines()
    assert requests[1].startswith(
        "RQ000000001,C00000145,E000035,2026-06-27T12:42:00+08:00,"
    )
    orders = first["orders.csv"].decode().splitlines()
    assert orders[1].endswith(",5960.18,confirmed,HTSO000000001")
