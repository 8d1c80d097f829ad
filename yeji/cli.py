"""The ``yeji`` command: Django's management commands under one name.

Before any command that touches the data, the database is brought up to
date, so a new user (or a new release) never meets a missing table.  Before
Django starts, the translation catalogues are compiled if they changed.
"""

import os
import sys

# Commands that must run against the schema as it is, or touch no data.
NO_MIGRATE_FIRST = {
    "help",
    "--help",
    "-h",
    "version",
    "--version",
    "makemigrations",
    "migrate",
    "check",
    "collectstatic",
    "compilemessages",
    "makemessages",
    "showmigrations",
    "sqlmigrate",
    "test",
}

# Commands that bring their database up to date themselves: `demo` may
# first delete its database (``--reset``), so migrating it before would be
# wasted work.
MIGRATES_ITSELF = {"demo"}


def ensure_database() -> None:
    """Apply any migration the database lacks, quietly."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if connection.vendor == "sqlite":
        settings.YEJI_HOME.mkdir(parents=True, exist_ok=True)
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    if executor.migration_plan(targets):
        call_command("migrate", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> None:
    """Run a management command, as ``yeji COMMAND [ARGS]``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yeji.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "yeji"

    command = argv[1] if len(argv) > 1 else "help"
    if command == "demo":
        # Settings read this once, at setup: the demo gets a database file of
        # its own and never the one DATABASE_URL names.
        os.environ["YEJI_DEMO"] = "1"

    from yeji.i18n import compile_stale_catalogues

    compile_stale_catalogues()

    import django
    from django.core.management import execute_from_command_line

    django.setup()
    if command not in NO_MIGRATE_FIRST | MIGRATES_ITSELF:
        ensure_database()
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
