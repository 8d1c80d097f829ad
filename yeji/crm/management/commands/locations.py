from django.core.management.base import BaseCommand, CommandParser

from yeji.crm.checkin import locations_purge


class Command(BaseCommand):
    help = (
        "Visit locations: `yeji locations purge [--dry-run]` forgets the "
        "location of every visit older than the company's retention setting "
        "(the distance from the customer stays)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        purge = actions.add_parser("purge", help="forget old visit locations")
        purge.add_argument(
            "--dry-run", action="store_true", help="count them, change nothing"
        )

    def handle(self, *args: object, **options: object) -> None:
        dry_run = bool(options["dry_run"])
        count = locations_purge(dry_run=dry_run)
        verb = "would forget" if dry_run else "forgot"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} visit locations"))
