from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from yeji.demo.serving import bind_address, default_workers, serve


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # Read when the parser is made, in the language then active.
        return _(
            "Serve Yeji (web pages and API) with gunicorn, a production WSGI server."
        )

    def add_arguments(self, parser: CommandParser) -> None:
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
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help=_(
                "Also run `yeji worker` (reminders, background tasks) while serving."
            ),
        )

    def handle(
        self, *args, host: str, port: int, workers: int, with_worker: bool, **options
    ) -> None:
        self.stdout.write(
            _("Yeji is at %(url)s (Ctrl-C stops it).")
            % {"url": f"http://{bind_address(host, port)}/"}
        )
        self.stdout.flush()
        serve(host=host, port=port, workers=workers, background=with_worker)
