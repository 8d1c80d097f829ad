from django.core.management.base import BaseCommand, CommandParser

from yeji.crm.pool import pool_return


class Command(BaseCommand):
    help = (
        "The shared pool of customers: `yeji pool return [--dry-run]` returns "
        "to the pool every customer nobody has contacted for longer than the "
        "company's setting, and prints their codes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        back = actions.add_parser("return", help="return quiet customers to the pool")
        back.add_argument(
            "--dry-run", action="store_true", help="list them, move nothing"
        )

    def handle(self, *args: object, **options: object) -> None:
        result = pool_return(dry_run=bool(options["dry_run"]))
        for code in result.codes:
            self.stdout.write(code)
        verb = "would return" if result.dry_run else "returned"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(result.codes)} customers to the pool")
        )
