"""The record kinds as the API serves them: who sees and writes each, and how
a record turns into JSON and back.

The kinds, their fields, natural keys and value rules are those of the
interchange format (``interchange.spec``): a request body names the fields
as the format's columns do (``customer_code``, ``employee_no``, ...) and its
values go through the import's own parsers, so a value the import refuses
the API refuses too, with the same message.  What the format does not say,
who may see and change a kind, is declared here, once per kind.

A record's ``version`` is a digest of its values as the format writes them:
an update names the version it was based on, and a record changed since
answers 409.  Two edits that leave a record exactly as it was give the same
version, which is harmless: nothing anyone saw has changed.
"""

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from yeji.api.errors import Loc, problem
from yeji.crm.queries import may_write, visible_customers, visible_requests
from yeji.interchange.spec import KINDS_BY_NAME, Column, Kind
from yeji.interchange.values import Integer, InvalidValue, Number
from yeji.org.models import Employee, Role, Team
from yeji.org.queries import (
    Area,
    User,
    in_sight,
    user_employee,
    visible_employees,
)
from yeji.urlkeys import key_from_url


class Writers(StrEnum):
    """Who may create, change and delete records of a kind."""

    # Anyone who records daily work (not finance), for the records whose
    # employee they see in the SALES area.
    SALES = "sales"
    # Administrators only.
    ADMIN = "admin"
    # Administrators and HR.
    ADMIN_HR = "admin_hr"


@dataclass(frozen=True)
class Access:
    """What the API adds to a kind of the interchange format."""

    kind: str
    # The route walker's name for the kind's record.
    record: str
    # Whose sight applies; None for teams, which every user may read.
    area: Area | None
    # The paths from the record to the employees who must all be in sight.
    sight: tuple[str, ...]
    writers: Writers
    # The letter of the keys made for records created without one.
    letter: str | None
    # Fields a list may be sorted on: each has an index that starts with it.
    sorts: tuple[str, ...]
    # List filters: query parameter -> ORM lookup (equality).
    filters: dict[str, str] = field(default_factory=dict)
    # The date a list's ``date_from`` and ``date_to`` apply to.
    date_field: str | None = None
    # Called in the write's transaction after a record is saved, with the
    # user, the record and its JSON before (None for a new one): where a
    # kind keeps history of its own (an opportunity's stage changes) or
    # moves a status on (a request answered).
    # It returns the problems that refuse the write (which is rolled back).
    after_save: (
        Callable[[User, Any, dict[str, Any] | None], list[dict[str, Any]]] | None
    ) = None

    @property
    def spec(self) -> Kind:
        return KINDS_BY_NAME[self.kind]


def _opportunity_saved(
    user: User, opportunity: Any, before: dict[str, Any] | None
) -> list[dict[str, Any]]:
    # A stage written through the API is on record like a move in the
    # pages, and a closed opportunity is reopened only by a manager.
    from yeji.crm.pipeline_services import stage_change_allowed, stage_change_record

    previous = (before or {}).get("stage") or ""
    if not stage_change_allowed(user=user, before=previous, after=opportunity.stage):
        return [
            problem(
                ["body", "stage"],
                _("the opportunity is closed; only a manager may reopen it"),
            )
        ]
    stage_change_record(user=user, opportunity=opportunity, before=previous)
    return []


def _request_saved(
    user: User, request: Any, before: dict[str, Any] | None
) -> list[dict[str, Any]]:
    # A first response given through the API moves a request waiting for
    # one on, as answering it in the pages does.
    if not (before or {}).get("first_response_at"):
        status = request.status
        request.note_answered()
        if request.status != status:
            request.save(update_fields=["status"])
    return []


_BY_EMPLOYEE = {"employee_no": "employee__employee_no"}
_BY_EMPLOYEE_AND_CUSTOMER = {**_BY_EMPLOYEE, "customer_code": "customer__code"}

ACCESS: dict[str, Access] = {
    a.kind: a
    for a in (
        Access(
            "teams",
            "team",
            None,
            (),
            Writers.ADMIN,
            None,
            ("code",),
            {"parent_code": "parent__code"},
        ),
        Access(
            "employees",
            "employee",
            Area.PERFORMANCE,
            (),
            Writers.ADMIN_HR,
            None,
            ("employee_no",),
            {"team_code": "team__code", "role": "role"},
        ),
        Access(
            "customers",
            "customer",
            Area.SALES,
            ("owner",),
            Writers.SALES,
            "C",
            ("code", "name", "acquired_on"),
            {
                "owner_employee_no": "owner__employee_no",
                "level": "level",
                "industry": "industry",
            },
            "acquired_on",
        ),
        Access(
            "orders",
            "order",
            Area.SALES,
            ("employee", "customer__owner"),
            Writers.SALES,
            "O",
            ("order_no",),
            {**_BY_EMPLOYEE_AND_CUSTOMER, "status": "status"},
            "ordered_on",
        ),
        Access(
            "payments",
            "payment",
            Area.SALES,
            ("order__employee", "order__customer__owner"),
            Writers.SALES,
            "P",
            ("payment_no",),
            {
                "order_no": "order__order_no",
                "employee_no": "order__employee__employee_no",
            },
            "paid_on",
        ),
        Access(
            "visits",
            "visit",
            Area.SALES,
            ("employee", "customer__owner"),
            Writers.SALES,
            "V",
            ("visit_no",),
            {**_BY_EMPLOYEE_AND_CUSTOMER, "channel": "channel"},
            "visited_on",
        ),
        Access(
            "tasks",
            "task",
            Area.SALES,
            ("employee",),
            Writers.SALES,
            "K",
            ("task_no",),
            _BY_EMPLOYEE,
            "due_on",
        ),
        Access(
            "requests",
            "request",
            Area.SALES,
            ("employee", "customer__owner"),
            Writers.SALES,
            "R",
            ("request_no",),
            _BY_EMPLOYEE_AND_CUSTOMER,
            "opened_on",
            after_save=_request_saved,
        ),
        Access(
            "surveys",
            "survey",
            Area.SALES,
            ("employee", "customer__owner"),
            Writers.SALES,
            "S",
            ("survey_no",),
            _BY_EMPLOYEE_AND_CUSTOMER,
            "answered_on",
        ),
        Access(
            "complaints",
            "complaint",
            Area.SALES,
            ("employee", "customer__owner"),
            Writers.SALES,
            "Q",
            ("complaint_no",),
            _BY_EMPLOYEE_AND_CUSTOMER,
            "filed_on",
        ),
        Access(
            "assessments",
            "assessment",
            Area.PERFORMANCE,
            ("employee",),
            Writers.ADMIN_HR,
            "A",
            ("assessment_no",),
            _BY_EMPLOYEE,
            "assessed_on",
        ),
        Access(
            "leads",
            "lead",
            Area.SALES,
            ("employee",),
            Writers.SALES,
            "L",
            ("lead_no", "created_on"),
            {**_BY_EMPLOYEE, "status": "status", "source": "source"},
            "created_on",
        ),
        Access(
            "opportunities",
            "opportunity",
            Area.SALES,
            ("employee", "customer__owner"),
            Writers.SALES,
            "OP",
            ("opportunity_no", "expected_close_on"),
            {**_BY_EMPLOYEE_AND_CUSTOMER, "stage": "stage"},
            "expected_close_on",
            after_save=_opportunity_saved,
        ),
        Access(
            "targets",
            "target",
            Area.PERFORMANCE,
            ("employee",),
            Writers.ADMIN,
            None,
            ("employee_no",),
            {**_BY_EMPLOYEE, "period": "period", "metric": "metric"},
        ),
    )
}

# A target's key has three parts; in a URL they are joined by this.
KEY_SEPARATOR = ":"

# What a record's version is the digest of: its texts as a JSON list.  One
# encoder for every record (json.dumps makes one per call when asked for
# other than its defaults; a list page makes fifty versions).
_version_text = json.JSONEncoder(ensure_ascii=False).encode


# -- who sees and writes --------------------------------------------------


def _within(records: QuerySet[Any], paths: Sequence[str], sight: QuerySet[Employee]):
    # A sight of every employee needs no filter; leaving it out spares a
    # million-row list its semi-joins (as crm.queries does).
    if not sight.query.where:
        return records
    within: dict[str, Any] = {}
    for path in paths:
        within.update(in_sight(path, sight))
    return records.filter(**within)


def visible(user: User, access: Access) -> QuerySet[Any]:
    """The records of a kind that the user may read."""
    model = access.spec.model
    if access.kind == "teams":
        return Team.objects.all() if user.is_authenticated else Team.objects.none()
    if access.kind == "employees":
        # Whoever the user sees in either area; through one filter each.
        sales = visible_employees(user, area=Area.SALES)
        performance = visible_employees(user, area=Area.PERFORMANCE)
        if not sales.query.where or not performance.query.where:
            return Employee.objects.all()
        return Employee.objects.filter(Q(pk__in=sales) | Q(pk__in=performance))
    if access.kind == "customers":
        return visible_customers(user)
    if access.kind == "requests":
        return visible_requests(user)
    assert access.area is not None
    sight = visible_employees(user, area=access.area)
    return _within(model.objects.all(), access.sight, sight)


def may_write_kind(user: User, access: Access) -> bool:
    """Whether the user may change records of the kind at all; which ones
    is their sight's business."""
    if access.writers is Writers.SALES:
        return may_write(user)
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    employee = user_employee(user)
    if employee is None:
        return False
    allowed = {Role.ADMIN} | (
        {Role.HR} if access.writers is Writers.ADMIN_HR else set()
    )
    return employee.role in allowed


def references(user: User, access: Access, column: Column) -> QuerySet[Any]:
    """The records a field of a written record may name.

    A record the user may not see cannot be named: it answers as one that
    does not exist.  An employee is named within the sight of the kind's
    area (a rep names only themself).
    """
    assert column.ref is not None
    if column.ref == "employees":
        return visible_employees(user, area=access.area or Area.PERFORMANCE)
    if column.ref == "teams":
        return Team.objects.all()
    return visible(user, ACCESS[column.ref])


# -- keys -----------------------------------------------------------------


def ref_lookup(spec: Kind, column: Column) -> str:
    """The ORM path of a column: its field, or the key of the record named."""
    if column.ref is None:
        return column.field
    ref = KINDS_BY_NAME[column.ref]
    return f"{column.field}__{ref.by_name[ref.key[0]].field}"


def key_filter(spec: Kind, key: Sequence[str]) -> dict[str, str]:
    return {
        ref_lookup(spec, spec.by_name[name]): value
        for name, value in zip(spec.key, key, strict=True)
    }


def storable(text: str) -> bool:
    """Whether a text can be stored or looked up at all.

    PostgreSQL refuses a NUL character in text, and a lone surrogate
    (which JSON's ``\\ud800`` escapes can make) is no text in UTF-8: either
    would fail in the database rather than answer.
    """
    if "\x00" in text:
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def split_key(spec: Kind, text: str) -> tuple[str, ...] | None:
    """The parts of a key as a URL writes it (with the pages' escapes:
    yeji.urlkeys); None when it has too few (or when it is no text a key
    can be)."""
    text = key_from_url(text)
    if not storable(text):
        return None
    if len(spec.key) == 1:
        return (text,)
    parts = tuple(text.rsplit(KEY_SEPARATOR, len(spec.key) - 1))
    return parts if len(parts) == len(spec.key) else None


# -- records as JSON ------------------------------------------------------


def lookups(spec: Kind) -> list[str]:
    return [ref_lookup(spec, column) for column in spec.columns]


def as_json(
    spec: Kind, values: Sequence[Any], *, hidden: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A record's fields as the format writes them, and its version.

    ``values`` are the database values in the order of :func:`lookups`.
    Every value is text as in the format's files (money ``"1234.50"``,
    dates ``"2026-07-01"``), or null when empty.  Columns named in
    ``hidden`` are null, and left out of the version too, which would
    otherwise let a reader guess them.
    """
    texts: dict[str, str] = {}
    for column, value in zip(spec.columns, values, strict=True):
        texts[column.name] = (
            ""
            if value is None or value == "" or column.name in hidden
            else column.type.format(value)
        )
    if spec.export_value is not None:
        raw = dict(zip((c.name for c in spec.columns), values, strict=True))
        texts = {
            name: spec.export_value(raw, name, text) for name, text in texts.items()
        }
    digest = hashlib.sha256(_version_text(list(texts.values())).encode()).hexdigest()
    record: dict[str, Any] = {name: text or None for name, text in texts.items()}
    record["version"] = digest[:16]
    return record


def rows_as_json(
    spec: Kind, records: QuerySet[Any], *, hidden: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """Every record of a queryset as JSON, in one query."""
    return [
        as_json(spec, row, hidden=hidden) for row in records.values_list(*lookups(spec))
    ]


def one_as_json(
    spec: Kind, pk: int, *, hidden: frozenset[str] = frozenset()
) -> dict[str, Any]:
    row = spec.model.objects.filter(pk=pk).values_list(*lookups(spec)).get()
    return as_json(spec, row, hidden=hidden)


# -- JSON to a record -----------------------------------------------------


@dataclass
class Parsed:
    """A request's record: its values by column, and what was wrong."""

    values: dict[str, Any]
    problems: list[dict[str, Any]]


def parse(
    spec: Kind,
    data: dict[str, Any],
    *,
    loc: Loc,
    base: dict[str, Any] | None = None,
) -> Parsed:
    """Read a record's fields with the import's rules.

    ``base`` is the stored record as JSON, for a partial update: a field
    the request leaves out keeps its stored value.  The result holds every
    column (absent ones as the format's empty value).  References are
    checked apart, by :func:`resolve`.
    """
    problems: list[dict[str, Any]] = []
    for name in data:
        if name != "version" and name not in spec.by_name:
            problems.append(problem([*loc, name], _("unknown field")))
    if not isinstance(data.get("version", ""), str | None):
        problems.append(problem([*loc, "version"], _("not a valid value")))
    values: dict[str, Any] = {}
    for column in spec.columns:
        if column.name in data:
            raw = data[column.name]
        else:
            raw = (base or {}).get(column.name)
        if isinstance(raw, str):
            raw = raw.strip()
        if raw is None or raw == "":
            if column.required:
                problems.append(problem([*loc, column.name], _("a value is required")))
            values[column.name] = column.type.absent
            continue
        try:
            if isinstance(raw, str):
                values[column.name] = column.type.parse(raw)
            elif _takes_number(column, raw):
                values[column.name] = column.type.from_cell(raw)
            else:
                # A number for a text, a date or a word, true or false, a
                # list or an object: the format has no such value.
                raise InvalidValue(_("not a valid value"))
        except InvalidValue as error:
            problems.append(problem([*loc, column.name], error.message))
            values[column.name] = column.type.absent
    for rule in spec.rules:
        first, second = values[rule.first], values[rule.second]
        if first in (None, ""):
            continue
        if second in (None, ""):
            if not rule.when_absent:
                continue
            second = None
        if not rule.holds(first, second):
            problems.append(problem([*loc, rule.column], str(rule.message)))
    return Parsed(values, problems)


def _takes_number(column: Column, raw: Any) -> bool:
    """Whether a JSON number is a value of the column: of a number, yes;
    of a text (a phone number, a code), no, since its digits as text are
    what it means and a JSON number may have lost them."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return False
    return isinstance(column.type, Number | Integer)


class References:
    """Natural keys of named records resolved to ids, within sight.

    One instance serves a whole request, so a bulk call that names the same
    customer a thousand times looks it up once.
    """

    def __init__(self, user: User, access: Access) -> None:
        self.user = user
        self.access = access
        self.found: dict[tuple[str, str], int | None] = {}

    def prefetch(self, column: Column, keys: Iterable[str]) -> None:
        """Look up many keys of one column in one query."""
        wanted = {k for k in keys if k and (column.name, k) not in self.found}
        if not wanted:
            return
        ref = KINDS_BY_NAME[column.ref or ""]
        key_field = ref.by_name[ref.key[0]].field
        pairs = references(self.user, self.access, column).filter(
            **{f"{key_field}__in": wanted}
        )
        hits = dict(pairs.values_list(key_field, "pk"))
        for key in wanted:
            self.found[(column.name, key)] = hits.get(key)

    def resolve(self, column: Column, key: str) -> int | None:
        if (column.name, key) not in self.found:
            self.prefetch(column, [key])
        return self.found[(column.name, key)]


def resolve(
    spec: Kind, parsed: Parsed, refs: References, *, loc: Loc
) -> dict[str, Any]:
    """The model field values of a parsed record, references as ids.

    A named record that does not exist or is outside the user's sight is
    reported on its field, the same way for both.
    """
    fields: dict[str, Any] = {}
    for column in spec.columns:
        value = parsed.values[column.name]
        if column.ref is None:
            fields[column.field] = value
            continue
        if value in (None, ""):
            fields[f"{column.field}_id"] = None
            continue
        pk = refs.resolve(column, value)
        if pk is None:
            parsed.problems.append(
                problem(
                    [*loc, column.name],
                    _("%(key)r does not exist or is not yours to name")
                    % {"key": value},
                )
            )
        fields[f"{column.field}_id"] = pk
    for derived in spec.derived:
        source = parsed.values[derived.source]
        fields[derived.field] = None if source is None else derived.compute(source)
    return fields


def apply(instance: Model, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
