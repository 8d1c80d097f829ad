"""Time the web pages on a loaded database, as a rep, a manager and a director.

Run against a database the benchmark kept (``bench/run.py --keep``), after
``yeji migrate``; it links three log-ins (``bench-rep``, ``bench-manager``,
``bench-director``) to the first employee of each role and asks for each
page once through Django's test client, printing the time of each:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yeji_bench \\
        .venv/bin/python bench/pages.py / /customers/ /orders/ /tasks/ \\
        "/scorecard/?period=2026-Q3&as_of=2026-12-31"

``REP`` in a path stands for the rep's employee number.
"""

import os
import sys
import time


def main(paths: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yeji.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from yeji.org.models import Employee, Role

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    users = get_user_model()

    def log_in_as(employee: Employee, username: str) -> Client:
        user, _ = users.objects.get_or_create(username=username)
        if employee.user_id != user.pk:
            Employee.objects.filter(user=user).update(user=None)
            employee.user = user
            employee.save(update_fields=["user"])
        client = Client()
        client.force_login(user)
        return client

    first = Employee.objects.order_by("employee_no")
    rep = first.filter(role=Role.REP, left_on__isnull=True).first()
    cast = [
        ("bench-rep", rep),
        ("bench-manager", first.filter(role=Role.MANAGER).first()),
        ("bench-director", first.filter(role=Role.DIRECTOR).first()),
    ]
    for username, employee in cast:
        if employee is None:
            print(f"{username}: no employee of that role")
            continue
        client = log_in_as(employee, username)
        for path in paths:
            path = path.replace("REP", rep.employee_no)
            started = time.perf_counter()
            response = client.get(path)
            seconds = time.perf_counter() - started
            print(f"{username:15} {path:45} {response.status_code} {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
