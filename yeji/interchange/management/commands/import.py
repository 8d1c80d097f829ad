from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yeji.interchange.services import import_path


class Command(BaseCommand):
    help = (
        "Load a folder of interchange-format files (or one file), CSV or XLSX. "
        "With any error nothing is written and every error is printed as "
        "file:line: column: message."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a folder or one file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check everything and count the changes, but write nothing",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = options["path"]
        assert isinstance(path, Path)
        report = import_path(path, dry_run=bool(options["dry_run"]))

        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(str(warning)))
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors_total > len(report.errors):
            self.stderr.write(
                _("... and %(count)d more errors")
                % {"count": report.errors_total - len(report.errors)}
            )
        if not report.ok:
            raise CommandError(
                ngettext(
                    "%(count)d error; nothing was imported.",
                    "%(count)d errors; nothing was imported.",
                    report.errors_total,
                )
                % {"count": report.errors_total}
            )

        for file in report.files:
            self.stdout.write(
                ngettext(
                    "%(file)s: %(rows)d row, %(created)d created, "
                    "%(updated)d updated, %(unchanged)d unchanged",
                    "%(file)s: %(rows)d rows, %(created)d created, "
                    "%(updated)d updated, %(unchanged)d unchanged",
                    file.rows,
                )
                % vars(file)
            )
        if report.dry_run:
            self.stdout.write(self.style.SUCCESS(_("Dry run: nothing was written.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import complete.")))
