"""Shared pieces for the interchange tests: a small company and snapshots."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import translation

from yeji.interchange.services import export_folder

TEAMS = "code,name,parent_code\nHQ,总部,\nEAST,华东,HQ\n"
EMPLOYEES = (
    "employee_no,name,team_code,role,email,phone,hired_on,left_on,base_salary\n"
    "E1,王芳,EAST,rep,,,2024-01-01,,8000\n"
    "E2,李强,EAST,manager,,,2023-05-01,,12000.50\n"
)
CUSTOMERS = (
    "code,name,owner_employee_no,acquired_on,industry,region,source,level\n"
    "C1,甲公司,E1,2025-03-01,制造,华东,referral,a\n"
    "C2,乙公司,E1,2025-04-01,,,,\n"
)
ORDERS_HEADER = (
    "order_no,customer_code,employee_no,ordered_on,amount,status,contract_no\n"
)
ORDERS = ORDERS_HEADER + (
    "SO1,C1,E1,2026-07-01,1000.00,confirmed,\nSO2,C2,E1,2026-07-02,250.5,cancelled,HT2\n"
)
BASE = {
    "teams.csv": TEAMS,
    "employees.csv": EMPLOYEES,
    "customers.csv": CUSTOMERS,
    "orders.csv": ORDERS,
}


@pytest.fixture(autouse=True)
def english() -> None:
    """Messages are asserted in English unless a test activates Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture
def folder(tmp_path: Path) -> Callable[..., Path]:
    """Write files (name to text, or to bytes) into a fresh folder."""
    count = 0

    def write(files: dict[str, str | bytes], encoding: str = "utf-8") -> Path:
        nonlocal count
        count += 1
        target = tmp_path / f"in{count}"
        target.mkdir()
        for name, content in files.items():
            if isinstance(content, str):
                content = content.encode(encoding)
            (target / name).write_bytes(content)
        return target

    return write


@pytest.fixture
def snapshot(tmp_path: Path) -> Callable[[], dict[str, bytes]]:
    """Every record in the database, as the bytes of a full export."""
    count = 0

    def take() -> dict[str, bytes]:
        nonlocal count
        count += 1
        target = tmp_path / f"snapshot{count}"
        export_folder(target)
        return {path.name: path.read_bytes() for path in sorted(target.iterdir())}

    return take
