"""Every write of the target cascade: setting a target by hand and
splitting one among a team's members or over its quarters and months.

Each change of a team's or a rep's target leaves a ``TargetRevision``
(who, when, how, before and after) in the same transaction.  Who may
change which target is ``may_change_team_target`` and
``may_change_rep_target``: a director or an administrator any; a manager
the targets of the teams below their own and of the reps in their sight,
so that the share the director gave their team is theirs to split but not
to change.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from yeji.org.models import Employee, Role, Team
from yeji.org.queries import (
    Area,
    User,
    team_subtree_ids,
    user_employee,
    visible_employees,
)
from yeji.planning.models import Target, TargetMetric
from yeji.targets.actuals import achieved_by_employee, achieved_by_employee_and_month
from yeji.targets.cascade import (
    Book,
    Member,
    book_read,
    period_months,
    period_parts,
    year_labels,
)
from yeji.targets.models import RevisionHow, TargetRevision, TeamTarget
from yeji.targets.splitting import (
    FEN,
    UNIT,
    SplitError,
    apportion,
    split_largest_remainder,
    split_running,
)

logger = logging.getLogger(__name__)


def step_of(metric: str) -> Decimal:
    """Money splits in fen, counts in whole units."""
    return FEN if metric == TargetMetric.REVENUE else UNIT


def _whole_area(user: User) -> bool:
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    employee = user_employee(user)
    return employee is not None and employee.role in {Role.DIRECTOR, Role.ADMIN}


def may_change_team_target(user: User, team: Team) -> bool:
    """Directors and administrators change any team's target; a manager
    those of the teams below their own."""
    if _whole_area(user):
        return True
    employee = user_employee(user)
    if employee is None or employee.role != Role.MANAGER:
        return False
    return team.id != employee.team_id and team.id in team_subtree_ids(employee.team_id)


def may_change_rep_target(user: User, rep: Employee) -> bool:
    """Directors and administrators change any rep's target; a manager
    those of the reps in their sight."""
    if _whole_area(user):
        return True
    employee = user_employee(user)
    if employee is None or employee.role != Role.MANAGER:
        return False
    return visible_employees(user, area=Area.PERFORMANCE).filter(pk=rep.pk).exists()


def may_split_among_members(user: User, team: Team) -> bool:
    """Splitting a team's target among its members changes theirs: a
    director's or administrator's work anywhere, a manager's in their own
    team and below."""
    if _whole_area(user):
        return True
    employee = user_employee(user)
    if employee is None or employee.role != Role.MANAGER:
        return False
    return team.id in team_subtree_ids(employee.team_id)


def changeable(
    user: User, *, team_ids: list[int], rep_ids: list[int]
) -> tuple[set[int], set[int]]:
    """Of the given teams and reps, those whose targets the user may
    change (the rule of ``may_change_team_target`` and
    ``may_change_rep_target``), in a fixed number of queries."""
    if _whole_area(user):
        return set(team_ids), set(rep_ids)
    employee = user_employee(user)
    if employee is None or employee.role != Role.MANAGER:
        return set(), set()
    below = team_subtree_ids(employee.team_id) - {employee.team_id}
    seen = set(
        visible_employees(user, area=Area.PERFORMANCE)
        .filter(pk__in=rep_ids)
        .values_list("pk", flat=True)
    )
    return {t for t in team_ids if t in below}, seen


@dataclass(frozen=True)
class Change:
    member: Member
    period: str
    before: Decimal | None
    after: Decimal | None


def _write(
    *,
    user: User,
    member: Member,
    period: str,
    metric: str,
    value: Decimal | None,
    how: str,
) -> Change | None:
    """Set one target (None or, for a rep, zero takes it away) and record
    the revision; nothing when the value is unchanged."""
    if member.kind == "team":
        model, owner = TeamTarget, {"team_id": member.id}
    else:
        model, owner = Target, {"employee_id": member.id}
        # A rep's target is positive (planning.Target); a share of nothing
        # is no target.
        if value is not None and value <= 0:
            value = None
    row = (
        model.objects.select_for_update()
        .filter(**owner, period=period, metric=metric)
        .first()
    )
    before = row.value if row is not None else None
    if before == value:
        return None
    if value is None:
        assert row is not None
        row.delete()
    elif row is None:
        model.objects.create(**owner, period=period, metric=metric, value=value)
    else:
        row.value = value
        row.save(update_fields=["value"])
    TargetRevision.objects.create(
        changed_by=user if user.is_authenticated else None,
        period=period,
        metric=metric,
        before=before,
        after=value,
        how=how,
        **owner,
    )
    return Change(member=member, period=period, before=before, after=value)


def _check_value(metric: str, value: Decimal | None) -> None:
    if value is None:
        return
    if value < 0:
        raise SplitError(_("A target cannot be negative."))
    step = step_of(metric)
    if value != value.quantize(step):
        if step == UNIT:
            raise SplitError(_("This target is a count: give a whole number."))
        raise SplitError(_("Give the amount in yuan with at most two decimals."))


@transaction.atomic
def team_target_set(
    *, user: User, team: Team, period: str, metric: str, value: Decimal | None
) -> Change | None:
    """Set (or, with None, clear) a team's target by hand.  Raises
    PermissionDenied for a team the user may not change and SplitError
    for a value that is not a target."""
    if not may_change_team_target(user, team):
        raise PermissionDenied("This user may not change this team's targets.")
    _check_value(metric, value)
    member = Member("team", team.id, team.code, team.name, team.parent_id)
    change = _write(
        user=user,
        member=member,
        period=period,
        metric=metric,
        value=value,
        how=RevisionHow.HAND,
    )
    if change:
        logger.info(
            "team target set",
            extra={"team": team.code, "period": period, "metric": metric},
        )
    return change


@transaction.atomic
def rep_target_set(
    *, user: User, rep: Employee, period: str, metric: str, value: Decimal | None
) -> Change | None:
    """Set (or, with None or zero, clear) a rep's target by hand."""
    if not may_change_rep_target(user, rep):
        raise PermissionDenied("This user may not change this rep's targets.")
    _check_value(metric, value)
    member = Member("rep", rep.id, rep.employee_no, rep.name, rep.team_id)
    change = _write(
        user=user,
        member=member,
        period=period,
        metric=metric,
        value=value,
        how=RevisionHow.HAND,
    )
    if change:
        logger.info(
            "rep target set",
            extra={"employee_no": rep.employee_no, "period": period, "metric": metric},
        )
    return change


def _last_year(label: str) -> str:
    year, rest = label[:4], label[4:]
    return f"{int(year) - 1}{rest}"


def _label_range(label: str) -> tuple[dt.date, dt.date]:
    months = period_months(label)
    first, last = months[0], months[-1]
    start = dt.date(int(first[:4]), int(first[5:7]), 1)
    year, month = int(last[:4]), int(last[5:7])
    end = (
        dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    ) - dt.timedelta(days=1)
    return start, end


def _people(book: Book, member: Member) -> list[int]:
    """The employees whose records count for a member: a rep's own, a
    team's everyone placed in its subtree."""
    if member.kind == "rep":
        return [member.id]
    teams, todo = set(), [member.id]
    while todo:
        current = todo.pop()
        if current not in teams:
            teams.add(current)
            todo.extend(
                m.id for m in book.members(book.teams[current]) if m.kind == "team"
            )
    return list(Employee.objects.filter(team_id__in=teams).values_list("id", flat=True))


@transaction.atomic
def target_split_among_members(
    *,
    user: User,
    team: Team,
    period: str,
    metric: str,
    rule: str,
    whole_year: bool = False,
) -> list[Change]:
    """Split the team's target of ``period`` among its members (the teams
    right below it and the reps placed in it), equally or by each member's
    share of the same period last year, so that the parts add up to the
    fen.

    With ``whole_year``, every period of the year is split: the finest
    periods the team's target is set for (months, else quarters, else the
    year), and the members' coarser periods made the sums of their finer
    ones, so that every member's year adds up too.  Returns the changes.
    """
    if not may_split_among_members(user, team):
        raise PermissionDenied("This user may not split this team's targets.")
    year = int(period[:4])
    book = book_read(root=team, year=year, metric=metric)
    node = book.teams[team.id]
    members = book.members(node)
    if not members:
        raise SplitError(_("This team has no members to split its target among."))

    if whole_year:
        labels = year_labels(year)
        months, quarters = labels[5:], labels[1:5]
        if all(book.value(node, m) is not None for m in months):
            finest = months
        elif all(book.value(node, q) is not None for q in quarters):
            finest = quarters
        else:
            finest = [labels[0]]
    else:
        finest = [period]

    weights_by_label: dict[str, list[Decimal]] = {}
    if rule == RevisionHow.LAST_YEAR:
        people = {m.id: _people(book, m) for m in members}
        for label in finest:
            start, end = _label_range(_last_year(label))
            figures = achieved_by_employee(
                metric=metric,
                start=start,
                end=end,
                employee_ids=[pk for pks in people.values() for pk in pks],
            )
            weights_by_label[label] = [
                sum((figures.get(pk, Decimal(0)) for pk in people[m.id]), Decimal(0))
                for m in members
            ]
    elif rule != RevisionHow.EQUAL:
        raise SplitError(_("Members are split equally or by last year's share."))

    wholes = []
    exact = []
    for label in finest:
        whole = book.value(node, label)
        if whole is None:
            raise SplitError(
                _("The team has no target for %(period)s to split.") % {"period": label}
            )
        weights = weights_by_label.get(label, [Decimal(1)] * len(members))
        if not any(weights):
            raise SplitError(
                _(
                    "Nobody in the team has figures for %(period)s last year to "
                    "split by; split equally instead."
                )
                % {"period": _last_year(label)}
            )
        weight_sum = sum(weights, Decimal(0))
        wholes.append(whole)
        exact.append([whole * w / weight_sum for w in weights])
    step = step_of(metric)
    # Rounding month by month would give every month's odd fen to the same
    # member; running totals spread them, and keep each member's year its
    # exact share rounded once.
    by_whole = split_running(wholes, exact, step=step) or [
        apportion(whole, shares, step=step)
        for whole, shares in zip(wholes, exact, strict=True)
    ]
    shares: dict[tuple[int, str], Decimal] = {}
    for label, parts in zip(finest, by_whole, strict=True):
        for member, part in zip(members, parts, strict=True):
            shares[(member.id, label)] = part

    changes = []
    for member in members:
        values = {label: shares[(member.id, label)] for label in finest}
        # Quarters before the year, which adds them up.
        coarser = year_labels(year)[1:5] if len(finest) == 12 else []
        if len(finest) > 1:
            coarser.append(str(year))
        for coarse in coarser:
            values[coarse] = sum((values[p] for p in period_parts(coarse)), Decimal(0))
        for label, value in values.items():
            change = _write(
                user=user,
                member=member,
                period=label,
                metric=metric,
                value=value,
                how=rule,
            )
            if change:
                changes.append(change)
    logger.info(
        "target split among members",
        extra={"team": team.code, "period": period, "metric": metric, "rule": rule},
    )
    return changes


@transaction.atomic
def target_split_over_periods(
    *,
    user: User,
    team: Team,
    period: str,
    metric: str,
    rule: str,
    profile: list[Decimal] | None = None,
) -> list[Change]:
    """Split the team's target of a year over its months (and make each
    quarter the sum of its months), or of a quarter over its months:
    equally, by the team's own figures of those months last year, or by a
    seasonal profile (one weight per month).  Returns the changes."""
    if not may_change_team_target(user, team):
        raise PermissionDenied("This user may not change this team's targets.")
    year = int(period[:4])
    book = book_read(root=team, year=year, metric=metric)
    node = book.teams[team.id]
    whole = book.value(node, period)
    months = period_months(period)
    if whole is None or months == [period]:
        raise SplitError(
            _("Only a year's or a quarter's target is split over its months.")
            if months == [period]
            else _("The team has no target for %(period)s to split.")
            % {"period": period}
        )

    if rule == RevisionHow.EQUAL:
        weights = [Decimal(1)] * len(months)
    elif rule == RevisionHow.LAST_YEAR:
        start, end = _label_range(_last_year(period))
        people = _people(book, node)
        figures = achieved_by_employee_and_month(
            metric=metric, start=start, end=end, employee_ids=people
        )
        weights = [
            sum(
                (figures.get((pk, _last_year(m)), Decimal(0)) for pk in people),
                Decimal(0),
            )
            for m in months
        ]
        if not any(weights):
            raise SplitError(
                _(
                    "The team has no figures for %(period)s last year to split by; "
                    "split equally or by a profile instead."
                )
                % {"period": _last_year(period)}
            )
    elif rule == RevisionHow.PROFILE:
        if profile is None or len(profile) != len(months):
            raise SplitError(
                _("A seasonal profile gives one weight per month: %(count)s of them.")
                % {"count": len(months)}
            )
        weights = profile
    else:
        raise SplitError(_("Unknown rule."))

    parts = split_largest_remainder(whole, weights, step=step_of(metric))
    values = dict(zip(months, parts, strict=True))
    if len(months) == 12:
        for quarter in period_parts(period):
            values[quarter] = sum(
                (values[m] for m in period_parts(quarter)), Decimal(0)
            )
    changes = []
    for label, value in values.items():
        change = _write(
            user=user, member=node, period=label, metric=metric, value=value, how=rule
        )
        if change:
            changes.append(change)
    logger.info(
        "target split over periods",
        extra={"team": team.code, "period": period, "metric": metric, "rule": rule},
    )
    return changes
