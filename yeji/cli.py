"""The ``yeji`` command: Django's management commands under one name.

Before any command that touches the data, the database is brought up to
date, so a new user (or a new release) never meets a missing table.
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
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yeji.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "yeji"

    import django
    from django.core.management import execute_from_command_line

    django.setup()
    command = argv[1] if len(argv) > 1 else "help"
    if command not in NO_MIGRATE_FIRST:
        ensure_database()
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
