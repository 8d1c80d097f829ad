"""Reading the target cascade: a year's targets of one metric from the
company down through regions and teams to the reps, by year, quarter and
month, and every place where the parts do not add up to the whole.

Two kinds of parts are checked:

- *members*: a team's target against the sum of its members' targets for
  the same period, the members being the teams right below it and the reps
  placed in it;
- *periods*: any target of a year against the sum of its quarters, and of a
  quarter against the sum of its months.

A target that is not set is the sum of its periods when every one of them
is (the scorecard's rule for reps, scorecard.md), else absent.  A part
with no target counts as zero in a sum, and a whole none of whose parts has
a target is "not split yet" rather than a mismatch of its periods; a team
with a target and no member's target at all is a members mismatch (the
whole is still to be split).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from yeji.org.models import Employee, Role, Team
from yeji.planning.models import Target
from yeji.targets.models import TeamTarget

ZERO = Decimal("0.00")


def year_labels(year: int) -> list[str]:
    """A year's period labels: the year, its quarters, its months."""
    return [
        str(year),
        *(f"{year}-Q{q}" for q in range(1, 5)),
        *(f"{year}-{m:02d}" for m in range(1, 13)),
    ]


def period_parts(label: str) -> list[str]:
    """The periods a period splits into: a year its quarters, a quarter
    its months, a month none."""
    if len(label) == 4:
        return [f"{label}-Q{q}" for q in range(1, 5)]
    if "-Q" in label:
        year, quarter = label.split("-Q")
        first = (int(quarter) - 1) * 3 + 1
        return [f"{year}-{m:02d}" for m in range(first, first + 3)]
    return []


def period_months(label: str) -> list[str]:
    """The months of a period (a month is its own)."""
    parts = period_parts(label)
    if not parts:
        return [label]
    return [m for part in parts for m in period_months(part)]


@dataclass(frozen=True)
class Member:
    """A row of the cascade: a team (``kind`` "team") or a rep ("rep")."""

    kind: str
    id: int
    key: str
    name: str
    # A team's parent team; a rep's own team.
    parent_id: int | None


@dataclass(frozen=True)
class Cell:
    """One target of one row: its own value (None when not set), the value
    it counts as (its own, or the sum of its periods), and by how much its
    periods' and (for a team) its members' targets miss it."""

    label: str
    own: Decimal | None
    value: Decimal | None
    periods_sum: Decimal | None = None
    periods_gap: Decimal | None = None
    members_sum: Decimal | None = None
    members_gap: Decimal | None = None

    @property
    def mismatched(self) -> bool:
        return self.periods_gap is not None or self.members_gap is not None


@dataclass(frozen=True)
class Row:
    member: Member
    cells: list[Cell]

    @property
    def by_label(self) -> dict[str, Cell]:
        return {cell.label: cell for cell in self.cells}


@dataclass(frozen=True)
class Mismatch:
    """Parts that do not add up to their whole: ``gap`` is the parts' sum
    less the whole (below zero, the parts fall short)."""

    member: Member
    label: str
    kind: str  # "members" or "periods"
    whole: Decimal
    parts: Decimal

    @property
    def gap(self) -> Decimal:
        return self.parts - self.whole


@dataclass
class Book:
    """Every target of one metric in one year, for the teams and reps of a
    subtree, read in two queries; rows in memory."""

    teams: dict[int, Member]
    reps: dict[int, Member]
    team_values: dict[tuple[int, str], Decimal]
    rep_values: dict[tuple[int, str], Decimal]
    children: dict[int, list[Member]] = field(default_factory=dict)

    def own(self, member: Member, label: str) -> Decimal | None:
        values = self.team_values if member.kind == "team" else self.rep_values
        return values.get((member.id, label))

    def value(self, member: Member, label: str) -> Decimal | None:
        """The target's own value, or the sum of its periods when all are
        set."""
        own = self.own(member, label)
        if own is not None:
            return own
        parts = period_parts(label)
        if not parts:
            return None
        values = [self.value(member, part) for part in parts]
        if any(v is None for v in values):
            return None
        return sum(values, ZERO)

    def members(self, team: Member) -> list[Member]:
        return self.children.get(team.id, [])

    def cell(self, member: Member, label: str) -> Cell:
        own = self.own(member, label)
        value = self.value(member, label)
        periods_sum = periods_gap = members_sum = members_gap = None

        parts = [self.value(member, p) for p in period_parts(label)]
        if own is not None and any(v is not None for v in parts):
            periods_sum = sum((v or ZERO for v in parts), ZERO)
            if periods_sum != own:
                periods_gap = periods_sum - own

        if member.kind == "team":
            values = [self.value(m, label) for m in self.members(member)]
            if any(v is not None for v in values):
                members_sum = sum((v or ZERO for v in values), ZERO)
            if value is not None and self.members(member):
                reached = members_sum if members_sum is not None else ZERO
                if reached != value:
                    members_gap = reached - value
        return Cell(
            label=label,
            own=own,
            value=value,
            periods_sum=periods_sum,
            periods_gap=periods_gap,
            members_sum=members_sum,
            members_gap=members_gap,
        )

    def row(self, member: Member, labels: list[str]) -> Row:
        return Row(member=member, cells=[self.cell(member, lab) for lab in labels])


def book_read(*, root: Team, year: int, metric: str) -> Book:
    """The targets of ``metric`` in ``year`` of the team ``root``, every
    team below it and their reps.  Four queries: the teams, the reps, the
    teams' and the reps' targets.

    A team's reps are the employees placed in it whose role is rep and who
    are employed on some day of the year, and anyone placed in it with a
    target of that year.
    """
    labels = year_labels(year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

    rows = list(Team.objects.values_list("id", "code", "name", "parent_id"))
    below: dict[int | None, list[int]] = {}
    for pk, _code, _name, parent in rows:
        below.setdefault(parent, []).append(pk)
    subtree, todo = set(), [root.id]
    while todo:
        current = todo.pop()
        if current not in subtree:
            subtree.add(current)
            todo.extend(below.get(current, []))
    teams = {
        pk: Member("team", pk, code, name, parent)
        for pk, code, name, parent in rows
        if pk in subtree
    }

    with_target = Target.objects.filter(
        period__in=labels, metric=metric, employee__team_id__in=subtree
    )
    employed = Q(role=Role.REP, hired_on__lte=end) & (
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )
    reps = {
        pk: Member("rep", pk, no, name, team_id)
        for pk, no, name, team_id in Employee.objects.filter(team_id__in=subtree)
        .filter(employed | Q(pk__in=with_target.values("employee_id")))
        .order_by("employee_no")
        .values_list("id", "employee_no", "name", "team_id")
    }
    team_values = {
        (team_id, period): value
        for team_id, period, value in TeamTarget.objects.filter(
            team_id__in=subtree, period__in=labels, metric=metric
        ).values_list("team_id", "period", "value")
    }
    rep_values = {
        (employee_id, period): value
        for employee_id, period, value in Target.objects.filter(
            employee__team_id__in=subtree, period__in=labels, metric=metric
        ).values_list("employee_id", "period", "value")
    }

    children: dict[int, list[Member]] = {}
    for team in sorted(teams.values(), key=lambda t: t.key):
        if team.id != root.id and team.parent_id is not None:
            children.setdefault(team.parent_id, []).append(team)
    for rep in reps.values():
        if rep.parent_id is not None:
            children.setdefault(rep.parent_id, []).append(rep)
    return Book(teams, reps, team_values, rep_values, children)


@dataclass(frozen=True)
class Cascade:
    """The cascade of one team for a year and metric: its own row, its
    members' rows, and every mismatch at any level of its subtree."""

    year: int
    metric: str
    labels: list[str]
    node: Row
    members: list[Row]
    mismatches: list[Mismatch]
    book: Book


def cascade_read(*, team: Team, year: int, metric: str) -> Cascade:
    """The cascade below ``team`` (four queries, whatever the company's
    size: see ``book_read``)."""
    book = book_read(root=team, year=year, metric=metric)
    labels = year_labels(year)
    node = book.teams[team.id]
    return Cascade(
        year=year,
        metric=metric,
        labels=labels,
        node=book.row(node, labels),
        members=[book.row(m, labels) for m in book.members(node)],
        mismatches=mismatches_find(book, node, labels),
        book=book,
    )


def mismatches_find(book: Book, root: Member, labels: list[str]) -> list[Mismatch]:
    """Every place in the subtree of ``root`` where parts miss their whole:
    teams top-down (a team before its members), reps after their team, in
    each the periods in year order."""
    found: list[Mismatch] = []
    todo = [root]
    while todo:
        member = todo.pop(0)
        for label in labels:
            cell = book.cell(member, label)
            if cell.members_gap is not None:
                assert cell.value is not None
                found.append(
                    Mismatch(
                        member,
                        label,
                        "members",
                        cell.value,
                        cell.members_sum or ZERO,
                    )
                )
            if cell.periods_gap is not None:
                assert cell.own is not None and cell.periods_sum is not None
                found.append(
                    Mismatch(member, label, "periods", cell.own, cell.periods_sum)
                )
        if member.kind == "team":
            todo.extend(book.members(member))
    return found
