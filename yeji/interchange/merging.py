"""Writing staged rows into the real tables, one statement per file.

Each file's staging table is merged into its table in load order by one
``INSERT ... SELECT ... ON CONFLICT (key) DO UPDATE ... WHERE`` the row
differs, so an identical re-import rewrites nothing.  A first load into an
empty table builds its indexes once, at the end.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from yeji.crm.models import RequestStatus
from yeji.interchange.history import ImportHistory
from yeji.interchange.report import Problems
from yeji.interchange.staging import Staged, Staging, timed

# From this many rows into an empty table, indexes are built after the load
# rather than kept up row by row (see _indexes_rebuilt).
BULK_ROWS = 50_000


@contextmanager
def merging(stage: Staging) -> Iterator[None]:
    """The frame of a run's merges (``merge_file``), inside its transaction.

    On PostgreSQL foreign keys are checked at the end of each statement
    rather than at commit: a table with checks pending cannot have its
    constraints dropped for a bulk load (_indexes_rebuilt).
    """
    if stage.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    # Django's foreign keys are all initially deferred.  (A run that rolls
    # back takes the setting, which lasts for the transaction, with it.)
    if not connection.needs_rollback:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def merge_file(stage: Staging, s: Staged, errors: Problems) -> None:
    """Merge a staged file, in load order.

    The checks before leave the database's own constraints nothing to
    refuse, save a rule between a column in the file and one left out
    of it (a new ``hired_on`` after a stored ``left_on``).  Should the
    database refuse a row, the file is named in an error and the run
    is rolled back like any other.
    """
    try:
        with transaction.atomic(), timed("merge", s.file):
            merge(stage, s)
    except (IntegrityError, DataError) as refused:
        errors.add(
            s.file,
            1,
            None,
            _("the database refused the data: %(error)s")
            % {"error": str(refused).strip()},
        )


def merge(stage: Staging, s: Staged) -> None:
    """Insert new rows and update changed ones; fill ``s.report``."""
    kind = s.kind
    if kind.name == "teams":
        # The team tree is counted before it is written, since its
        # parents take a second statement (see _merge_team_parents).
        count(stage, s)
    table = stage.quote(kind.model._meta.db_table)
    parts = stage.select_parts(s)
    targets, values, joins, changeable = parts
    history = ImportHistory(stage, s, parts)
    insert = (
        f"INSERT INTO {table} ({', '.join(targets)}) "
        f"SELECT {', '.join(values)} FROM {stage.table(kind)} s {joins} WHERE 1 = 1"
    )
    with connection.cursor() as cursor:
        before = _row_count(cursor, table)
        if before == 0 and s.report.rows >= BULK_ROWS and kind.name != "teams":
            # A first load into an empty table: with no row to conflict
            # with (duplicates in the file are already refused), build
            # the indexes once at the end instead of row by row.
            with _indexes_rebuilt(stage, cursor, kind.model._meta.db_table):
                cursor.execute(insert)
            if history.audited:
                _history_write_all(stage, cursor, history)
            s.report.created = s.report.rows
            return
        if history.audited:
            history.mark(cursor)
        if kind.name == "requests":
            _requests_answered(stage, s, cursor)
        keys = stage.key_targets(kind)
        assignments = ", ".join(f"{c} = excluded.{c}" for c in changeable)
        differs = " OR ".join(
            f"{table}.{c} {stage.distinct} excluded.{c}" for c in changeable
        )
        cursor.execute(
            f"{insert} ON CONFLICT ({', '.join(keys)}) "
            f"DO UPDATE SET {assignments} WHERE {differs}"
        )
        written = cursor.rowcount
        if history.audited:
            history.write(cursor)
        if kind.name == "teams":
            _merge_team_parents(stage, s, cursor)
            return
        created = _row_count(cursor, table) - before
    s.report.created = created
    s.report.updated = written - created
    s.report.unchanged = s.report.rows - written


def _history_write_all(stage: Staging, cursor: Any, history: ImportHistory) -> None:
    """Every row of a first load into the history too; into an empty
    history table (a new company's first import), with its indexes built
    after, as the table's own were: as many rows again as the load."""
    table = history.history._meta.db_table if history.history else None
    if table is not None:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {stage.quote(table)})")
        if not cursor.fetchone()[0]:
            with _indexes_rebuilt(stage, cursor, table):
                history.write(cursor, all_created=True)
            return
    history.write(cursor, all_created=True)


@contextmanager
def _indexes_rebuilt(stage: Staging, cursor: Any, table: str) -> Iterator[None]:
    """Drop a table's indexes (and on PostgreSQL its unique and foreign
    key constraints), and put them back as they were when done.

    Putting a foreign key back checks every row in one set-based pass,
    where PostgreSQL would otherwise queue a check per row until commit.
    The table keeps its primary key and check constraints throughout,
    and all of this happens inside the import's transaction.
    """
    if stage.vendor == "sqlite":
        # SQLite cannot drop the indexes of UNIQUE columns or foreign
        # keys (part of the table), only the indexes made apart.
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = %s AND sql IS NOT NULL",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {stage.quote(name)}")
        yield
        with stage.sorting():
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
    quoted = stage.quote(table)
    for name, _definition, _type in constraints:
        cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {stage.quote(name)}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    # Unique constraints come first in ``constraints`` ('u' > 'f').
    for name, definition, _type in constraints:
        cursor.execute(
            f"ALTER TABLE {quoted} ADD CONSTRAINT {stage.quote(name)} {definition}"
        )
    for _name, definition in indexes:
        cursor.execute(definition)


def _row_count(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {table}")
    return int(cursor.fetchone()[0])


def _merge_team_parents(stage: Staging, s: Staged, cursor: Any) -> None:
    """Point each team of the file at its parent, once every team exists."""
    if "parent_code" not in s.present:
        return
    table, code = stage.key_of(s.kind)
    cursor.execute(
        f"UPDATE {table} SET parent_id = ("
        f"SELECT p.id FROM {stage.table(s.kind)} s "
        f"LEFT JOIN {table} p ON p.{code} = s.parent_code "
        f"WHERE s.code = {table}.{code}) "
        f"WHERE {code} IN (SELECT code FROM {stage.table(s.kind)}) "
        f"AND parent_id {stage.distinct} ("
        f"SELECT p.id FROM {stage.table(s.kind)} s "
        f"LEFT JOIN {table} p ON p.{code} = s.parent_code "
        f"WHERE s.code = {table}.{code})"
    )


def _requests_answered(stage: Staging, s: Staged, cursor: Any) -> None:
    """Move the stored requests still waiting that the file gives their
    first response to in progress, as answering one in the pages does
    (``Request.note_answered``).  Before the rows are merged, while a
    request that had no response is still told from one that had."""
    if "first_response_at" not in s.present:
        return
    table, number = stage.key_of(s.kind)
    cursor.execute(
        f"UPDATE {table} SET status = %s "
        f"WHERE status = %s AND first_response_at IS NULL AND {number} IN ("
        f"SELECT request_no FROM {stage.table(s.kind)} "
        f"WHERE first_response_at IS NOT NULL)",
        [RequestStatus.IN_PROGRESS, RequestStatus.OPEN],
    )


def count(stage: Staging, s: Staged) -> None:
    """Count what a merge would create, update and leave; write nothing.

    A reference to a record that is only in this run resolves to no id
    yet; the stored row then certainly changes, so it counts as updated.
    """
    kind = s.kind
    table = stage.quote(kind.model._meta.db_table)
    targets, values, joins, changeable = stage.select_parts(s, outer=True)
    by_target = dict(zip(targets, values, strict=True))
    keys = stage.key_targets(kind)
    match = " AND ".join(f"t.{k} = {by_target[k]}" for k in keys)
    differences = [f"t.{c} {stage.distinct} {by_target[c]}" for c in changeable]
    for column in kind.columns:
        if not column.ref or column.name not in s.present:
            continue
        source = f"s.{stage.quote(column.name)}"
        if column.ref == kind.name:
            # A team's parent is compared by code, which also tells a
            # parent that is new in this run from none.
            ref_table, ref_key = stage.key_of(kind)
            differences.append(
                f"{source} <> COALESCE((SELECT p.{ref_key} FROM {ref_table} p "
                f"WHERE p.id = t.parent_id), '')"
            )
            continue
        model_column = stage.quote(kind.model._meta.get_field(column.field).column)
        differences.append(f"({by_target[model_column]} IS NULL AND {source} <> '')")
    differs = " OR ".join(differences) or "1 = 0"
    sql = (
        f"SELECT COUNT(*), COUNT(t.id), "
        f"COALESCE(SUM(CASE WHEN t.id IS NOT NULL AND ({differs}) "
        f"THEN 1 ELSE 0 END), 0) "
        f"FROM {stage.table(kind)} s {joins} LEFT JOIN {table} t ON {match}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        total, existing, changed = cursor.fetchone()
    s.report.created = total - existing
    s.report.updated = changed
    s.report.unchanged = existing - changed
