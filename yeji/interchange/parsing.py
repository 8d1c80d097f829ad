"""Reading a file's rows into values: the per-cell loop of every import.

Nothing here touches the database.  Each row comes out as the values of its
staging row (its line number first, then the kind's columns in order, then
the derived fields), with every problem of the row reported on the way.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from yeji.interchange.report import Problems
from yeji.interchange.spec import Kind
from yeji.interchange.values import InvalidValue

# Where a column missing from the file points in a row: past its end, so
# the hot loop reads it as an empty cell without a branch of its own.
MISSING = 1 << 30


def read_header(
    kind: Kind,
    name: str,
    header: list[str],
    line: int,
    errors: Problems,
    warnings: Problems,
) -> dict[str, int] | None:
    """Where each known column is in the row; None if the header is wrong.

    ``line`` is the header's own line: 1, unless an XLSX sheet starts lower.
    """
    present: dict[str, int] = {}
    usable = True
    for index, cell in enumerate(header):
        column = str(cell).strip().lower()
        if not column:
            continue
        if column in present:
            errors.add(name, line, column, _("the column appears twice"))
            usable = False
        elif column in kind.by_name:
            present[column] = index
        else:
            warnings.add(name, line, column, _("unknown column, ignored"))
    for column in kind.columns:
        if column.required and column.name not in present:
            errors.add(name, line, column.name, _("required column is missing"))
    return present if usable else None


def parse_rows(
    kind: Kind,
    name: str,
    present: dict[str, int],
    rows: Iterator[tuple[int, list[object]]],
    errors: Problems,
) -> Iterator[list[object]]:
    """Each row as staging values (line first), problems reported.

    This loop runs for every cell of every file, so everything that does
    not depend on the cell is looked up once, before it.
    """
    # A required column missing from the header is reported once there,
    # not again on every row.
    plan = [
        (
            present.get(column.name, MISSING),
            column.name,
            column.type.parse,
            column.type.from_cell,
            column.required and column.name in present,
            column.type.absent,
        )
        for column in kind.columns
    ]
    position = {column.name: i + 1 for i, column in enumerate(kind.columns)}
    rules = [
        (
            position[r.first],
            position[r.second],
            r.holds,
            r.column,
            r.message,
            r.when_absent,
        )
        for r in kind.rules
    ]
    derived = [(position[d.source], d.compute) for d in kind.derived]
    required_message = _("a value is required")
    add = errors.add

    for line, cells in rows:
        size = len(cells)
        values: list[object] = [line]
        append = values.append
        for index, column, parse, from_cell, required, absent in plan:
            cell = cells[index] if index < size else ""
            try:
                if cell.__class__ is str:
                    cell = cell.strip()  # type: ignore[attr-defined]
                    if not cell:
                        if required:
                            add(name, line, column, required_message)
                        append(absent)
                        continue
                    append(parse(cell))  # type: ignore[arg-type]
                else:
                    append(from_cell(cell))
            except InvalidValue as invalid:
                add(name, line, column, invalid.message)
                append(absent)
        for first, second, holds, column, message, when_absent in rules:
            a, b = values[first], values[second]
            if a is None or a == "":
                continue
            if b is None or b == "":
                if not when_absent:
                    continue
                b = None
            if not holds(a, b):
                add(name, line, column, str(message))
        for source, compute in derived:
            value = values[source]
            append(None if value is None else compute(value))
        yield values
