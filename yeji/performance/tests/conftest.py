"""Fixtures of the scorecard tests.

``acme_company`` loads the sample company of /work/shared/samples/acme with
a deliberately small CSV reader of its own.
TODO: switch ``acme_company`` to the real importer (``yeji import``) once
yeji/interchange lands; until then a format change in the samples would be
met here first, as a KeyError or a ValueError while loading.
"""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone, translation

from yeji.crm.models import Complaint, Customer, Request, Survey, Visit
from yeji.org.models import Employee, Team
from yeji.people.models import Assessment
from yeji.planning.models import Target, Task
from yeji.sales.models import Order

ACME = Path("/work/shared/samples/acme")


def _rows(name: str):
    with open(ACME / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f)


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text.strip() else None


def _instant(text: str) -> dt.datetime | None:
    if not text.strip():
        return None
    value = dt.datetime.fromisoformat(text.strip())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localdate(value)


def acme_load_for_tests() -> None:
    """Load the acme sample (not its payments) with bulk inserts: a test
    stand-in for the importer, trusting the sample to be valid."""
    teams = {}
    for row in _rows("teams"):
        teams[row["code"]] = (
            Team.objects.create(code=row["code"], name=row["name"]),
            row,
        )
    for team, row in teams.values():
        if row["parent_code"]:
            team.parent = teams[row["parent_code"]][0]
            team.save(update_fields=["parent"])
    team_ids = {code: team.id for code, (team, _row) in teams.items()}

    Employee.objects.bulk_create(
        Employee(
            employee_no=r["employee_no"],
            name=r["name"],
            team_id=team_ids[r["team_code"]],
            role=r["role"],
            email=r["email"],
            phone=r["phone"],
            hired_on=_date(r["hired_on"]),
            left_on=_date(r["left_on"]),
            base_salary=Decimal(r["base_salary"]) if r["base_salary"] else None,
        )
        for r in _rows("employees")
    )
    emp = dict(Employee.objects.values_list("employee_no", "id"))
    Customer.objects.bulk_create(
        (
            Customer(
                code=r["code"],
                name=r["name"],
                owner_id=emp[r["owner_employee_no"]],
                acquired_on=_date(r["acquired_on"]),
                level=r["level"],
            )
            for r in _rows("customers")
        ),
        batch_size=2000,
    )
    cust = dict(Customer.objects.values_list("code", "id"))
    Order.objects.bulk_create(
        (
            Order(
                order_no=r["order_no"],
                customer_id=cust[r["customer_code"]],
                employee_id=emp[r["employee_no"]],
                ordered_on=_date(r["ordered_on"]),
                amount=Decimal(r["amount"]),
                status=r["status"].lower(),
            )
            for r in _rows("orders")
        ),
        batch_size=2000,
    )
    visits = []
    for r in _rows("visits"):
        at = _instant(r["visited_at"])
        visits.append(
            Visit(
                visit_no=r["visit_no"],
                employee_id=emp[r["employee_no"]],
                customer_id=cust[r["customer_code"]],
                visited_at=at,
                visited_on=_local_date(at),
                channel=r["channel"].lower(),
            )
        )
    Visit.objects.bulk_create(visits, batch_size=2000)
    Task.objects.bulk_create(
        (
            Task(
                task_no=r["task_no"],
                employee_id=emp[r["employee_no"]],
                title=r["title"],
                due_on=_date(r["due_on"]),
                completed_on=_date(r["completed_on"]),
            )
            for r in _rows("tasks")
        ),
        batch_size=2000,
    )
    requests = []
    for r in _rows("requests"):
        opened = _instant(r["opened_at"])
        requests.append(
            Request(
                request_no=r["request_no"],
                customer_id=cust[r["customer_code"]],
                employee_id=emp[r["employee_no"]],
                opened_at=opened,
                opened_on=_local_date(opened),
                first_response_at=_instant(r["first_response_at"]),
                subject=r["subject"],
            )
        )
    Request.objects.bulk_create(requests, batch_size=2000)
    Survey.objects.bulk_create(
        (
            Survey(
                survey_no=r["survey_no"],
                customer_id=cust[r["customer_code"]],
                employee_id=emp[r["employee_no"]],
                answered_on=_date(r["answered_on"]),
                satisfaction=int(r["satisfaction"]),
                recommend=int(r["recommend"]),
            )
            for r in _rows("surveys")
        ),
        batch_size=2000,
    )
    Complaint.objects.bulk_create(
        (
            Complaint(
                complaint_no=r["complaint_no"],
                customer_id=cust[r["customer_code"]],
                employee_id=emp[r["employee_no"]],
                filed_on=_date(r["filed_on"]),
                category=r["category"],
                severity=r["severity"].lower(),
                resolved_on=_date(r["resolved_on"]),
            )
            for r in _rows("complaints")
        ),
        batch_size=2000,
    )
    Assessment.objects.bulk_create(
        (
            Assessment(
                assessment_no=r["assessment_no"],
                employee_id=emp[r["employee_no"]],
                kind=r["kind"].lower(),
                assessed_on=_date(r["assessed_on"]),
                score=Decimal(r["score"]),
                assessor_id=emp.get(r["assessor_employee_no"]),
            )
            for r in _rows("assessments")
        ),
        batch_size=2000,
    )
    Target.objects.bulk_create(
        (
            Target(
                employee_id=emp[r["employee_no"]],
                period=r["period"],
                metric=r["metric"].lower(),
                value=Decimal(r["value"]),
            )
            for r in _rows("targets")
        ),
        batch_size=2000,
    )


@pytest.fixture(scope="class")
def acme_company(django_db_setup, django_db_blocker):
    """The acme sample, loaded once for a test class and rolled back after."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            acme_load_for_tests()
            yield
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def english(settings):
    """Messages in English, whatever translations are compiled; the test of
    Chinese headings switches language itself."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
