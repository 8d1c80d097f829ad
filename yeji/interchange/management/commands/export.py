from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from yeji.interchange.services import export_folder


class Command(BaseCommand):
    help = (
        "Write every kind of record as interchange-format CSV files into "
        "FOLDER, replacing files of the same names."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="the folder to write into")

    def handle(self, *args: object, **options: object) -> None:
        folder = options["folder"]
        assert isinstance(folder, Path)
        written = export_folder(folder)
        for name, rows in written.items():
            self.stdout.write(
                _("%(file)s: %(rows)d rows") % {"file": name, "rows": rows}
            )
        self.stdout.write(
            self.style.SUCCESS(_("Exported to %(folder)s.") % {"folder": folder})
        )
