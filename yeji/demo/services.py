"""Making the demo company: a sales force with two years of records.

The company is generated from a seeded random source, so the same seed on
the same day gives the same company.  Its records follow the reps' skill
(each rep has one, hidden), which spreads the scorecards from S to D the way
a real team's would.  Everything is written with ``bulk_create`` in one
transaction: the whole company takes a few seconds.
"""

import bisect
import calendar
import logging
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connections, models, transaction
from django.utils import timezone

from yeji.crm.models import (
    Channel,
    Complaint,
    Customer,
    CustomerLevel,
    Request,
    RequestStatus,
    Severity,
    Survey,
    Visit,
)
from yeji.demo import names
from yeji.demo.pipeline import build_pipeline
from yeji.org.models import Employee, Role, Team
from yeji.people.models import Assessment, AssessmentKind
from yeji.planning.models import Target, TargetMetric, Task
from yeji.sales.models import Order, OrderStatus, Payment

logger = logging.getLogger(__name__)

DEMO_SEED = 2026
DEMO_PASSWORD = "demo"
ROOT_TEAM_CODE = "HQ"
ROOT_TEAM_NAME = "总部"
CENT = Decimal("0.01")

# (code, name, cities, ((team code, team name, reps now employed), ...))
REGIONS = (
    (
        "EAST",
        "华东大区",
        ("上海", "杭州", "南京", "苏州", "宁波"),
        (("EAST-1", "上海一组", 6), ("EAST-2", "杭州组", 6), ("EAST-3", "南京组", 5)),
    ),
    (
        "SOUTH",
        "华南大区",
        ("广州", "深圳", "东莞", "佛山"),
        (("SOUTH-1", "广州组", 6), ("SOUTH-2", "深圳组", 6)),
    ),
    (
        "NORTH",
        "华北大区",
        ("北京", "天津", "石家庄", "济南", "青岛"),
        (("NORTH-1", "北京组", 6), ("NORTH-2", "天津组", 5)),
    ),
)

# Reps hired during the two years: (team, days before today).  Their
# scorecards show a short history and a small customer base.
NEW_HIRES = (("EAST-2", 420), ("SOUTH-1", 240), ("NORTH-2", 60))

# Reps who have left: (team, days before today).  Their orders stay credited
# to them; their customers passed to a colleague.
LEAVERS = (("EAST-3", 300), ("SOUTH-2", 120))


@dataclass(frozen=True)
class DemoLogin:
    """A log-in of the demo company and the employee it belongs to."""

    username: str
    employee_no: str
    name: str
    role: str
    team_code: str


@dataclass
class DemoCompany:
    """What ``demo_company_create`` made."""

    first_day: date
    last_day: date
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)


def demo_database_delete() -> Path:
    """Delete the demo database file (and its WAL companions).

    Only the demo's own SQLite file is ever deleted: the function refuses
    to run unless settings point the default database at it.
    """
    path = Path(settings.DEMO_SQLITE_PATH)
    if Path(settings.DATABASES["default"]["NAME"]) != path:
        raise RuntimeError("The default database is not the demo database.")

    connections.close_all()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    logger.info("Deleted the demo database %s", path)
    return path


@transaction.atomic
def demo_company_create(
    *, now: datetime | None = None, seed: int = DEMO_SEED
) -> DemoCompany:
    """Create the demo company in the current database, ending at ``now``.

    Writes the teams (HQ, regions, teams), about 40 reps with their managers,
    directors, HR, finance and an administrator, six log-ins (password
    ``demo``), and two years of customers, orders, payments, visits, tasks,
    requests, surveys, complaints, assessments and targets up to ``now``,
    and the last six months of leads and opportunities (``demo.pipeline``).
    """
    builder = _CompanyBuilder(now=now or timezone.now(), seed=seed)
    company = builder.build()
    logger.info(
        "Created the demo company from %s to %s",
        company.first_day,
        company.last_day,
        extra={"counts": company.counts},
    )
    return company


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson-distributed count (Knuth's method; the means here are small)."""
    limit = math.exp(-mean)
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _money(value: float) -> Decimal:
    """A random figure as money: whole cents, never a float."""
    return Decimal(int(value * 100)).scaleb(-2).quantize(CENT)


@dataclass
class _Rep:
    employee: Employee
    team_code: str
    skill: float
    # (acquired_on, customer), in date order once the customers are made.
    customers: list[tuple[date, Customer]] = field(default_factory=list)

    @property
    def first_day(self) -> date:
        return self.employee.hired_on

    @property
    def last_day(self) -> date | None:
        return self.employee.left_on


class _CompanyBuilder:
    """Builds each kind of record in memory and saves it in bulk.

    Parents are saved before their children, which need their keys: teams,
    employees, customers, orders, then everything that names them.
    """

    def __init__(self, *, now: datetime, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.zone = timezone.get_default_timezone()
        self.now = now
        self.today = timezone.localdate(now, self.zone)
        # Two whole years before the current month, and the month so far.
        self.first_day = date(self.today.year - 2, self.today.month, 1)
        self.teams: dict[str, Team] = {}
        self.employees: list[Employee] = []
        self.managers: dict[str, Employee] = {}
        self.reps: list[_Rep] = []
        self.used_names: set[str] = set()
        self.counts: dict[str, int] = {}

    # --- people ---------------------------------------------------------

    def person_name(self) -> str:
        while True:
            given = "".join(
                self.rng.choice(names.GIVEN_NAME_CHARACTERS)
                for _ in range(self.rng.choice((1, 2, 2)))
            )
            name = self.rng.choice(names.SURNAMES) + given
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def employee(
        self,
        *,
        team: Team,
        role: str,
        hired_on: date,
        salary: int,
        left_on: date | None = None,
    ) -> Employee:
        number = f"E{len(self.employees) + 1:04d}"
        employee = Employee(
            employee_no=number,
            name=self.person_name(),
            team=team,
            role=role,
            email=f"{number.lower()}@demo.yeji.example",
            phone="139" + "".join(self.rng.choice("0123456789") for _ in range(8)),
            hired_on=hired_on,
            left_on=left_on,
            base_salary=Decimal(salary),
        )
        self.employees.append(employee)
        return employee

    def long_ago(self, *, years: int) -> date:
        """A hiring date some time before the demo's records begin."""
        return self.first_day - timedelta(days=self.rng.randint(30, 365 * years))

    def build_organisation(self) -> None:
        root = Team.objects.create(code=ROOT_TEAM_CODE, name=ROOT_TEAM_NAME)
        regions = Team.objects.bulk_create(
            Team(code=code, name=name, parent=root) for code, name, _, _ in REGIONS
        )
        teams = Team.objects.bulk_create(
            Team(code=code, name=name, parent=region)
            for region, (_, _, _, region_teams) in zip(regions, REGIONS, strict=True)
            for code, name, _ in region_teams
        )
        self.teams = {team.code: team for team in [root, *regions, *teams]}

        for role, salary in (
            (Role.ADMIN, 16000),
            (Role.HR, 12000),
            (Role.FINANCE, 13000),
        ):
            self.employee(
                team=root, role=role, hired_on=self.long_ago(years=6), salary=salary
            )
        for region in regions:
            self.employee(
                team=region,
                role=Role.DIRECTOR,
                hired_on=self.long_ago(years=8),
                salary=30000,
            )
        for team in teams:
            self.managers[team.code] = self.employee(
                team=team,
                role=Role.MANAGER,
                hired_on=self.long_ago(years=5),
                salary=18000,
            )

        new_hires = dict(NEW_HIRES)
        leavers = dict(LEAVERS)
        for _, _, _, region_teams in REGIONS:
            for code, _, headcount in region_teams:
                for position in range(headcount):
                    hired_on = self.long_ago(years=4)
                    # The last rep of some teams joined during the two years.
                    if position == headcount - 1 and code in new_hires:
                        hired_on = self.today - timedelta(days=new_hires[code])
                    self.add_rep(code, hired_on=hired_on)
                if code in leavers:
                    left_on = self.today - timedelta(days=leavers[code])
                    self.add_rep(code, hired_on=self.long_ago(years=3), left_on=left_on)

        Employee.objects.bulk_create(self.employees)

    def add_rep(
        self, team_code: str, *, hired_on: date, left_on: date | None = None
    ) -> None:
        employee = self.employee(
            team=self.teams[team_code],
            role=Role.REP,
            hired_on=hired_on,
            left_on=left_on,
            salary=self.rng.choice((6000, 6500, 7000, 8000, 9000)),
        )
        self.reps.append(
            _Rep(
                employee=employee, team_code=team_code, skill=self.rng.uniform(0.6, 1.4)
            )
        )

    def build_logins(self) -> list[DemoLogin]:
        """The six demo log-ins, one per role, linked to their employees."""
        first_team = REGIONS[0][3][0][0]
        rep = next(
            r.employee
            for r in self.reps
            if r.team_code == first_team and r.employee.left_on is None
        )
        by_role = {e.role: e for e in reversed(self.employees)}
        chosen = {
            "demo-rep": rep,
            "demo-manager": self.managers[first_team],
            "demo-director": next(e for e in self.employees if e.role == Role.DIRECTOR),
            "demo-hr": by_role[Role.HR],
            "demo-finance": by_role[Role.FINANCE],
            "demo-admin": by_role[Role.ADMIN],
        }
        # One hash for all six: hashing is slow by design, and the demo's
        # password is printed on the screen anyway.
        password = make_password(DEMO_PASSWORD)
        user_model = get_user_model()
        users = user_model.objects.bulk_create(
            user_model(
                username=username,
                first_name=employee.name,
                email=employee.email,
                password=password,
                is_staff=username == "demo-admin",
                is_superuser=username == "demo-admin",
            )
            for username, employee in chosen.items()
        )
        for user, employee in zip(users, chosen.values(), strict=True):
            employee.user = user
        Employee.objects.bulk_update(list(chosen.values()), ["user"])
        return [
            DemoLogin(
                username=user.username,
                employee_no=employee.employee_no,
                name=employee.name,
                role=employee.role,
                team_code=employee.team.code,
            )
            for user, employee in zip(users, chosen.values(), strict=True)
        ]

    # --- time -----------------------------------------------------------

    def active_span(self, rep: _Rep) -> tuple[date, date] | None:
        """The days of the demo's history on which the rep was employed."""
        first = max(self.first_day, rep.first_day)
        last = min(self.today, rep.last_day or self.today)
        return (first, last) if first <= last else None

    def months(self, first: date, last: date) -> Iterator[tuple[date, date]]:
        """(start, end) of each month touching [first, last], clipped to it."""
        month = first.replace(day=1)
        while month <= last:
            yield max(month, first), min(_month_end(month), last)
            month = _next_month(month)

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def moment(self, day: date, *, first_hour: int, last_hour: int) -> datetime:
        """An aware datetime on a local day, between two local hours."""
        clock = time(self.rng.randint(first_hour, last_hour), self.rng.randint(0, 59))
        return datetime.combine(day, clock, tzinfo=self.zone)

    def customer_on(self, rep: _Rep, day: date) -> Customer | None:
        """One of the rep's customers already acquired on ``day``."""
        known = bisect.bisect_right(rep.customers, day, key=lambda item: item[0])
        return rep.customers[self.rng.randrange(known)][1] if known else None

    # --- records --------------------------------------------------------

    def build_customers(self) -> None:
        cities = {
            team_code: region_cities
            for _, _, region_cities, region_teams in REGIONS
            for team_code, _, _ in region_teams
        }
        customers = []
        for rep in self.reps:
            days = []
            if rep.first_day < self.first_day:
                # The book the rep had built before the demo's history.
                since = max(rep.first_day, self.first_day - timedelta(days=730))
                days += [
                    self.day_between(since, self.first_day - timedelta(days=1))
                    for _ in range(self.rng.randint(12, 24))
                ]
            span = self.active_span(rep)
            if span:
                for start, end in self.months(*span):
                    days += [
                        self.day_between(start, end)
                        for _ in range(_poisson(self.rng, 1.3 * rep.skill))
                    ]
            for acquired_on in sorted(days):
                city = self.rng.choice(cities[rep.team_code])
                trade, industry = self.rng.choice(names.TRADES)
                customer = Customer(
                    code=f"C{len(customers) + 1:05d}",
                    name=(
                        city
                        + self.rng.choice(names.BRAND_WORDS)
                        + trade
                        + self.rng.choice(names.COMPANY_SUFFIXES)
                    ),
                    owner=rep.employee,
                    acquired_on=acquired_on,
                    industry=industry,
                    region=city,
                    source=self.rng.choice(names.CUSTOMER_SOURCES),
                    level=self.rng.choices(CustomerLevel.values, weights=(15, 35, 50))[
                        0
                    ],
                )
                customers.append(customer)
                rep.customers.append((acquired_on, customer))

        # A leaver's customers passed to a colleague of the same team.
        for rep in self.reps:
            if rep.last_day is None:
                continue
            colleagues = [
                r
                for r in self.reps
                if r.team_code == rep.team_code and r.last_day is None
            ]
            for _, customer in rep.customers:
                customer.owner = self.rng.choice(colleagues).employee

        self.save(Customer, customers)

    def build_orders_and_payments(self) -> None:
        orders: list[Order] = []
        payments: list[Payment] = []
        for rep in self.reps:
            span = self.active_span(rep)
            if not span:
                continue
            for start, end in self.months(*span):
                for _ in range(_poisson(self.rng, 4.5 * rep.skill)):
                    ordered_on = self.day_between(start, end)
                    customer = self.customer_on(rep, ordered_on)
                    if customer is None:
                        continue
                    amount = _money(self.rng.lognormvariate(10.1, 0.6))
                    status = self.rng.choices(
                        (
                            OrderStatus.CONFIRMED,
                            OrderStatus.CANCELLED,
                            OrderStatus.RETURNED,
                        ),
                        weights=(92, 5, 3),
                    )[0]
                    number = len(orders) + 1
                    orders.append(
                        Order(
                            order_no=f"SO{ordered_on:%Y%m}-{number:05d}",
                            customer=customer,
                            employee=rep.employee,
                            ordered_on=ordered_on,
                            amount=amount,
                            status=status,
                            contract_no=(
                                f"HT{ordered_on:%Y}-{number:05d}"
                                if amount >= 50000
                                else ""
                            ),
                        )
                    )
        self.save(Order, orders)

        for order in orders:
            if order.status != OrderStatus.CONFIRMED:
                continue
            for paid_on, amount in self.instalments(order):
                if paid_on <= self.today:
                    payments.append(
                        Payment(
                            payment_no=f"PAY{len(payments) + 1:06d}",
                            order=order,
                            paid_on=paid_on,
                            amount=amount,
                        )
                    )
        self.save(Payment, payments)

    def instalments(self, order: Order) -> list[tuple[date, Decimal]]:
        """When and how much the customer pays: at once, in two, or in part."""
        draw = self.rng.random()
        after = order.ordered_on
        if draw < 0.65:
            return [(after + timedelta(days=self.rng.randint(7, 60)), order.amount)]
        if draw < 0.9:
            first = (order.amount * Decimal("0.4")).quantize(CENT)
            return [
                (after + timedelta(days=self.rng.randint(7, 30)), first),
                (
                    after + timedelta(days=self.rng.randint(35, 90)),
                    order.amount - first,
                ),
            ]
        # Some money is still owed: only a deposit came in.
        deposit = (order.amount * Decimal("0.3")).quantize(CENT)
        return [(after + timedelta(days=self.rng.randint(10, 40)), deposit)]

    def build_visits(self) -> None:
        visits = []
        channels = (Channel.ONSITE, Channel.PHONE, Channel.VIDEO)
        for rep in self.reps:
            span = self.active_span(rep)
            if not span:
                continue
            monday = span[0] - timedelta(days=span[0].weekday())
            while monday <= span[1]:
                for _ in range(_poisson(self.rng, 3.8 * rep.skill)):
                    day = monday + timedelta(days=self.rng.randint(0, 4))
                    if not span[0] <= day <= span[1]:
                        continue
                    visited_at = self.moment(day, first_hour=9, last_hour=17)
                    customer = self.customer_on(rep, day)
                    if visited_at > self.now or customer is None:
                        continue
                    visits.append(
                        Visit(
                            visit_no=f"V{len(visits) + 1:07d}",
                            employee=rep.employee,
                            customer=customer,
                            visited_at=visited_at,
                            visited_on=timezone.localdate(visited_at, self.zone),
                            channel=self.rng.choices(channels, weights=(55, 35, 10))[0],
                            summary=self.rng.choice(names.VISIT_SUMMARIES),
                        )
                    )
                monday += timedelta(days=7)
        self.save(Visit, visits)

    def build_tasks(self) -> None:
        tasks = []
        for rep in self.reps:
            span = self.active_span(rep)
            if not span:
                continue
            on_time = 0.45 + 0.4 * (rep.skill - 0.6) / 0.8
            # Tasks fall due to the end of the current month, some still open.
            last = _month_end(span[1]) if rep.last_day is None else span[1]
            for start, end in self.months(span[0], last):
                for _ in range(1 + _poisson(self.rng, 3.0)):
                    due_on = self.day_between(start, end)
                    tasks.append(
                        Task(
                            task_no=f"T{len(tasks) + 1:06d}",
                            employee=rep.employee,
                            title=self.rng.choice(names.TASK_TITLES),
                            due_on=due_on,
                            completed_on=self.completion(due_on, on_time, rep),
                        )
                    )
        self.save(Task, tasks)

    def completion(self, due_on: date, on_time: float, rep: _Rep) -> date | None:
        draw = self.rng.random()
        if due_on > self.today:
            done = self.today - timedelta(days=self.rng.randint(0, 3))
            return done if draw < 0.35 else None
        if draw < on_time:
            done = due_on - timedelta(days=self.rng.randint(0, 4))
        elif draw < on_time + 0.6 * (1 - on_time):
            done = due_on + timedelta(days=self.rng.randint(1, 12))
        else:
            return None
        if done > self.today or (rep.last_day and done > rep.last_day):
            return None
        return done

    def build_requests(self) -> None:
        requests = []
        for rep in self.reps:
            span = self.active_span(rep)
            if not span:
                continue
            for start, end in self.months(*span):
                for _ in range(_poisson(self.rng, 2.2)):
                    # Customers write at any hour; those before 8:00 fall
                    # on the previous day in UTC, not in the company's zone.
                    opened_at = self.moment(
                        self.day_between(start, end), first_hour=6, last_hour=23
                    )
                    customer = self.customer_on(rep, opened_at.date())
                    if opened_at > self.now or customer is None:
                        continue
                    hours = self.rng.lognormvariate(math.log(5 / rep.skill), 0.9)
                    answered_at = opened_at + timedelta(hours=hours)
                    if answered_at > self.now or self.rng.random() < 0.04:
                        answered_at = None
                    made = Request(
                        request_no=f"R{len(requests) + 1:06d}",
                        customer=customer,
                        employee=rep.employee,
                        opened_at=opened_at,
                        opened_on=timezone.localdate(opened_at, self.zone),
                        first_response_at=answered_at,
                        subject=self.rng.choice(names.REQUEST_SUBJECTS),
                    )
                    made.note_answered()
                    # Answered a day or more ago: resolved the day after.
                    if answered_at and answered_at + timedelta(days=1) <= self.now:
                        made.status = RequestStatus.RESOLVED
                        made.resolved_at = answered_at + timedelta(days=1)
                        made.resolution = names.REQUEST_RESOLUTIONS[
                            len(requests) % len(names.REQUEST_RESOLUTIONS)
                        ]
                    requests.append(made)
        self.save(Request, requests)

    def build_surveys_and_complaints(self) -> None:
        surveys, complaints = [], []
        severities = (Severity.LOW, Severity.MEDIUM, Severity.HIGH)
        for rep in self.reps:
            span = self.active_span(rep)
            if not span:
                continue
            for start, end in self.months(*span):
                for _ in range(_poisson(self.rng, 1.3)):
                    day = self.day_between(start, end)
                    customer = self.customer_on(rep, day)
                    if customer is None:
                        continue
                    mood = self.rng.gauss(3.2 + rep.skill, 0.8)
                    satisfaction = min(5, max(1, int(mood + 0.5)))
                    recommend = int(2 * satisfaction + self.rng.gauss(0, 1.5) + 0.5)
                    surveys.append(
                        Survey(
                            survey_no=f"S{len(surveys) + 1:06d}",
                            customer=customer,
                            employee=rep.employee,
                            answered_on=day,
                            satisfaction=satisfaction,
                            recommend=min(10, max(0, recommend)),
                            comment=self.rng.choice(names.SURVEY_COMMENTS),
                        )
                    )
                for _ in range(_poisson(self.rng, 0.3 / rep.skill)):
                    day = self.day_between(start, end)
                    customer = self.customer_on(rep, day)
                    if customer is None:
                        continue
                    resolved_on = day + timedelta(days=self.rng.randint(1, 20))
                    if resolved_on > self.today or self.rng.random() < 0.1:
                        resolved_on = None
                    complaints.append(
                        Complaint(
                            complaint_no=f"CP{len(complaints) + 1:05d}",
                            customer=customer,
                            employee=rep.employee,
                            filed_on=day,
                            category=self.rng.choice(names.COMPLAINT_CATEGORIES),
                            severity=self.rng.choices(severities, weights=(6, 3, 1))[0],
                            resolved_on=resolved_on,
                        )
                    )
        self.save(Survey, surveys)
        self.save(Complaint, complaints)

    def build_assessments(self) -> None:
        assessments = []
        for rep in self.reps:
            span = self.active_span(rep)
            if not span:
                continue
            level = 60 + 30 * (rep.skill - 0.6) / 0.8
            quarter = _quarter_start(span[0])
            while quarter <= span[1]:
                quarter_end = _month_end(quarter.replace(month=quarter.month + 2))
                first, last = max(quarter, span[0]), min(quarter_end, span[1])
                for kind in AssessmentKind.values:
                    if kind != AssessmentKind.KNOWLEDGE and self.rng.random() < 0.1:
                        continue
                    score = min(100.0, max(30.0, self.rng.gauss(level, 8)))
                    assessments.append(
                        Assessment(
                            assessment_no=f"AS{len(assessments) + 1:05d}",
                            employee=rep.employee,
                            kind=kind,
                            assessed_on=self.day_between(first, last),
                            score=Decimal(int(score * 10)).scaleb(-1),
                            assessor=self.managers[rep.team_code],
                        )
                    )
                quarter = _next_month(quarter_end)
        self.save(Assessment, assessments)

    def build_targets(self) -> None:
        """Monthly targets to the end of the current quarter, and quarterly
        targets (the sum of their months) for each whole quarter."""
        targets = []
        quarter = _quarter_start(self.today)
        quarter_end = _month_end(quarter.replace(month=quarter.month + 2))
        for rep in self.reps:
            quarter_sums: dict[str, dict[str, Decimal]] = {}
            month_counts: dict[str, int] = {}
            base = self.rng.choice((100000, 110000, 120000, 130000, 140000))
            for start, end in self.months(self.first_day, quarter_end):
                if rep.first_day > end or (rep.last_day and rep.last_day < start):
                    continue
                years_in = (start - self.first_day).days / 365
                revenue = base * (1 + 0.08 * years_in) * self.rng.uniform(0.9, 1.15)
                values = {
                    TargetMetric.REVENUE: Decimal(int(revenue / 10000) * 10000),
                    TargetMetric.ORDERS: Decimal(self.rng.choice((4, 4, 5, 5, 6))),
                    TargetMetric.NEW_CUSTOMERS: Decimal(self.rng.choice((1, 1, 2))),
                }
                label = f"{start.year}-Q{(start.month - 1) // 3 + 1}"
                month_counts[label] = month_counts.get(label, 0) + 1
                sums = quarter_sums.setdefault(label, dict.fromkeys(values, Decimal(0)))
                for metric, value in values.items():
                    sums[metric] += value
                    targets.append(
                        Target(
                            employee=rep.employee,
                            period=f"{start:%Y-%m}",
                            metric=metric,
                            value=value,
                        )
                    )
            for label, sums in quarter_sums.items():
                if month_counts[label] == 3:
                    targets += [
                        Target(employee=rep.employee, period=label, metric=m, value=v)
                        for m, v in sums.items()
                    ]
        self.save(Target, targets)

    # --- saving ---------------------------------------------------------

    def save(self, model: type[models.Model], rows: list[models.Model]) -> None:
        model.objects.bulk_create(rows, batch_size=5000)
        self.counts[model._meta.model_name] = len(rows)

    def build(self) -> DemoCompany:
        self.build_organisation()
        logins = self.build_logins()
        self.build_customers()
        self.build_orders_and_payments()
        self.build_visits()
        self.build_tasks()
        self.build_requests()
        self.build_surveys_and_complaints()
        self.build_assessments()
        self.build_targets()
        self.counts.update(build_pipeline(self, seed=self.seed))
        self.counts["team"] = len(self.teams)
        self.counts["employee"] = len(self.employees)
        self.counts["rep"] = len(self.reps)
        return DemoCompany(
            first_day=self.first_day,
            last_day=self.today,
            counts=self.counts,
            logins=logins,
        )
