"""Loading files of the interchange format: parse, stage, check, upsert.

One import run goes through four steps, inside one transaction:

1. Every row of every file is parsed and checked on its own in Python
   (``values``, the kind's row rules) and streamed, with its line number,
   into a temporary staging table per kind: ``COPY`` on PostgreSQL, batched
   ``executemany`` on SQLite.  Nothing is kept per row in memory.
2. The rules across rows are checked in SQL against the staging tables and
   the database: duplicate keys within a file, references to records that
   are neither in the database nor in the run, and cycles in the team tree.
3. With any problem the transaction is rolled back, so nothing is written.
4. Otherwise each staging table is merged into its table in load order by
   one ``INSERT ... SELECT ... ON CONFLICT (key) DO UPDATE ... WHERE`` the
   row differs, so an identical re-import rewrites nothing.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from yeji.interchange.reading import SUFFIXES, UnreadableFile, open_table
from yeji.interchange.spec import KINDS, KINDS_BY_NAME, Kind
from yeji.interchange.values import InvalidValue

logger = logging.getLogger(__name__)

# Problems kept for the report.  A file that is wrong on every one of its
# millions of rows must not fill the memory with messages; past this many
# the report says how many more there were.
MAX_PROBLEMS = 10_000
BATCH_ROWS = 5_000
# From this many rows into an empty table, indexes are built after the load
# rather than kept up row by row (see Staging._indexes_rebuilt).
BULK_ROWS = 50_000
# Where a column missing from the file points in a row: past its end, so
# the hot loop reads it as an empty cell without a branch of its own.
MISSING = 1 << 30


@dataclass(frozen=True)
class Problem:
    """An error or warning about a place in a file."""

    file: str
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column is None:
            return f"{self.file}:{self.line}: {self.message}"
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


@dataclass
class Problems:
    """Problems of a run, in the order found, up to :data:`MAX_PROBLEMS`."""

    kept: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, file: str, line: int, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(Problem(file, line, column, message))

    @property
    def room(self) -> int:
        return MAX_PROBLEMS - len(self.kept)


@dataclass
class FileReport:
    """What an import did (or, in a dry run, would do) with one file."""

    file: str
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """The outcome of one import run.

    With any error, ``files`` still lists the files read, but nothing was
    written.  ``errors_total`` counts errors beyond those kept in ``errors``.
    """

    dry_run: bool
    files: list[FileReport] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    errors_total: int = 0
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.errors_total == 0


@dataclass
class _Staged:
    """A file read into its staging table."""

    kind: Kind
    file: str
    present: frozenset[str]
    report: FileReport


def find_files(
    path: Path, errors: Problems, warnings: Problems
) -> list[tuple[Kind, Path]]:
    """The files of a folder (or the one file) to load, in load order.

    In a folder, a CSV or XLSX file whose name is not a kind of the format
    is left with a warning: folders that people keep tend to hold other
    sheets too.  Named on its own, such a file is an error, since the user
    asked for it to be loaded.
    """
    if path.is_dir():
        found: dict[str, Path] = {}
        for candidate in sorted(path.iterdir()):
            if not candidate.is_file() or candidate.suffix.lower() not in SUFFIXES:
                continue
            kind_name = candidate.stem.lower()
            if kind_name not in KINDS_BY_NAME:
                warnings.add(
                    candidate.name,
                    1,
                    None,
                    _("not a file of the format (%(kinds)s); ignored")
                    % {"kinds": ", ".join(KINDS_BY_NAME)},
                )
            elif kind_name in found:
                errors.add(
                    candidate.name,
                    1,
                    None,
                    _("%(other)s holds the same kind of records; keep one of them")
                    % {"other": found[kind_name].name},
                )
            else:
                found[kind_name] = candidate
        return [(kind, found[kind.name]) for kind in KINDS if kind.name in found]
    if not path.is_file():
        errors.add(str(path), 1, None, _("no such file or folder"))
        return []
    kind = KINDS_BY_NAME.get(path.stem.lower())
    if path.suffix.lower() not in SUFFIXES or kind is None:
        errors.add(
            path.name,
            1,
            None,
            _(
                "not a file of the format: the name must be one of %(kinds)s, "
                ".csv or .xlsx"
            )
            % {"kinds": ", ".join(KINDS_BY_NAME)},
        )
        return []
    return [(kind, path)]


def run_import(path: Path, *, dry_run: bool) -> ImportReport:
    """Load a folder or file; see the module's docstring for the steps."""
    errors, warnings = Problems(), Problems()
    report = ImportReport(dry_run=dry_run)
    files = find_files(path, errors, warnings)
    stage = Staging()
    try:
        # Temporary tables are created inside the transaction, so a rollback
        # (an error, a dry run, an exception) removes them with the rest.
        with transaction.atomic():
            stage.create_tables()
            staged = []
            for kind, file_path in files:
                loaded = stage.load_file(kind, file_path, errors, warnings)
                if loaded is not None:
                    staged.append(loaded)
            report.files = [s.report for s in staged]
            with _timed("index", path.name):
                stage.index_tables(staged)
            for s in staged:
                with _timed("check", s.file):
                    stage.check_duplicates(s, errors)
                    stage.check_references(s, errors)
                    if s.kind.name == "teams":
                        stage.check_team_cycles(s, errors)

            if errors.total:
                transaction.set_rollback(True)
            elif dry_run:
                for s in staged:
                    stage.count(s)
                transaction.set_rollback(True)
            else:
                stage.merge_all(staged, errors)
                if errors.total:
                    transaction.set_rollback(True)
    finally:
        stage.release()
    report.errors = sorted(errors.kept, key=_problem_order(files))
    report.errors_total = errors.total
    report.warnings = warnings.kept
    logger.info(
        "Import of %s: %d errors, %s",
        path,
        errors.total,
        "dry run" if dry_run else "written" if report.ok else "nothing written",
    )
    return report


@contextmanager
def _timed(step: str, name: str) -> Iterator[None]:
    """Log how long a step took, for whoever tunes a large import."""
    start = time.perf_counter()
    yield
    logger.info("%s %s: %.2f s", step, name, time.perf_counter() - start)


def _problem_order(
    files: list[tuple[Kind, Path]],
) -> Callable[[Problem], tuple[int, int, int]]:
    """Problems by file in load order, then line, then column as listed."""
    order = {
        file_path.name: (index, {c.name: n for n, c in enumerate(kind.columns)})
        for index, (kind, file_path) in enumerate(files)
    }

    def key(problem: Problem) -> tuple[int, int, int]:
        index, columns = order.get(problem.file, (-1, {}))
        return index, problem.line, columns.get(problem.column or "", -1)

    return key


class Staging:
    """The run's staging tables and the SQL that checks and merges them."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.vendor = connection.vendor
        self.quote = connection.ops.quote_name
        self.distinct = "IS NOT" if self.vendor == "sqlite" else "IS DISTINCT FROM"
        if self.vendor == "sqlite":
            # SQLite's default page cache (2 MB) makes every index insert a
            # disk read once a table outgrows it.  A larger cache for the
            # run, in KiB, keeps the process well inside its memory budget
            # and is given back by release().
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self.cache_size = cursor.fetchone()[0]
                cursor.execute("PRAGMA cache_size = -262144")
                cursor.execute("PRAGMA temp.cache_size = -65536")

    def release(self) -> None:
        """Give back the memory the run's page cache took."""
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self.cache_size)}")
                cursor.execute(f"PRAGMA temp.cache_size = {int(self.cache_size)}")

    # -- tables -------------------------------------------------------------

    def table(self, kind: Kind) -> str:
        return self.quote(f"yeji_stage_{kind.name}")

    def stage_columns(self, kind: Kind) -> list[tuple[str, str]]:
        """(name, SQL type) of a kind's staging table, after ``line``."""
        result = []
        for column in kind.columns:
            if column.ref:
                result.append((column.name, "text"))
            else:
                model_field = kind.model._meta.get_field(column.field)
                result.append((column.name, model_field.db_type(connection)))
        for derived in kind.derived:
            model_field = kind.model._meta.get_field(derived.field)
            result.append((derived.field, model_field.db_type(connection)))
        return result

    def create_tables(self) -> None:
        # Every kind gets a table, even one not in the run, so that the
        # reference checks can always look in the run's records.
        with connection.cursor() as cursor:
            for kind in KINDS:
                columns = ", ".join(
                    f"{self.quote(name)} {sql_type}"
                    for name, sql_type in self.stage_columns(kind)
                )
                cursor.execute(f"DROP TABLE IF EXISTS {self.table(kind)}")
                suffix = " ON COMMIT DROP" if self.vendor == "postgresql" else ""
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {self.table(kind)} "
                    f"(line integer, {columns}){suffix}"
                )

    def drop_tables(self) -> None:
        with connection.cursor() as cursor:
            for kind in KINDS:
                cursor.execute(f"DROP TABLE IF EXISTS {self.table(kind)}")

    def index_tables(self, staged: list["_Staged"]) -> None:
        with connection.cursor() as cursor:
            for kind in KINDS:
                keys = ", ".join(self.quote(name) for name in kind.key)
                cursor.execute(
                    f"CREATE INDEX {self.quote(f'yeji_stage_{kind.name}_key')} "
                    f"ON {self.table(kind)} ({keys})"
                )
            if self.vendor == "postgresql":
                # Temporary tables are never analysed by autovacuum; without
                # statistics the planner guesses badly for millions of rows.
                for s in staged:
                    cursor.execute(f"ANALYZE {self.table(s.kind)}")

    # -- step 1: parse and stage ------------------------------------------

    def load_file(
        self, kind: Kind, path: Path, errors: Problems, warnings: Problems
    ) -> _Staged | None:
        name = path.name
        try:
            with open_table(path) as table:
                present = self._read_header(kind, name, table.header, errors, warnings)
                if present is None:
                    return None
                staged = _Staged(
                    kind, name, frozenset(present), FileReport(name, kind.name)
                )
                rows = self._parse(kind, name, present, table.rows, errors)
                staged.report.rows = self._write(kind, rows)
        except UnreadableFile as unreadable:
            errors.add(name, unreadable.line, None, str(unreadable))
            return None
        logger.info("Staged %d rows of %s", staged.report.rows, name)
        return staged

    def _read_header(
        self,
        kind: Kind,
        name: str,
        header: list[str],
        errors: Problems,
        warnings: Problems,
    ) -> dict[str, int] | None:
        """Where each known column is in the row; None if the header is wrong."""
        present: dict[str, int] = {}
        usable = True
        for index, cell in enumerate(header):
            column = str(cell).strip().lower()
            if not column:
                continue
            if column in present:
                errors.add(name, 1, column, _("the column appears twice"))
                usable = False
            elif column in kind.by_name:
                present[column] = index
            else:
                warnings.add(name, 1, column, _("unknown column, ignored"))
        for column in kind.columns:
            if column.required and column.name not in present:
                errors.add(name, 1, column.name, _("required column is missing"))
        return present if usable else None

    def _parse(
        self,
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
            (position[r.first], position[r.second], r.holds, r.column, r.message)
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
            for first, second, holds, column, message in rules:
                a, b = values[first], values[second]
                if a is not None and a != "" and b is not None and b != "":
                    if not holds(a, b):
                        add(name, line, column, str(message))
            for source, compute in derived:
                value = values[source]
                append(None if value is None else compute(value))
            yield values

    def _write(self, kind: Kind, rows: Iterator[list[object]]) -> int:
        names = ["line"] + [name for name, _type in self.stage_columns(kind)]
        count = 0
        if self.vendor == "postgresql":
            quoted = ", ".join(self.quote(n) for n in names)
            with connection.connection.cursor() as cursor:  # type: ignore[union-attr]
                with cursor.copy(
                    f"COPY {self.table(kind)} ({quoted}) FROM STDIN"
                ) as copy:
                    write = copy.write_row
                    for row in rows:
                        write(row)
                        count += 1
            return count
        adapters = self._sqlite_adapters(kind)
        placeholders = ", ".join("?" * len(names))
        sql = f"INSERT INTO {self.table(kind)} VALUES ({placeholders})"
        raw = connection.connection
        batch: list[list[object]] = []
        for row in rows:
            for index, adapt in adapters:
                if row[index] is not None:
                    row[index] = adapt(row[index])
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                raw.executemany(sql, batch)  # type: ignore[union-attr]
                count += len(batch)
                batch.clear()
        if batch:
            raw.executemany(sql, batch)  # type: ignore[union-attr]
            count += len(batch)
        return count

    def _sqlite_adapters(
        self, kind: Kind
    ) -> list[tuple[int, Callable[[object], object]]]:
        # SQLite keeps datetimes as UTC text in the form Django writes, so
        # that staged and stored values compare equal.
        return [
            (index, _sqlite_datetime)
            for index, (_name, sql_type) in enumerate(self.stage_columns(kind), 1)
            if sql_type == "datetime"
        ]

    # -- step 2: checks across rows ---------------------------------------

    def check_duplicates(self, s: _Staged, errors: Problems) -> None:
        kind = s.kind
        keys = [self.quote(name) for name in kind.key]
        table = self.table(kind)
        join = " AND ".join(f"s.{k} = d.{k}" for k in keys)
        sql = (
            f"SELECT s.line, d.first_line, {', '.join(f's.{k}' for k in keys)} "
            f"FROM {table} s JOIN (SELECT {', '.join(keys)}, MIN(line) AS first_line "
            f"FROM {table} WHERE {' AND '.join(f'{k} <> %s' for k in keys)} "
            f"GROUP BY {', '.join(keys)} HAVING COUNT(*) > 1) d ON {join} "
            f"WHERE s.line > d.first_line ORDER BY s.line LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [""] * len(keys) + [errors.room + 1])
            for line, first_line, *key in cursor.fetchall():
                errors.add(
                    s.file,
                    line,
                    kind.key[-1] if len(kind.key) > 1 else kind.key[0],
                    _("duplicate key %(key)s, also on line %(line)d")
                    % {"key": " / ".join(key), "line": first_line},
                )

    def check_references(self, s: _Staged, errors: Problems) -> None:
        for column in s.kind.columns:
            if not column.ref or column.name not in s.present:
                continue
            ref = KINDS_BY_NAME[column.ref]
            ref_table, ref_key = self.key_of(ref)
            col = self.quote(column.name)
            sql = (
                f"SELECT s.line, s.{col} FROM {self.table(s.kind)} s "
                f"WHERE s.{col} <> %s "
                f"AND NOT EXISTS (SELECT 1 FROM {ref_table} r "
                f"WHERE r.{ref_key} = s.{col}) "
                f"AND NOT EXISTS (SELECT 1 FROM {self.table(ref)} g "
                f"WHERE g.{self.quote(ref.key[0])} = s.{col}) "
                f"ORDER BY s.line LIMIT %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, ["", errors.room + 1])
                for line, value in cursor.fetchall():
                    errors.add(
                        s.file,
                        line,
                        column.name,
                        _("%(key)r is neither in the database nor in %(file)s")
                        % {"key": value, "file": ref.filename},
                    )

    def check_team_cycles(self, s: _Staged, errors: Problems) -> None:
        """Report teams that would end up below themselves.

        The tree is the database's with this run's teams laid over it.
        Teams are few (hundreds, not millions), so the walk is in Python.
        """
        if "parent_code" not in s.present:
            return
        team_table, code = self.key_of(s.kind)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.{code}, p.{code} FROM {team_table} t "
                f"LEFT JOIN {team_table} p ON p.id = t.parent_id"
            )
            parent: dict[str, str | None] = dict(cursor.fetchall())
            cursor.execute(
                f"SELECT line, code, parent_code FROM {self.table(s.kind)} "
                f"WHERE code <> %s ORDER BY line",
                [""],
            )
            staged = cursor.fetchall()
        for _line, team, parent_code in staged:
            parent[team] = parent_code or None
        for line, team, _parent_code in staged:
            path = [team]
            above = parent.get(team)
            while above is not None and above != team and len(path) <= len(parent):
                path.append(above)
                above = parent.get(above)
            if above == team:
                errors.add(
                    s.file,
                    line,
                    "parent_code",
                    _("the team tree has a cycle: %(path)s")
                    % {"path": " → ".join([*path, team])},
                )

    # -- step 4: merge ----------------------------------------------------

    def key_of(self, kind: Kind) -> tuple[str, str]:
        """The quoted table and key column of a kind with a one-column key."""
        meta = kind.model._meta
        key_field = meta.get_field(kind.by_name[kind.key[0]].field)
        return self.quote(meta.db_table), self.quote(key_field.column)

    def _select(self, s: _Staged) -> tuple[list[str], list[str], str, list[str]]:
        """The target columns, their values from staging, and the joins.

        Also the target columns this file may change: those it has (a
        column left out of the file keeps its stored values) and the
        derived ones.  A team's parent is set apart, after all teams exist.
        """
        kind = s.kind
        meta = kind.model._meta
        targets, values, joins, changeable = [], [], [], []
        for index, column in enumerate(kind.columns):
            if column.ref == kind.name:
                continue
            model_field = meta.get_field(column.field)
            target = self.quote(model_field.column)
            source = f"s.{self.quote(column.name)}"
            if column.ref:
                ref_table, ref_key = self.key_of(KINDS_BY_NAME[column.ref])
                alias = f"r{index}"
                join = "JOIN" if column.required else "LEFT JOIN"
                joins.append(
                    f"{join} {ref_table} {alias} ON {alias}.{ref_key} = {source}"
                )
                source = f"{alias}.id"
            targets.append(target)
            values.append(source)
            if column.name in s.present and column.name not in kind.key:
                changeable.append(target)
        for derived in kind.derived:
            target = self.quote(meta.get_field(derived.field).column)
            targets.append(target)
            values.append(f"s.{self.quote(derived.field)}")
            changeable.append(target)
        return targets, values, " ".join(joins), changeable

    def _key_targets(self, kind: Kind) -> list[str]:
        meta = kind.model._meta
        return [
            self.quote(meta.get_field(kind.by_name[name].field).column)
            for name in kind.key
        ]

    def merge_all(self, staged: list[_Staged], errors: Problems) -> None:
        """Merge every staged file in load order, then drop the staging.

        The checks before leave the database's own constraints nothing to
        refuse, save a rule between a column in the file and one left out
        of it (a new ``hired_on`` after a stored ``left_on``).  Should the
        database refuse a row, the file is named in an error and the run
        is rolled back like any other.
        """
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # Check foreign keys at the end of each statement rather than
                # at commit: a table with checks pending cannot have its
                # constraints dropped for a bulk load (_indexes_rebuilt).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            try:
                for s in staged:
                    try:
                        with transaction.atomic(), _timed("merge", s.file):
                            self.merge(s)
                    except (IntegrityError, DataError) as refused:
                        errors.add(
                            s.file,
                            1,
                            None,
                            _("the database refused the data: %(error)s")
                            % {"error": str(refused).strip()},
                        )
                        return
            finally:
                if self.vendor == "postgresql":
                    # Django's foreign keys are all initially deferred.
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self.drop_tables()

    def merge(self, s: _Staged) -> None:
        """Insert new rows and update changed ones; fill ``s.report``."""
        kind = s.kind
        if kind.name == "teams":
            # The team tree is counted before it is written, since its
            # parents take a second statement (see _merge_team_parents).
            self.count(s)
        table = self.quote(kind.model._meta.db_table)
        targets, values, joins, changeable = self._select(s)
        insert = (
            f"INSERT INTO {table} ({', '.join(targets)}) "
            f"SELECT {', '.join(values)} FROM {self.table(kind)} s {joins} WHERE 1 = 1"
        )
        with connection.cursor() as cursor:
            before = self._row_count(cursor, table)
            if before == 0 and s.report.rows >= BULK_ROWS and kind.name != "teams":
                # A first load into an empty table: with no row to conflict
                # with (duplicates in the file are already refused), build
                # the indexes once at the end instead of row by row.
                with self._indexes_rebuilt(cursor, kind):
                    cursor.execute(insert)
                s.report.created = s.report.rows
                return
            keys = self._key_targets(kind)
            assignments = ", ".join(f"{c} = excluded.{c}" for c in changeable)
            differs = " OR ".join(
                f"{table}.{c} {self.distinct} excluded.{c}" for c in changeable
            )
            cursor.execute(
                f"{insert} ON CONFLICT ({', '.join(keys)}) "
                f"DO UPDATE SET {assignments} WHERE {differs}"
            )
            written = cursor.rowcount
            if kind.name == "teams":
                self._merge_team_parents(s, cursor)
                return
            created = self._row_count(cursor, table) - before
        s.report.created = created
        s.report.updated = written - created
        s.report.unchanged = s.report.rows - written

    @contextmanager
    def _indexes_rebuilt(self, cursor: Any, kind: Kind) -> Iterator[None]:
        """Drop a table's indexes (and on PostgreSQL its unique and foreign
        key constraints), and put them back as they were when done.

        Putting a foreign key back checks every row in one set-based pass,
        where PostgreSQL would otherwise queue a check per row until commit.
        The table keeps its primary key and check constraints throughout,
        and all of this happens inside the import's transaction.
        """
        table = kind.model._meta.db_table
        if self.vendor == "sqlite":
            # SQLite cannot drop the indexes of UNIQUE columns or foreign
            # keys (part of the table), only the indexes made apart.
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            indexes = cursor.fetchall()
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {self.quote(name)}")
            yield
            for _name, sql in indexes:
                cursor.execute(sql)
            return
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') "
            "ORDER BY contype DESC, conname",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) "
            "FROM pg_index WHERE indrelid = %s::regclass AND NOT indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = pg_index.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        quoted = self.quote(table)
        for name, _definition, _type in constraints:
            cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {self.quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        yield
        # Unique constraints come first in ``constraints`` ('u' > 'f').
        for name, definition, _type in constraints:
            cursor.execute(
                f"ALTER TABLE {quoted} ADD CONSTRAINT {self.quote(name)} {definition}"
            )
        for _name, definition in indexes:
            cursor.execute(definition)

    def _row_count(self, cursor: object, table: str) -> int:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # type: ignore[attr-defined]
        return cursor.fetchone()[0]  # type: ignore[attr-defined]

    def _merge_team_parents(self, s: _Staged, cursor: object) -> None:
        if "parent_code" not in s.present:
            return
        table, code = self.key_of(s.kind)
        cursor.execute(  # type: ignore[attr-defined]
            f"UPDATE {table} SET parent_id = ("
            f"SELECT p.id FROM {self.table(s.kind)} s "
            f"LEFT JOIN {table} p ON p.{code} = s.parent_code "
            f"WHERE s.code = {table}.{code}) "
            f"WHERE {code} IN (SELECT code FROM {self.table(s.kind)}) "
            f"AND parent_id {self.distinct} ("
            f"SELECT p.id FROM {self.table(s.kind)} s "
            f"LEFT JOIN {table} p ON p.{code} = s.parent_code "
            f"WHERE s.code = {table}.{code})"
        )

    def count(self, s: _Staged) -> None:
        """Count what a merge would create, update and leave; write nothing.

        A reference to a record that is only in this run resolves to no id
        yet; the stored row then certainly changes, so it counts as updated.
        """
        kind = s.kind
        table = self.quote(kind.model._meta.db_table)
        targets, values, joins, changeable = self._select(s)
        joins = joins.replace("JOIN", "LEFT JOIN").replace("LEFT LEFT", "LEFT")
        by_target = dict(zip(targets, values, strict=True))
        keys = self._key_targets(kind)
        match = " AND ".join(f"t.{k} = {by_target[k]}" for k in keys)
        differences = [f"t.{c} {self.distinct} {by_target[c]}" for c in changeable]
        for column in kind.columns:
            if column.ref and column.name in s.present:
                if column.ref == kind.name:
                    ref_table, ref_key = self.key_of(kind)
                    differences.append(
                        f"t.parent_id {self.distinct} (SELECT p.id FROM {ref_table} p "
                        f"WHERE p.{ref_key} = s.{self.quote(column.name)})"
                    )
                    continue
                source = f"s.{self.quote(column.name)}"
                model_column = self.quote(
                    kind.model._meta.get_field(column.field).column
                )
                differences.append(
                    f"({by_target[model_column]} IS NULL AND {source} <> '')"
                )
        differs = " OR ".join(differences) or "1 = 0"
        sql = (
            f"SELECT COUNT(*), COUNT(t.id), "
            f"COALESCE(SUM(CASE WHEN t.id IS NOT NULL AND ({differs}) "
            f"THEN 1 ELSE 0 END), 0) "
            f"FROM {self.table(kind)} s {joins} LEFT JOIN {table} t ON {match}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            total, existing, changed = cursor.fetchone()
        s.report.created = total - existing
        s.report.updated = changed
        s.report.unchanged = existing - changed


def _sqlite_datetime(value: object) -> str:
    assert isinstance(value, dt.datetime)
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))
