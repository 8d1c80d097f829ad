"""Spreadsheets built to hurt the importer are refused before parsing.

A zip bomb, a billion-laughs workbook, a zip of thousands of entries, a
zip that understates a part's size and a file over the size limit: each is
refused with a message naming the file and the problem, quickly and with
little memory, and an import that meets one writes nothing.
"""

import json
import subprocess
import sys
import textwrap
import time

import pytest
from django.utils import translation

from yeji.interchange.reading import UnreadableFile, check_upload, open_table
from yeji.interchange.services import import_path
from yeji.org.models import Employee, Team
from yeji.tests import hostile_files

TEAMS = "code,name,parent_code\nHQ,总部,\n"
EMPLOYEES = (
    "employee_no,name,team_code,role,email,phone,hired_on,left_on,base_salary\n"
    "E1,王芳,HQ,rep,,,2024-01-01,,8000\n"
)
CUSTOMERS = (
    "code,name,owner_employee_no,acquired_on,industry,region,source,level\n"
    "C1,甲公司,E1,2025-03-01,,,,\n"
)

HOSTILE = {
    "zip bomb": (
        hostile_files.zip_bomb,
        "the workbook's part xl/worksheets/sheet1.xml is compressed",
    ),
    "billion laughs in the sheet": (
        hostile_files.billion_laughs,
        "the workbook's part xl/worksheets/sheet1.xml declares a DTD or XML entities",
    ),
    "billion laughs in the content types": (
        lambda path: hostile_files.billion_laughs(path, part="[Content_Types].xml"),
        "the workbook's part [Content_Types].xml declares a DTD or XML entities",
    ),
    "understated size": (
        hostile_files.understated,
        "the workbook's part xl/worksheets/sheet1.xml does not match the size "
        "or checksum its zip states",
    ),
    "too many entries": (
        lambda path: hostile_files.many_entries(path, 10_001),
        "the workbook's zip holds 10010 entries, more than the 10000",
    ),
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_real_workbook_passes_the_checks_and_is_read(tmp_path):
    path = hostile_files.real_workbook(tmp_path / "orders.xlsx", rows=3)
    with open_table(path) as table:
        assert table.header == hostile_files.ORDERS_HEADER
        assert [line for line, _cells in table.rows] == [2, 3, 4]


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_workbook_is_refused_within_a_second(case, tmp_path):
    build, message = HOSTILE[case]
    path = build(tmp_path / "orders.xlsx")

    start = time.perf_counter()
    with pytest.raises(UnreadableFile) as refused:
        with open_table(path):
            pass
    assert time.perf_counter() - start < 1.0
    assert message in str(refused.value)


# Run in a child process, so that the peak memory measured is the check's
# alone and not that of whatever the test process did before.
MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path

    import django

    django.setup()
    from django.utils import translation

    from yeji.interchange.reading import UnreadableFile, open_table

    translation.activate("en")

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        with open_table(Path(sys.argv[1])):
            message = None
    except UnreadableFile as error:
        message = str(error)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"message": message, "seconds": seconds,
                      "growth_kib": after - before}))
    """
)


@pytest.mark.parametrize("case", ["zip bomb", "billion laughs in the sheet"])
def test_hostile_workbook_is_refused_with_little_memory(case, tmp_path):
    build, message = HOSTILE[case]
    path = build(tmp_path / "orders.xlsx")

    child = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={
            "DJANGO_SETTINGS_MODULE": "yeji.settings",
            "YEJI_HOME": str(tmp_path / "home"),
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        },
    )
    assert child.returncode == 0, child.stderr
    outcome = json.loads(child.stdout)
    assert message in outcome["message"]
    assert outcome["seconds"] < 1.0
    # The bomb unpacks to a gigabyte; the check's peak grows by a few
    # megabytes at most (ru_maxrss is in KiB on Linux).
    assert outcome["growth_kib"] < 32 * 1024, outcome


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["zip bomb", "billion laughs in the sheet"])
def test_import_meeting_a_hostile_workbook_writes_nothing(case, tmp_path):
    build, message = HOSTILE[case]
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "teams.csv").write_text(TEAMS)
    (folder / "employees.csv").write_text(EMPLOYEES)
    (folder / "customers.csv").write_text(CUSTOMERS)
    build(folder / "orders.xlsx")

    report = import_path(folder)

    assert not report.ok
    assert [str(e) for e in report.errors if message in str(e)], report.errors
    assert all(str(e).startswith("orders.xlsx:1: ") for e in report.errors)
    assert not Team.objects.exists()
    assert not Employee.objects.exists()


@pytest.mark.django_db
def test_refusal_is_told_in_chinese_to_a_chinese_user(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    hostile_files.zip_bomb(folder / "orders.xlsx")

    with translation.override("zh-hans"):
        report = import_path(folder)

    assert [str(e) for e in report.errors] == [
        "orders.xlsx:1: 工作簿的部件 xl/worksheets/sheet1.xml 压缩比为 335 倍，"
        "超过正常工作簿的 100 倍（疑似压缩炸弹）；未读取该文件"
    ]


@pytest.mark.django_db
def test_file_over_the_size_limit_is_refused_unread(tmp_path, settings):
    settings.YEJI_IMPORT_MAX_BYTES = 100
    folder = tmp_path / "records"
    folder.mkdir()
    teams = folder / "teams.csv"
    teams.write_text(TEAMS + "".join(f"T{n},队{n},HQ\n" for n in range(20)))
    size = teams.stat().st_size

    report = import_path(folder)

    assert [str(e) for e in report.errors] == [
        f"teams.csv:1: the file is {size}\xa0bytes, more than the 100\xa0bytes "
        "an import reads"
    ]
    assert not Team.objects.exists()


def test_upload_over_the_size_limit_is_refused_naming_the_file(settings):
    settings.YEJI_IMPORT_MAX_BYTES = 1024 * 1024

    check_upload("orders.xlsx", 1024 * 1024)
    with pytest.raises(UnreadableFile) as refused:
        check_upload("orders.xlsx", 3 * 1024 * 1024)

    assert str(refused.value) == (
        "orders.xlsx is 3.0\xa0MB, more than the 1.0\xa0MB an import reads"
    )


def test_workbook_unpacking_past_the_limit_is_refused_unread(tmp_path, settings):
    settings.YEJI_IMPORT_MAX_UNPACKED_BYTES = 20_000
    path = hostile_files.real_workbook(tmp_path / "orders.xlsx", rows=1000)

    with pytest.raises(UnreadableFile) as refused:
        with open_table(path):
            pass

    assert "the workbook would unpack to" in str(refused.value)
    assert "more than the 19.5\xa0KB an import reads" in str(refused.value)


def test_file_that_is_no_zip_is_not_a_workbook(tmp_path):
    path = tmp_path / "orders.xlsx"
    path.write_bytes(b"order_no,amount\nSO1,10\n")

    with pytest.raises(UnreadableFile) as refused:
        with open_table(path):
            pass

    assert str(refused.value) == "the file is not a valid XLSX workbook"
