"""The run's staging tables: filled from the files, checked across rows.

One temporary table per kind holds a run's parsed rows with their line
numbers; ``merging`` then writes them into the real tables.  The checks
here are set-based SQL, one statement per rule and file, whatever the size
of the file.
"""

import datetime as dt
import logging
import queue
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from psycopg.copy import FileWriter

from yeji.interchange.parsing import parse_rows, read_header
from yeji.interchange.reading import UnreadableFile, open_table
from yeji.interchange.report import FileReport, Problems
from yeji.interchange.spec import KINDS, KINDS_BY_NAME, Kind

logger = logging.getLogger(__name__)

BATCH_ROWS = 5_000
# PostgreSQL: files parsed ahead of the one being checked and merged, and
# the bytes of a spool sent to the database at a time.
READ_AHEAD = 1
SPOOL_CHUNK = 8 << 20

# SQLite's page cache during a run, and while it builds indexes (KiB,
# negative as PRAGMA cache_size takes them).
RUN_CACHE_KIB = -131072
SORT_CACHE_KIB = -65536
# PostgreSQL's memory for an import: (setting, KiB, SET's scope); see
# Staging.give_memory.
RUN_MEMORY = [
    ("work_mem", 128 * 1024, "LOCAL"),
    ("maintenance_work_mem", 512 * 1024, "LOCAL"),
    ("temp_buffers", 256 * 1024, "SESSION"),
]


@dataclass
class Staged:
    """A file read into its staging table."""

    kind: Kind
    file: str
    present: frozenset[str]
    report: FileReport


@contextmanager
def timed(step: str, name: str) -> Iterator[None]:
    """Log how long a step took, for whoever tunes a large import."""
    start = time.perf_counter()
    yield
    logger.info("%s %s: %.2f s", step, name, time.perf_counter() - start)


class Staging:
    """The run's staging tables, the SQL that fills and checks them."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.vendor = connection.vendor
        self.quote = connection.ops.quote_name
        self.distinct = "IS NOT" if self.vendor == "sqlite" else "IS DISTINCT FROM"
        if self.vendor == "sqlite":
            # SQLite's default page cache (2 MB) makes every index insert a
            # disk read once a table outgrows it.  A larger cache for the
            # run, in KiB, is given back by release().
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self.cache_size = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA cache_size = {RUN_CACHE_KIB}")
                cursor.execute("PRAGMA temp.cache_size = -32768")

    @contextmanager
    def sorting(self) -> Iterator[None]:
        """A smaller page cache while SQLite builds indexes.

        SQLite's sorter may hold as much memory as the page cache again
        while it builds an index: with a 256 MB cache a first import of the
        benchmark's company peaked at 686 MB, over the 500 MB budget.  A
        64 MB cache for the whole run kept a tenth of that company at
        205 MB but slowed the inserts of the whole company; so the run
        keeps 128 MB, and 64 MB while indexes are built (bench/run.py).
        """
        if self.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {SORT_CACHE_KIB}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {RUN_CACHE_KIB}")

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

    def staged_names(self, kind: Kind) -> list[str]:
        """The columns of a staging row, in order: ``line`` first."""
        return ["line"] + [name for name, _type in self.stage_columns(kind)]

    def create_tables(self) -> None:
        # Every kind gets a table, even one not in the run, so that the
        # reference checks can always look in the run's records.
        if self.vendor == "postgresql":
            self.give_memory()
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

    def give_memory(self) -> None:
        """Let PostgreSQL hash, sort and stage in memory for the run.

        With the server's defaults (4 MB to hash or sort, 64 MB to build
        an index, 8 MB of buffers for temporary tables) a large file's
        joins, index builds and staging tables spill to temporary files.
        These are ceilings, not memory taken up front; a server set higher
        keeps its own.  The first two last for the run's transaction, the
        buffers for the connection (PostgreSQL refuses a change of them
        once the connection has used a temporary table).
        """
        with connection.cursor() as cursor:
            for name, kib, scope in RUN_MEMORY:
                cursor.execute(
                    "SELECT setting::bigint * CASE unit WHEN '8kB' THEN 8 "
                    "WHEN 'kB' THEN 1 END FROM pg_settings WHERE name = %s",
                    [name],
                )
                if cursor.fetchone()[0] >= kib:
                    continue
                try:
                    with transaction.atomic():
                        cursor.execute(f"SET {scope} {name} = '{kib}kB'")
                except DatabaseError:
                    pass

    def drop_tables(self) -> None:
        with connection.cursor() as cursor:
            for kind in KINDS:
                cursor.execute(f"DROP TABLE IF EXISTS {self.table(kind)}")

    # -- step 1: parse and stage ------------------------------------------

    def load_files(
        self, files: list[tuple[Kind, Path]], errors: Problems, warnings: Problems
    ) -> Iterator[Staged]:
        """Each file read into its indexed staging table, in load order.

        On PostgreSQL a thread reads and parses the files ahead, into spool
        files of ``COPY`` data, while the caller checks and merges the files
        before: parsing is Python's work and merging the database's, so the
        two run side by side on two cores.  A file's problems join
        ``errors`` and ``warnings`` when it is handed over.
        """
        if self.vendor != "postgresql":
            for kind, path in files:
                staged = self.load_file(kind, path, errors, warnings)
                if staged is not None:
                    self.index_table(staged)
                    yield staged
            return
        with _Reader(self, files) as reader:
            for parsed in reader:
                errors.absorb(parsed.errors)
                warnings.absorb(parsed.warnings)
                if parsed.staged is None:
                    continue
                self.fill(parsed)
                self.index_table(parsed.staged)
                yield parsed.staged

    def load_file(
        self, kind: Kind, path: Path, errors: Problems, warnings: Problems
    ) -> Staged | None:
        """Read a file straight into its staging table (SQLite)."""
        return self._read(kind, path, errors, warnings, self._write)

    def read_file(
        self,
        kind: Kind,
        path: Path,
        parsed: "Parsed",
        adapters: psycopg.Cursor,
        stop: threading.Event,
    ) -> None:
        """Read a file into a spool of ``COPY`` data (PostgreSQL, in the
        reader's thread).  ``adapters``, a cursor of the run's connection,
        only lends its types' adapters to the formatting: no statement runs
        on it, so the run's thread keeps the connection to itself."""
        # Under YEJI_HOME, on disk: /tmp may be memory (tmpfs), and a spool
        # is about as large as its file.  Deleted when closed, or with the
        # process.
        settings.YEJI_HOME.mkdir(parents=True, exist_ok=True)
        spool = parsed.spool = tempfile.TemporaryFile(
            prefix="import-spool-", dir=settings.YEJI_HOME
        )

        def write(_kind: Kind, rows: Iterator[list[object]]) -> int:
            count = 0
            with psycopg.Copy(adapters, writer=_Spooler(spool, stop)) as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(row)
                    count += 1
            return count

        parsed.staged = self._read(kind, path, parsed.errors, parsed.warnings, write)

    def _read(
        self,
        kind: Kind,
        path: Path,
        errors: Problems,
        warnings: Problems,
        write: Callable[[Kind, Iterator[list[object]]], int],
    ) -> Staged | None:
        name = path.name
        try:
            with open_table(path) as table:
                present = read_header(
                    kind, name, table.header, table.header_line, errors, warnings
                )
                if present is None:
                    return None
                staged = Staged(
                    kind, name, frozenset(present), FileReport(name, kind.name)
                )
                rows = parse_rows(kind, name, present, table.rows, errors)
                staged.report.rows = write(kind, rows)
        except UnreadableFile as unreadable:
            errors.add(name, unreadable.line, None, str(unreadable))
            return None
        logger.info("Read %d rows of %s", staged.report.rows, name)
        return staged

    def fill(self, parsed: "Parsed") -> None:
        """Copy a spool into its staging table (PostgreSQL)."""
        assert parsed.staged is not None and parsed.spool is not None
        kind = parsed.staged.kind
        names = self.staged_names(kind)
        quoted = ", ".join(self.quote(n) for n in names)
        spool = parsed.spool
        try:
            spool.seek(0)
            with connection.connection.cursor() as cursor:  # type: ignore[union-attr]
                with cursor.copy(
                    f"COPY {self.table(kind)} ({quoted}) FROM STDIN"
                ) as copy:
                    while chunk := spool.read(SPOOL_CHUNK):
                        copy.write(chunk)
        finally:
            parsed.discard()

    def index_table(self, s: Staged) -> None:
        """Index a filled staging table by its key (and on PostgreSQL give
        the planner its statistics)."""
        kind = s.kind
        keys = ", ".join(self.quote(name) for name in kind.key)
        with self.sorting(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE INDEX {self.quote(f'yeji_stage_{kind.name}_key')} "
                f"ON {self.table(kind)} ({keys})"
            )
            if self.vendor == "postgresql":
                # Temporary tables are never analysed by autovacuum; without
                # statistics the planner guesses badly for millions of rows.
                cursor.execute(f"ANALYZE {self.table(kind)}")

    def _write(self, kind: Kind, rows: Iterator[list[object]]) -> int:
        names = self.staged_names(kind)
        adapters = self._sqlite_adapters(kind)
        placeholders = ", ".join("?" * len(names))
        sql = f"INSERT INTO {self.table(kind)} VALUES ({placeholders})"
        raw = connection.connection
        count = 0
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

    def check_duplicates(self, s: Staged, errors: Problems) -> None:
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

    def check_references(self, s: Staged, errors: Problems) -> None:
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

    def check_team_cycles(self, s: Staged, errors: Problems) -> None:
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

    def key_of(self, kind: Kind) -> tuple[str, str]:
        """The quoted table and key column of a kind with a one-column key."""
        meta = kind.model._meta
        key_field = meta.get_field(kind.by_name[kind.key[0]].field)
        return self.quote(meta.db_table), self.quote(key_field.column)

    def select_parts(
        self, s: Staged, *, outer: bool = False
    ) -> tuple[list[str], list[str], str, list[str]]:
        """The target columns, their values from staging, and the joins.

        Also the target columns this file may change: those it has (a
        column left out of the file keeps its stored values) and the
        derived ones; not the initial ones, which only a new row takes.
        A team's parent is set apart, after all teams exist.  With
        ``outer``, a reference to a record not stored yet gives NULL rather
        than dropping the row (for counting before writing).
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
                join = "JOIN" if column.required and not outer else "LEFT JOIN"
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
        for initial in kind.initial:
            targets.append(self.quote(meta.get_field(initial.field).column))
            values.append(initial.sql)
        return targets, values, " ".join(joins), changeable

    def key_targets(self, kind: Kind) -> list[str]:
        meta = kind.model._meta
        return [
            self.quote(meta.get_field(kind.by_name[name].field).column)
            for name in kind.key
        ]


def _sqlite_datetime(value: object) -> str:
    assert isinstance(value, dt.datetime)
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


@dataclass
class Parsed:
    """A file the reader has parsed: its staging rows in a spool, and the
    problems found on the way."""

    staged: Staged | None = None
    spool: IO[bytes] | None = None
    errors: Problems = field(default_factory=Problems)
    warnings: Problems = field(default_factory=Problems)

    def discard(self) -> None:
        """Delete the spool, if it is still there."""
        if self.spool is not None:
            self.spool.close()
            self.spool = None


class _Stopped(Exception):
    """The run ended before the reader was done."""


class _Spooler(FileWriter):
    """``COPY`` data into a spool, until the run stops the reader (checked
    at each block of data, not at each row)."""

    def __init__(self, spool: IO[bytes], stop: threading.Event) -> None:
        super().__init__(spool)
        self.stop = stop

    def write(self, data: bytes) -> None:  # type: ignore[override]
        if self.stop.is_set():
            raise _Stopped
        super().write(data)


class _Reader:
    """The files parsed one after the other in a thread, each handed over
    when whole; at most ``READ_AHEAD`` wait, so that the spools take a
    bounded room on disk.  Used as a context manager: leaving it early
    stops the thread and deletes the spools.
    """

    def __init__(self, stage: Staging, files: list[tuple[Kind, Path]]) -> None:
        self.stage = stage
        self.files = files
        self.adapters = connection.connection.cursor()  # type: ignore[union-attr]
        self.ready: queue.Queue[Parsed | BaseException | None] = queue.Queue(READ_AHEAD)
        self.stop = threading.Event()
        # The run's language and time zone, for messages and for local
        # times: Django keeps them per thread.
        self.language = translation.get_language()
        self.zone = timezone.get_current_timezone()
        self.thread = threading.Thread(
            target=self._run, name="yeji-import-reader", daemon=True
        )

    def __enter__(self) -> "_Reader":
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop.set()
        while self.thread.is_alive():
            self._discard()
            self.thread.join(0.05)
        self._discard()
        self.adapters.close()

    def __iter__(self) -> Iterator[Parsed]:
        while (item := self.ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    def _discard(self) -> None:
        while True:
            try:
                item = self.ready.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, Parsed):
                item.discard()

    def _run(self) -> None:
        with translation.override(self.language), timezone.override(self.zone):
            self._read_all()

    def _read_all(self) -> None:
        try:
            for kind, path in self.files:
                parsed = Parsed()
                try:
                    with timed("read", path.name):
                        self.stage.read_file(
                            kind, path, parsed, self.adapters, self.stop
                        )
                except BaseException:
                    parsed.discard()
                    raise
                self._hand_over(parsed)
            self._hand_over(None)
        except _Stopped:
            pass
        except BaseException as failure:  # noqa: BLE001 - raised in the run
            try:
                self._hand_over(failure)
            except _Stopped:
                pass

    def _hand_over(self, item: Parsed | BaseException | None) -> None:
        while True:
            if self.stop.is_set():
                if isinstance(item, Parsed):
                    item.discard()
                raise _Stopped
            try:
                self.ready.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
