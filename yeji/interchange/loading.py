"""Loading files of the interchange format: parse, stage, check, upsert.

One import run goes through four steps, inside one transaction:

1. Every row of a file is parsed and checked on its own in Python
   (``parsing``, with the types of ``values`` and the rules of ``spec``)
   and, with its line number, put into a temporary staging table of its
   kind (``staging``): ``COPY`` on PostgreSQL, batched ``executemany`` on
   SQLite.  Nothing is kept per row in memory.
2. The rules across rows are checked in SQL against the staging tables and
   the database (``staging``): duplicate keys within a file, references to
   records neither in the database nor in the run, cycles in the team tree.
3. While no file had a problem, the file is then merged into its table
   (``merging``), so that an identical re-import rewrites nothing; files
   go in load order, and a file names only records of the files before.
4. With any problem in any file the transaction is rolled back, so nothing
   is written.

On PostgreSQL the files are parsed in a thread ahead of steps 2 and 3
(``Staging.load_files``).
"""

import logging
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from yeji.interchange.merging import count, merge_file, merging
from yeji.interchange.reading import SUFFIXES
from yeji.interchange.report import ImportReport, Problem, Problems
from yeji.interchange.spec import KINDS, KINDS_BY_NAME, Kind
from yeji.interchange.staging import Staging, timed
from yeji.performance.snapshots import records_changed

logger = logging.getLogger(__name__)


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
        if not found:
            errors.add(path.name, 1, None, _("no file of the format in this folder"))
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
        with transaction.atomic(), merging(stage):
            stage.create_tables()
            for s in stage.load_files(files, errors, warnings):
                report.files.append(s.report)
                with timed("check", s.file):
                    stage.check_duplicates(s, errors)
                    stage.check_references(s, errors)
                    if s.kind.name == "teams":
                        stage.check_team_cycles(s, errors)
                # A file refers only to files before it in load order, so
                # it can be written before the next one is read; with any
                # problem so far, the rest is only read and checked.
                if dry_run:
                    count(stage, s)
                elif not errors.total:
                    merge_file(stage, s, errors)
            if errors.total or dry_run:
                transaction.set_rollback(True)
            else:
                stage.drop_tables()
                # The merges write in SQL, past the signals that count
                # changes for kept scorecards: count them here.
                records_changed()
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
