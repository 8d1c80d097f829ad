"""``yeji worker`` as a user runs it: a process of its own, on the embedded
SQLite database, that makes the day's reminders, delivers them to a robot,
and stops cleanly on SIGTERM."""

import signal
import subprocess
import time

from yeji.tests.processes import run_yeji, yeji_command, yeji_environment

SETUP = """
import datetime as dt
from django.utils import timezone
from yeji.notify.models import Channel
from yeji.org.models import Employee, Team
from yeji.planning.models import Task

team = Team.objects.create(code="EAST-1", name="华东一组")
rep = Employee.objects.create(
    employee_no="E0001", name="张伟", team=team, role="rep",
    hired_on=dt.date(2024, 1, 1),
)
Task.objects.create(
    task_no="T-WORKER", employee=rep, title="给客户回电话",
    due_on=timezone.localdate(),
)
Channel.objects.create(name="群机器人", kind="wecom", webhook="{webhook}")
"""


def test_the_worker_delivers_a_due_reminder_and_stops_on_sigterm(tmp_path, robot):
    # The reminders of the day are due from midnight, so at once.
    variables = {"YEJI_REMINDERS_AT": "00:00", "YEJI_SECURITY_LOG": "-"}
    webhook = f"{robot.url}/cgi-bin/webhook/send?key=K"
    made = run_yeji(tmp_path, "shell", "-c", SETUP.format(webhook=webhook), **variables)
    assert made.returncode == 0, made.stderr

    worker = subprocess.Popen(
        [*yeji_command(), "worker", "--interval", "0.5"],
        env=yeji_environment(tmp_path, **variables),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not robot.arrivals and time.monotonic() < deadline:
            assert worker.poll() is None, worker.communicate()
            time.sleep(0.2)
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()

    assert len(robot.arrivals) == 1
    assert "给客户回电话" in robot.arrivals[0].body["markdown"]["content"]
    assert worker.returncode == 0, err
    assert "stopped" in out
