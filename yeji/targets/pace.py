"""Pace and forecast: for any target, how much of it is done against how
much of the period's working time is gone, where the run rate and the
weighted pipeline take it by the period's end, and a status.

The share of time gone counts working days (``calendar``): the Spring
Festival's week off does not count against a rep, and a make-up Saturday
does count.  The run-rate projection is ``achieved ÷ share gone``; the
pipeline projection is ``achieved + weighted pipeline`` of what is still
open for the rest of the period (``pipeline``).  The status compares the
better of the two projections with the target:

| status     | projection ÷ target |
|------------|---------------------|
| ahead      | 110% or more        |
| on track   | 95% to under 110%   |
| at risk    | 80% to under 95%    |
| behind     | under 80%           |

Before the period's first working day has gone there is no run rate, and
no status unless the pipeline alone already gives one.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from yeji.org.models import Employee, Team
from yeji.performance.periods import Period
from yeji.performance.targets import targets_by_rep
from yeji.planning.models import TargetMetric
from yeji.targets.actuals import achieved_by_employee
from yeji.targets.calendar import Elapsed, calendar_for, elapsed_working_days
from yeji.targets.cascade import Member, period_parts
from yeji.targets.models import TeamTarget
from yeji.targets.pipeline import weighted_pipeline

AHEAD_FROM = Decimal("1.10")
ON_TRACK_FROM = Decimal("0.95")
AT_RISK_FROM = Decimal("0.80")

_CENT = Decimal("0.01")


class PaceStatus(models.TextChoices):
    AHEAD = "ahead", _("Ahead")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")


def pace_status(ratio: Decimal | None) -> PaceStatus | None:
    """The status of a projection that reaches ``ratio`` of its target."""
    if ratio is None:
        return None
    if ratio >= AHEAD_FROM:
        return PaceStatus.AHEAD
    if ratio >= ON_TRACK_FROM:
        return PaceStatus.ON_TRACK
    if ratio >= AT_RISK_FROM:
        return PaceStatus.AT_RISK
    return PaceStatus.BEHIND


@dataclass(frozen=True)
class Pace:
    """One target's progress as of a date."""

    target: Decimal
    achieved: Decimal
    elapsed: Elapsed
    pipeline: Decimal = Decimal(0)

    @property
    def done(self) -> float:
        """Achieved ÷ target (0.62 for 62%)."""
        return float(self.achieved / self.target) if self.target else 0.0

    @property
    def share_gone(self) -> float:
        return self.elapsed.share

    @property
    def expected(self) -> Decimal:
        """What the target asks for by now, at an even pace per working
        day."""
        if self.elapsed.total == 0:
            return self.target if self.elapsed.gone else Decimal(0)
        return (self.target * self.elapsed.gone / self.elapsed.total).quantize(_CENT)

    @property
    def run_rate_projection(self) -> Decimal | None:
        """The figure at the period's end if the rest goes as it has gone:
        achieved × working days ÷ working days gone.  None before the first
        working day has gone."""
        if self.elapsed.gone == 0:
            return None
        if self.elapsed.gone >= self.elapsed.total:
            return self.achieved
        projection = self.achieved * self.elapsed.total / self.elapsed.gone
        return projection.quantize(_CENT, rounding=ROUND_HALF_EVEN)

    @property
    def pipeline_projection(self) -> Decimal:
        """Achieved plus the weighted pipeline still to close."""
        return self.achieved + self.pipeline

    @property
    def projection(self) -> Decimal | None:
        """The better of the two projections (the pipeline's alone before
        any working day has gone, if it holds anything)."""
        run_rate = self.run_rate_projection
        if run_rate is None:
            return self.pipeline_projection if self.pipeline else None
        return max(run_rate, self.pipeline_projection)

    @property
    def ratio(self) -> Decimal | None:
        projection = self.projection
        if projection is None or not self.target:
            return None
        return projection / self.target

    @property
    def status(self) -> PaceStatus | None:
        return pace_status(self.ratio)

    @property
    def status_label(self) -> str:
        status = self.status
        return str(status.label) if status else str(_("Too early to tell"))


@dataclass(frozen=True)
class PaceLine:
    """A team's or a rep's pace on one target of a period."""

    member: Member
    team_code: str
    metric: str
    pace: Pace

    @property
    def metric_label(self) -> str:
        return str(TargetMetric(self.metric).label)


def team_target_values(
    period: Period, *, team_ids: Iterable[int]
) -> dict[tuple[int, str], Decimal]:
    """Each team's target per metric for the period: its own row, else the
    sum of its periods when all are set (as for reps).  One query."""
    labels = period.target_labels()
    rows = TeamTarget.objects.filter(
        team_id__in=list(team_ids), period__in=labels
    ).values_list("team_id", "metric", "period", "value")
    values = {(team_id, metric, label): v for team_id, metric, label, v in rows}

    def find(team_id: int, metric: str, label: str) -> Decimal | None:
        own = values.get((team_id, metric, label))
        if own is not None:
            return own
        parts = period_parts(label)
        if not parts:
            return None
        found = [find(team_id, metric, part) for part in parts]
        if any(v is None for v in found):
            return None
        return sum(found, Decimal(0))

    result = {}
    for team_id, metric in {(t, m) for t, m, _label in values}:
        value = find(team_id, metric, period.label)
        if value:
            result[(team_id, metric)] = value
    return result


def pace_lines(
    *, period: Period, teams: list[Team], reps: list[Employee]
) -> tuple[list[PaceLine], list[PaceLine]]:
    """The pace of every target of the period of ``teams`` (each counting
    the records of everyone in its subtree) and of ``reps``, as of the
    period's as-of date: teams in code order, reps in employee number
    order, metrics in the order of TargetMetric.

    A fixed number of queries: the calendar, the teams, the teams' and the
    reps' targets, and per metric one for what was achieved and one for the
    pipeline.
    """
    elapsed = elapsed_working_days(
        period.start, period.end, period.as_of, calendar_for(period.start, period.end)
    )
    team_targets = team_target_values(period, team_ids=[t.id for t in teams])
    rep_targets = (
        targets_by_rep(
            period, reps=Employee.objects.filter(id__in=[r.id for r in reps])
        )
        if reps
        else {}
    )

    # Whose records each team counts: everyone placed in its subtree.
    below: dict[int | None, list[int]] = {}
    for pk, parent in Team.objects.values_list("id", "parent_id"):
        below.setdefault(parent, []).append(pk)
    subtrees: dict[int, set[int]] = {}
    for team in teams:
        found, todo = set(), [team.id]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(below.get(current, []))
        subtrees[team.id] = found
    members_by_team: dict[int, list[int]] = {}
    if team_targets:
        wanted = set().union(*subtrees.values())
        for pk, team_id in Employee.objects.filter(team_id__in=wanted).values_list(
            "id", "team_id"
        ):
            members_by_team.setdefault(team_id, []).append(pk)

    metrics = {m for _pk, m in team_targets} | {m for _pk, m in rep_targets}
    everyone = {pk for pks in members_by_team.values() for pk in pks}
    everyone |= {r.id for r in reps}
    rest_from = period.effective_end + dt.timedelta(days=1)
    achieved: dict[str, dict[int, Decimal]] = {}
    pipeline: dict[str, dict[int, Decimal]] = {}
    for metric in metrics:
        achieved[metric] = achieved_by_employee(
            metric=metric,
            start=period.start,
            end=period.effective_end,
            employee_ids=everyone,
        )
        pipeline[metric] = (
            weighted_pipeline(
                metric=metric, start=rest_from, end=period.end, employee_ids=everyone
            )
            if rest_from <= period.end
            else {}
        )

    team_lines = []
    for team in sorted(teams, key=lambda t: t.code):
        people = [
            pk for tid in subtrees[team.id] for pk in members_by_team.get(tid, [])
        ]
        for metric in TargetMetric:
            target = team_targets.get((team.id, metric.value))
            if target is None:
                continue
            member = Member("team", team.id, team.code, team.name, team.parent_id)
            team_lines.append(
                PaceLine(
                    member=member,
                    team_code=team.code,
                    metric=metric.value,
                    pace=Pace(
                        target=target,
                        achieved=_total(achieved[metric], people),
                        elapsed=elapsed,
                        pipeline=_total(pipeline[metric], people),
                    ),
                )
            )

    rep_lines = []
    for rep in sorted(reps, key=lambda r: r.employee_no):
        for metric in TargetMetric:
            target = rep_targets.get((rep.id, metric.value))
            if target is None:
                continue
            member = Member("rep", rep.id, rep.employee_no, rep.name, rep.team_id)
            rep_lines.append(
                PaceLine(
                    member=member,
                    team_code=rep.team.code,
                    metric=metric.value,
                    pace=Pace(
                        target=target,
                        achieved=achieved[metric].get(rep.id, Decimal(0)),
                        elapsed=elapsed,
                        pipeline=pipeline[metric].get(rep.id, Decimal(0)),
                    ),
                )
            )
    return team_lines, rep_lines


def _total(figures: dict[int, Decimal], people: list[int]) -> Decimal:
    return sum((figures.get(pk, Decimal(0)) for pk in people), Decimal(0))


def most_at_risk(lines: list[PaceLine], *, limit: int) -> list[PaceLine]:
    """The lines at risk or behind, the furthest from their target first."""
    risky = [
        line
        for line in lines
        if line.pace.status in {PaceStatus.AT_RISK, PaceStatus.BEHIND}
    ]
    return sorted(risky, key=lambda line: (line.pace.ratio, line.member.key))[:limit]
