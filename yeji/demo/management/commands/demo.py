import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.cli import ensure_database
from yeji.demo.queries import demo_company_exists, demo_logins
from yeji.demo.services import DEMO_PASSWORD, demo_company_create, demo_database_delete
from yeji.demo.serving import bind_address, default_workers, serve
from yeji.org.models import Role


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # Read when the parser is made, in the language then active.
        return _(
            "Create a demo company (in a database of its own) and serve it. "
            "A second run reuses it; --reset makes a new one."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Delete the demo database and generate a new demo company."),
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help=_("Only create (or keep) the demo company; do not serve it."),
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=_("Serve without `yeji worker` beside (no reminders sent)."),
        )
        parser.add_argument(
            "--host", default="127.0.0.1", help=_("Address to listen on.")
        )
        parser.add_argument(
            "--port", type=int, default=8000, help=_("Port to listen on.")
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help=_("Number of worker processes."),
        )

    def handle(self, *args, **options) -> None:
        if not settings.YEJI_DEMO:
            raise CommandError(
                _("Run the demo as `yeji demo`: it needs a database of its own.")
            )
        path = settings.DEMO_SQLITE_PATH

        if options["reset"]:
            demo_database_delete()
            self.stdout.write(_("Deleted the demo database %(path)s.") % {"path": path})
        ensure_database()

        if demo_company_exists():
            self.stdout.write(
                _(
                    "Using the demo company in %(path)s "
                    "(`yeji demo --reset` makes a new one)."
                )
                % {"path": path}
            )
        else:
            self.create(path)

        url = f"http://{bind_address(options['host'], options['port'])}/"
        self.print_logins(url)
        if not options["no_serve"]:
            self.stdout.flush()
            serve(
                host=options["host"],
                port=options["port"],
                workers=options["workers"],
                background=not options["no_worker"],
            )

    def create(self, path: object) -> None:
        self.stdout.write(
            _("Creating the demo company in %(path)s ...") % {"path": path}
        )
        self.stdout.flush()
        started = time.monotonic()
        company = demo_company_create(now=timezone.now())
        seconds = time.monotonic() - started

        counts = company.counts
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Created in %(seconds).1f s, records from %(first)s to %(last)s: "
                    "%(reps)d reps, %(customers)d customers, %(orders)d orders, "
                    "%(payments)d payments, %(visits)d visits, %(tasks)d tasks, "
                    "%(requests)d requests, %(surveys)d surveys, "
                    "%(complaints)d complaints, %(assessments)d assessments, "
                    "%(targets)d targets."
                )
                % {
                    "seconds": seconds,
                    "first": company.first_day,
                    "last": company.last_day,
                    "reps": counts["rep"],
                    "customers": counts["customer"],
                    "orders": counts["order"],
                    "payments": counts["payment"],
                    "visits": counts["visit"],
                    "tasks": counts["task"],
                    "requests": counts["request"],
                    "surveys": counts["survey"],
                    "complaints": counts["complaint"],
                    "assessments": counts["assessment"],
                    "targets": counts["target"],
                }
            )
        )

    def print_logins(self, url: str) -> None:
        self.stdout.write("")
        self.stdout.write(
            _('Open %(url)s and log in with password "%(password)s" as:')
            % {"url": url, "password": DEMO_PASSWORD}
        )
        logins = demo_logins()
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(
                f"  {login.username.ljust(width)}  {login.employee_no}  {login.name}"
                f"  {Role(login.role).label} ({login.team_code})"
            )
        self.stdout.write("")
