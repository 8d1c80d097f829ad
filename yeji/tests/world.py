"""The route walker's world: one company, a cast of every role, and one
record of each kind on either side of every role's sight.

    HQ                director, HR, finance, administrator
    ├── EAST
    │   └── TEAM-ALPHA    manager "manager",       rep "rep"
    └── WEST
        └── TEAM-BRAVO    manager "other_manager", rep "other_rep"

The roles are named as in ``CAST``; each logs in as ``login-<role>``
(``login-other-rep``) with the factories' password.  Each rep owns one
record of every kind, keyed by its side (``CUS-ALPHA``,
``ORD-BRAVO``, ...), all dated today so they fall in the current month,
quarter and year.  Whether a record is inside or outside a role's sight is
not written here: it is asked of ``yeji.org.queries``, the rule every page
must follow, so the walker checks the pages against the rule itself.  For
each role and area one side is inside and the other outside (a rep, a
manager), or both are on one side (a director sees both; HR sees neither's
sales records).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from yeji.crm.tests.pipeline_factories import LeadFactory, OpportunityFactory
from yeji.org.models import Employee, Role, Team
from yeji.org.queries import (
    Area,
    is_administrator,
    visible_employees,
    visible_teams,
)
from yeji.planning.models import Meeting, Plan, ReportKind, WorkReport
from yeji.tests.factories import PaymentFactory
from yeji.web.tests import factories as f

SIDES = ("ALPHA", "BRAVO")

# The cast, in the order failures are reported.  Each but "anonymous" logs in.
CAST = (
    "rep",
    "other_rep",
    "manager",
    "other_manager",
    "director",
    "hr",
    "finance",
    "admin",
    "no_employee",
    "anonymous",
)

PASSWORD = f.PASSWORD

# The field that holds each kind's natural key.  A target has none of its
# own (the interchange format keys it by employee, period and metric), so a
# route that names one takes its id.
KEY_FIELDS = {
    "customer": "code",
    "order": "order_no",
    "payment": "payment_no",
    "visit": "visit_no",
    "request": "request_no",
    "survey": "survey_no",
    "complaint": "complaint_no",
    "task": "task_no",
    "plan": "plan_no",
    "meeting": "meeting_no",
    "report": "report_no",
    "target": "pk",
    "assessment": "assessment_no",
    "employee": "employee_no",
    "team": "code",
    "lead": "lead_no",
    "opportunity": "opportunity_no",
}

# The apps whose rows the walker counts to see that a refused POST wrote
# nothing (sessions are left out: logging in writes one).
RECORD_APPS = ("org", "crm", "sales", "planning", "people", "performance")


@dataclass
class World:
    users: dict[str, AbstractBaseUser | None]
    # kind -> side -> the record of that kind owned on that side.
    records: dict[str, dict[str, models.Model]]

    def key(self, kind: str, side: str) -> str:
        record = self.records[kind][side]
        return str(getattr(record, KEY_FIELDS[kind]))

    def url(self, route: str, entry: dict[str, Any], side: str = "ALPHA") -> str:
        """The route's URL, with the natural key of ``side``'s record if the
        route takes one."""
        kind = entry["record"]
        if kind is None:
            return reverse(route)
        return reverse(route, args=[self.key(kind, side)])

    def client(self, role: str) -> Client:
        """A client logged in as ``role`` (anonymous for "anonymous")."""
        client = Client()
        user = self.users[role]
        if user is not None:
            client.force_login(user)
        return client

    def sides_in_sight(self, role: str, area: str, kind: str | None) -> set[str]:
        """The sides whose record of ``kind`` the role may see in ``area``,
        by the rules of yeji.org.queries.

        For a page without a record (``kind`` None) a side is in sight when
        its rep is.
        """
        user = self.users[role]
        if user is None:
            return set()
        if area == "any":
            return set(SIDES)
        if area == "admin":
            return set(SIDES) if is_administrator(user) else set()
        if kind == "team":
            team_ids = set(
                visible_teams(user, area=Area(area)).values_list("id", flat=True)
            )
            return {s for s in SIDES if self.records["team"][s].pk in team_ids}
        employee_ids = set(
            visible_employees(user, area=Area(area)).values_list("id", flat=True)
        )
        return {s for s in SIDES if self.records["employee"][s].pk in employee_ids}

    def hidden_from(self, role: str, entry: dict[str, Any]) -> bool:
        """Whether the entry keeps its page from this role's employee role
        (``hidden_from``: finance may see the sales records but not use the
        forms that write them, nor the reps' tasks)."""
        user = self.users[role]
        employee = getattr(user, "employee", None) if user is not None else None
        return employee is not None and employee.role in entry.get("hidden_from", ())

    def sight(self, role: str, entry: dict[str, Any]) -> tuple[str | None, str | None]:
        """A side inside the role's sight and one outside it for this entry
        (None where there is none)."""
        if self.hidden_from(role, entry):
            return None, SIDES[0]
        inside = self.sides_in_sight(role, entry["area"], entry["record"])
        return (
            next((s for s in SIDES if s in inside), None),
            next((s for s in SIDES if s not in inside), None),
        )

    def hidden_sides(self, role: str, area: str) -> set[str]:
        """The sides whose records must not show on a page of ``area``
        without a record: those outside the role's sight there.  A page for
        any logged-in user must show neither area's records of a side the
        role sees in neither."""
        if area == "admin" and self.sides_in_sight(role, "admin", None):
            return set()
        if area in {"any", "admin"}:
            # A page refused to a non-administrator still shows its top bar
            # with the user's own name: what must not show is a side the
            # role sees in neither area.
            sales = self.sides_in_sight(role, "sales", None)
            performance = self.sides_in_sight(role, "performance", None)
            return set(SIDES) - sales - performance
        return set(SIDES) - self.sides_in_sight(role, area, None)

    def marks(self, side: str) -> list[str]:
        """Text that only a page showing ``side``'s records would contain:
        every natural key of the side (the target's bare id excepted, being
        just a number), its rep's and its customer's names, and its team's
        code (everyone in a side's team is of that side)."""
        found = [self.key(kind, side) for kind in KEY_FIELDS if kind not in {"target"}]
        found.append(self.records["employee"][side].name)
        found.append(self.records["customer"][side].name)
        return found

    def outside_marks(self, role: str, entry: dict[str, Any]) -> list[str]:
        hidden = (
            set(SIDES)
            if self.hidden_from(role, entry)
            else self.hidden_sides(role, entry["area"])
        )
        return [m for side in sorted(hidden) for m in self.marks(side)]


def record_counts() -> dict[str, int]:
    """The number of rows of every model of Yeji's record-keeping apps."""
    return {
        model._meta.label: model.objects.count()
        for label in RECORD_APPS
        for model in apps.get_app_config(label).get_models()
    }


# Names of the people and customers on each side (Chinese, as the company's
# own data would be).
PEOPLE = {
    "ALPHA": {"rep": "张伟", "manager": "吴组长", "customer": "华光科技有限公司"},
    "BRAVO": {"rep": "陈静", "manager": "郑组长", "customer": "远山贸易有限公司"},
}


def username(role: str) -> str:
    """The log-in name of a role of the cast (``login-rep``): not a word a
    page would show for another reason."""
    return f"login-{role.replace('_', '-')}"


def build_world() -> World:
    """Make the company; call inside a transaction the caller rolls back."""
    today = timezone.localdate()
    now = timezone.now()
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        hq = f.TeamFactory(code="HQ", name="总部")
        regions = {
            "ALPHA": f.TeamFactory(code="EAST", name="华东区", parent=hq),
            "BRAVO": f.TeamFactory(code="WEST", name="华西区", parent=hq),
        }
        teams = {
            side: f.TeamFactory(
                code=f"TEAM-{side}",
                name=f"{regions[side].name}一组",
                parent=regions[side],
            )
            for side in SIDES
        }

        def person(cast: str, no: str, name: str, team: Team, role: str) -> Employee:
            return f.EmployeeFactory(
                employee_no=no,
                name=name,
                team=team,
                role=role,
                user__username=username(cast),
            )

        reps = {
            "ALPHA": person(
                "rep", "EMP-ALPHA", PEOPLE["ALPHA"]["rep"], teams["ALPHA"], Role.REP
            ),
            "BRAVO": person(
                "other_rep",
                "EMP-BRAVO",
                PEOPLE["BRAVO"]["rep"],
                teams["BRAVO"],
                Role.REP,
            ),
        }
        staff = {
            "manager": person(
                "manager",
                "MGR-ALPHA",
                PEOPLE["ALPHA"]["manager"],
                teams["ALPHA"],
                Role.MANAGER,
            ),
            "other_manager": person(
                "other_manager",
                "MGR-BRAVO",
                PEOPLE["BRAVO"]["manager"],
                teams["BRAVO"],
                Role.MANAGER,
            ),
            "director": person("director", "DIR-1", "赵总监", hq, Role.DIRECTOR),
            "hr": person("hr", "HR-1", "钱人事", hq, Role.HR),
            "finance": person("finance", "FIN-1", "孙财务", hq, Role.FINANCE),
            "admin": person("admin", "ADM-1", "李管理", hq, Role.ADMIN),
        }
        no_employee = f.UserFactory(username=username("no_employee"))

        records: dict[str, dict[str, models.Model]] = {k: {} for k in KEY_FIELDS}
        for side in SIDES:
            rep = reps[side]
            visited_at = now - dt.timedelta(hours=1)
            opened_at = now - dt.timedelta(hours=3)
            customer = f.CustomerFactory(
                code=f"CUS-{side}",
                name=PEOPLE[side]["customer"],
                owner=rep,
                acquired_on=today,
            )
            order = f.OrderFactory(
                order_no=f"ORD-{side}",
                employee=rep,
                customer=customer,
                ordered_on=today,
                amount=Decimal("1000.00"),
            )
            records["customer"][side] = customer
            records["order"][side] = order
            records["payment"][side] = PaymentFactory(
                payment_no=f"PAY-{side}", order=order, paid_on=today
            )
            records["visit"][side] = f.VisitFactory(
                visit_no=f"VIS-{side}",
                employee=rep,
                customer=customer,
                visited_at=visited_at,
                visited_on=timezone.localdate(visited_at),
            )
            records["request"][side] = f.RequestFactory(
                request_no=f"REQ-{side}",
                employee=rep,
                customer=customer,
                opened_at=opened_at,
                opened_on=timezone.localdate(opened_at),
                first_response_at=None,
            )
            records["survey"][side] = f.SurveyFactory(
                survey_no=f"SUR-{side}",
                employee=rep,
                customer=customer,
                answered_on=today,
            )
            records["complaint"][side] = f.ComplaintFactory(
                complaint_no=f"CPL-{side}",
                employee=rep,
                customer=customer,
                filed_on=today,
            )
            records["task"][side] = f.TaskFactory(
                task_no=f"TSK-{side}",
                employee=rep,
                due_on=today + dt.timedelta(days=3),
                completed_on=None,
            )
            records["plan"][side] = Plan.objects.create(
                plan_no=f"PLN-{side}",
                title="本月计划",
                employee=rep,
                starts_on=today,
                ends_on=today + dt.timedelta(days=30),
            )
            meeting = Meeting.objects.create(
                meeting_no=f"MTG-{side}",
                team=teams[side],
                title="周例会",
                held_on=today,
            )
            meeting.attendees.set([rep])
            records["meeting"][side] = meeting
            records["report"][side] = WorkReport.objects.create(
                report_no=f"WRP-{side}",
                employee=rep,
                kind=ReportKind.DAILY,
                starts_on=today,
                ends_on=today,
                submitted_at=now,
            )
            records["target"][side] = f.TargetFactory(
                employee=rep,
                period=f"{today:%Y-%m}",
                metric="revenue",
                value=Decimal("5000.00"),
            )
            records["assessment"][side] = f.AssessmentFactory(
                assessment_no=f"ASM-{side}", employee=rep, assessed_on=today
            )
            records["lead"][side] = LeadFactory(
                lead_no=f"LEAD-{side}", employee=rep, created_on=today
            )
            records["opportunity"][side] = OpportunityFactory(
                opportunity_no=f"OPP-{side}",
                employee=rep,
                customer=customer,
                created_on=today,
                expected_close_on=today + dt.timedelta(days=30),
            )
            records["employee"][side] = rep
            records["team"][side] = teams[side]

    users: dict[str, AbstractBaseUser | None] = {
        "rep": reps["ALPHA"].user,
        "other_rep": reps["BRAVO"].user,
        **{role: employee.user for role, employee in staff.items()},
        "no_employee": no_employee,
        "anonymous": None,
    }
    assert set(users) == set(CAST)
    return World(users=users, records=records)
