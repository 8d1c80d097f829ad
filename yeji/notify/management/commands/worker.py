"""``yeji worker``: the background tasks, on a schedule, with no other
server.

One process does both halves: every few seconds the scheduler enqueues the
periodic jobs that are due (the day's reminders at ``YEJI_REMINDERS_AT``,
the outbox every minute) into the database queue of django-tasks, and the
worker runs whatever the queue holds, these jobs and any other task.
SIGTERM or Ctrl-C lets the task in hand finish, then the process exits with
status 0.
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from yeji.notify.schedule import schedule_tick

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the background tasks: the daily reminders, their delivery every "
        "minute, and anything else queued. Stops on SIGTERM or Ctrl-C."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="seconds between looks at the schedule and the queue (5)",
        )

    def handle(self, *args, interval: float, **options) -> None:
        stop = threading.Event()
        # The library's worker runs the queued tasks; in batch mode it
        # returns once the queue is empty, and leaves signals to us.
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )

        def shut_down(signum, frame) -> None:
            # The task in hand finishes; the loop ends after it.
            stop.set()
            worker.running = False

        signal.signal(signal.SIGTERM, shut_down)
        signal.signal(signal.SIGINT, shut_down)
        self.stdout.write(f"Yeji worker started, looking every {interval:g} s.")
        self.stdout.flush()

        while not stop.is_set():
            close_old_connections()
            try:
                schedule_tick()
                worker.running = True
                worker.run()
            except Exception:
                # A database away for a moment must not end the worker.
                logger.exception("The worker's round failed; trying again")
            if stop.is_set():
                break
            stop.wait(interval)

        self.stdout.write("Yeji worker stopped.")
