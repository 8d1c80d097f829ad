"""Serving Yeji with gunicorn, a production WSGI server, from one command.

WhiteNoise (in the middleware) serves the static files that ``collectstatic``
gathered under ``STATIC_ROOT``, so no other web server is needed to start.
"""

import logging
import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from gunicorn.app.base import BaseApplication

logger = logging.getLogger(__name__)


def default_workers() -> int:
    """Gunicorn's usual advice, two workers a core and one more, up to 8."""
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def bind_address(host: str, port: int) -> str:
    """``host:port`` as gunicorn reads it, brackets around an IPv6 address."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


def gunicorn_logging() -> dict[str, Any]:
    """Gunicorn's own log lines configured as Yeji's (settings.LOGGING).

    So that with ``YEJI_LOG_FORMAT=json`` every line the server writes, its
    own and the application's, is a JSON object.
    """
    config = settings.LOGGING
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": config["formatters"],
        "handlers": config["handlers"],
        "root": config["root"],
        "loggers": {
            name: {"level": "INFO", "handlers": ["console"], "propagate": False}
            for name in ("gunicorn.error", "gunicorn.access")
        },
    }


class YejiServer(BaseApplication):
    """Gunicorn configured from arguments rather than its own command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            # Settings newer than the installed gunicorn are left out.
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from yeji.wsgi import application

        return application


def background_start() -> subprocess.Popen:
    """``yeji worker`` in a process of its own, with this one's settings
    (the demo's database for the demo)."""
    return subprocess.Popen(
        [sys.executable, "-c", "from yeji.cli import main; main(['yeji', 'worker'])"],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
    )


def background_stop(process: subprocess.Popen) -> None:
    """Let the background worker finish its task in hand, then end it."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(*, host: str, port: int, workers: int, background: bool = False) -> None:
    """Collect the static files, then serve until Ctrl-C (or SIGTERM); with
    ``background``, run ``yeji worker`` beside the server while it serves
    (reminders, the homes' kept scorecards), so one command runs it all.

    Returns only when gunicorn stops; gunicorn itself ends the process
    with its exit status.
    """
    call_command("collectstatic", interactive=False, verbosity=0)
    # The workers are forked from this process: none may inherit an open
    # database connection.
    connections.close_all()

    logger.info("Serving on %s with %d workers", bind_address(host, port), workers)
    helper = background_start() if background else None
    server_pid = os.getpid()
    try:
        _run_server(host=host, port=port, workers=workers)
    finally:
        # Gunicorn's forked workers leave through here too; only the
        # server's own process stops the helper.
        if helper is not None and os.getpid() == server_pid:
            background_stop(helper)


def _run_server(*, host: str, port: int, workers: int) -> None:
    YejiServer(
        {
            "bind": bind_address(host, port),
            "workers": workers,
            "proc_name": "yeji",
            "errorlog": "-",
            "logconfig_dict": gunicorn_logging(),
            # A worker that hangs (a report on a huge period, say) is
            # restarted after this many seconds.
            "timeout": 120,
            "graceful_timeout": 10,
            # Gunicorn 25+ opens a control socket in the home folder, one
            # path for every server of the user: two servers (the demo and a
            # test, say) would fight over it, and Yeji does not use it.
            "control_socket_disable": True,
        }
    ).run()
