"""Import and export of the interchange format (``data-format.md``).

These are the two actions the ``yeji import`` and ``yeji export`` commands,
the benchmark and later the web pages call; the work is in ``loading`` and
``exporting``.
"""

import logging
from pathlib import Path

from yeji.interchange.exporting import export_all
from yeji.interchange.loading import ImportReport, run_import

logger = logging.getLogger(__name__)


def import_path(path: Path | str, *, dry_run: bool = False) -> ImportReport:
    """Load a folder of files, or one file, in one transaction.

    With any error in any file nothing is written and the report lists every
    error found.  A dry run checks everything and counts what would be
    created, updated and left unchanged, and writes nothing.
    """
    return run_import(Path(path), dry_run=dry_run)


def export_folder(folder: Path | str) -> dict[str, int]:
    """Write every kind of record as CSV into ``folder`` (created if needed).

    Returns the number of rows written per file name.  Files already in the
    folder under those names are replaced.
    """
    return export_all(Path(folder))
