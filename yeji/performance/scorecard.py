"""The scorecard of every rep for a period (scorecard.md), computed in a fixed
number of set-based queries whatever the number of reps.

Queries: the template (3), the teams (1), the reps (1), one grouped
aggregate per source table of ``metrics.SOURCES`` (8), the targets (1), and
on databases without an ordered-set median the answered requests' response
times (1).  ``scorecard_compute`` is what the command, the web pages and the
API call; ``scorecard_as_json`` is the machine-readable form.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median
from typing import Any

from django.db import connection, models
from django.db.models import Avg, Count, FloatField, Sum
from django.utils.translation import gettext as _

from yeji.org.models import Employee, Role, Team
from yeji.performance.metrics import (
    FACTS,
    METRICS,
    TEAM_SUMS,
    Aggregate,
    Fact,
    RepFacts,
    Source,
    ValueKind,
    employed_days,
)
from yeji.performance.models import Metric, ScorecardTemplate
from yeji.performance.periods import Period
from yeji.performance.scoring import (
    TemplateSpec,
    grade,
    metric_score,
    template_spec,
    weighted_mean,
)
from yeji.performance.targets import targets_by_rep

logger = logging.getLogger(__name__)

ZERO_MONEY = Decimal("0.00")


class TeamNotFound(LookupError):
    """No team by the code asked for."""


@dataclass
class RepCard:
    """One rep's line of a scorecard; every number unrounded."""

    employee_no: str
    name: str
    team_code: str
    rank: int | None
    metrics: dict[str, Any]
    metric_scores: dict[str, float | None]
    dimensions: dict[str, float | None]
    score: float | None
    grade: str | None
    employee_id: int = 0
    employed_days: int = 0
    # The target each target-scored metric was measured against, if any.
    targets: dict[str, Decimal | None] = field(default_factory=dict)
    # The aggregates the metrics were computed from (see metrics.FACTS).
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class TeamTotals:
    """A team's sums over the reps on the scorecard in it or below it."""

    team_code: str
    revenue: Decimal
    order_count: int
    new_customers: int
    complaints: int
    visits: int


@dataclass
class Scorecard:
    period: Period
    template_name: str
    reps: list[RepCard]
    teams: list[TeamTotals]


class Median(models.Aggregate):
    """The median, the mean of the two middle values for an even count
    (PostgreSQL's ``percentile_cont``)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _ordered_set_median() -> bool:
    return connection.vendor == "postgresql"


def _django_aggregate(fact: Fact, period: Period) -> models.Aggregate:
    condition = fact.condition(period)
    if fact.aggregate is Aggregate.SUM:
        return Sum(fact.value, filter=condition)
    if fact.aggregate is Aggregate.COUNT:
        # Rows, not a column's values, where Django allows it: an index
        # that holds the columns read then answers alone.
        return Count("*") if condition is None else Count("pk", filter=condition)
    if fact.aggregate is Aggregate.AVG:
        # Float output: SQLite would otherwise round a decimal mean to the
        # column's two places.
        return Avg(fact.value, filter=condition, output_field=FloatField())
    return Median(fact.value, filter=condition)


def facts_by_rep(
    period: Period,
    *,
    reps: models.QuerySet | None = None,
    facts: list[Fact] | None = None,
) -> dict[int, dict[str, Any]]:
    """Every fact for every rep (or the reps of ``reps``, an Employee
    queryset) in one grouped query per source table.

    Medians are computed in the database where it has an ordered-set
    aggregate, else from the ordered response times of one more query.
    """
    facts = FACTS if facts is None else facts
    result: dict[int, dict[str, Any]] = defaultdict(dict)
    by_source: dict[Source, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_source[fact.source].append(fact)

    for source, source_facts in by_source.items():
        every_rep = reps is None
        records = source.records(period, every_rep=every_rep)
        if reps is not None:
            records = records.filter(
                **{f"{source.rep_id_field}__in": reps.values("id")}
            )
        in_query = [
            f
            for f in source_facts
            if f.aggregate is not Aggregate.MEDIAN or _ordered_set_median()
        ]
        if in_query:
            names = [f.name for f in in_query]
            rows = (
                records.order_by()
                .values(_rep=source.rep_key(period, every_rep=every_rep))
                .annotate(**{f.name: _django_aggregate(f, period) for f in in_query})
                .values_list("_rep", *names)
            )
            for rep_id, *values in rows:
                result[rep_id].update(zip(names, values, strict=True))
        for fact in source_facts:
            if fact not in in_query:
                for rep_id, value in _median_in_python(records, source, fact, period):
                    result[rep_id][fact.name] = value
    return result


def _median_in_python(
    records: models.QuerySet, source: Source, fact: Fact, period: Period
) -> list[tuple[int, float]]:
    """Medians per rep, from the values fetched in one query."""
    condition = fact.condition(period)
    if condition is not None:
        records = records.filter(condition)
    values: dict[int, list[float]] = defaultdict(list)
    rows = records.annotate(_value=fact.value).values_list(
        source.rep_id_field, "_value"
    )
    for rep_id, value in rows.order_by().iterator(chunk_size=10_000):
        values[rep_id].append(value)
    return [(rep_id, median(rep_values)) for rep_id, rep_values in values.items()]


def rep_queryset(
    period: Period, *, team_ids: list[int] | None = None
) -> models.QuerySet:
    """The reps on the period's scorecard: role ``rep``, employed on some day
    from its start to its effective end."""
    qs = Employee.objects.filter(
        role=Role.REP, hired_on__lte=period.effective_end
    ).filter(models.Q(left_on__isnull=True) | models.Q(left_on__gte=period.start))
    if team_ids is not None:
        qs = qs.filter(team_id__in=team_ids)
    return qs


def team_subtree(teams: dict[int, tuple[str, int | None]], root_id: int) -> list[int]:
    """The ids of a team and of every team below it."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for team_id, (_code, parent_id) in teams.items():
        children[parent_id].append(team_id)
    found, todo = [], [root_id]
    while todo:
        team_id = todo.pop()
        found.append(team_id)
        todo.extend(children[team_id])
    return found


# (name, formula) of every metric, read once per rep.
_FORMULAS = [(m.name, m.formula) for m in METRICS]


def rep_card(
    *,
    rep: dict[str, Any],
    team_code: str,
    facts: dict[str, Any],
    targets: dict[tuple[int, str], Decimal],
    period: Period,
    spec: TemplateSpec,
) -> RepCard:
    """One rep's metrics, scores and grade from their facts and targets."""
    days = employed_days(period, rep["hired_on"], rep["left_on"])
    rep_facts = RepFacts(facts, days)
    metrics = {name: formula(rep_facts) for name, formula in _FORMULAS}

    metric_scores: dict[str, float | None] = {}
    rep_targets: dict[str, Decimal | None] = {}
    for metric, zero, full, full_target in spec.points:
        if full_target:
            target = targets.get((rep["id"], full_target))
            rep_targets[metric] = target
            full = None if target is None else float(target)
        metric_scores[metric] = metric_score(metrics[metric], zero, full)

    dimensions = {
        dimension: weighted_mean([(w, metric_scores[m]) for m, w in weights])
        for dimension, _weight, weights in spec.layout
    }
    score = weighted_mean([(w, dimensions[d]) for d, w, _weights in spec.layout])
    return RepCard(
        employee_no=rep["employee_no"],
        name=rep["name"],
        team_code=team_code,
        rank=None,
        metrics=metrics,
        metric_scores=metric_scores,
        dimensions=dimensions,
        score=score,
        grade=grade(score),
        employee_id=rep["id"],
        employed_days=days,
        targets=rep_targets,
        facts=facts,
    )


def rank_cards(cards: list[RepCard]) -> list[RepCard]:
    """Sort by overall score, highest first, ties to the higher revenue then
    the smaller employee number (by code point, as Python compares text);
    reps without a score last, by revenue then employee number.  Sets rank.
    """
    scored = sorted(
        (c for c in cards if c.score is not None),
        key=lambda c: (-c.score, -c.metrics[Metric.REVENUE], c.employee_no),
    )
    unscored = sorted(
        (c for c in cards if c.score is None),
        key=lambda c: (-c.metrics[Metric.REVENUE], c.employee_no),
    )
    ranked = scored + unscored
    for rank, card in enumerate(ranked, start=1):
        card.rank = rank
    return ranked


def team_totals(
    cards: list[RepCard],
    teams: dict[int, tuple[str, int | None]],
    team_ids: list[int],
    rep_team: dict[str, int],
) -> list[TeamTotals]:
    """Each listed team's sums over the cards of its subtree, by team code."""
    sums: dict[int, dict[str, Any]] = {
        team_id: {m: (ZERO_MONEY if m == Metric.REVENUE else 0) for m in TEAM_SUMS}
        for team_id in team_ids
    }
    for card in cards:
        team_id: int | None = rep_team[card.employee_no]
        while team_id is not None:
            if team_id in sums:
                for m in TEAM_SUMS:
                    sums[team_id][m] += card.metrics[m]
            team_id = teams[team_id][1]
    totals = [
        TeamTotals(team_code=teams[team_id][0], **{m.value: v for m, v in s.items()})
        for team_id, s in sums.items()
    ]
    return sorted(totals, key=lambda t: t.team_code)


def scorecard_compute(
    *,
    period: Period,
    template: ScorecardTemplate | str | None = None,
    team_code: str | None = None,
    employee_no: str | None = None,
) -> Scorecard:
    """The scorecard of every rep of the period (or of a team's subtree, or
    of one rep) with the template given or the default one.

    Raises TemplateNotFound or TeamNotFound with a message for people.  With
    ``employee_no`` the one card gets no rank (ranks need every rep).
    """
    spec = template_spec(template)
    teams = {
        t_id: (code, parent_id)
        for t_id, code, parent_id in Team.objects.values_list("id", "code", "parent_id")
    }

    team_ids: list[int] | None = None
    if team_code is not None:
        root = next((t for t, (code, _p) in teams.items() if code == team_code), None)
        if root is None:
            raise TeamNotFound(_("There is no team %(code)r.") % {"code": team_code})
        team_ids = team_subtree(teams, root)
    reps_qs = rep_queryset(period, team_ids=team_ids)
    if employee_no is not None:
        reps_qs = reps_qs.filter(employee_no=employee_no)
    restricted = reps_qs if (team_ids is not None or employee_no is not None) else None
    reps = list(
        reps_qs.values("id", "employee_no", "name", "team_id", "hired_on", "left_on")
    )

    facts = facts_by_rep(period, reps=restricted)
    targets = targets_by_rep(period, reps=restricted) if spec.target_metrics else {}
    cards = [
        rep_card(
            rep=rep,
            team_code=teams[rep["team_id"]][0],
            facts=facts.get(rep["id"], {}),
            targets=targets,
            period=period,
            spec=spec,
        )
        for rep in reps
    ]

    if employee_no is None:
        cards = rank_cards(cards)
    listed = list(teams) if team_ids is None else team_ids
    rep_team = {rep["employee_no"]: rep["team_id"] for rep in reps}
    logger.info(
        "Scorecard %s computed for %d reps",
        period.label,
        len(cards),
        extra={"period": period.label, "reps": len(cards)},
    )
    return Scorecard(
        period=period,
        template_name=spec.name,
        reps=cards,
        teams=team_totals(cards, teams, listed, rep_team),
    )


def value_as_json(value: Any, kind: ValueKind) -> Any:
    """A value as scorecard.md writes it: money a 2-place string, a count an
    integer, any other number rounded half to even at 4 places, absent null.
    """
    if value is None:
        return None
    if kind is ValueKind.MONEY:
        return str(Decimal(value).quantize(Decimal("0.01")))
    if kind is ValueKind.COUNT:
        return int(value)
    return number_as_json(value)


def number_as_json(value: float | None) -> float | None:
    # round() on a float rounds its exact binary value half to even.
    return None if value is None else round(float(value), 4)


def scorecard_as_json(card: Scorecard) -> dict[str, Any]:
    """The JSON object of scorecard.md's "Machine-readable output"."""
    kinds = {m.name: m.kind for m in METRICS}
    return {
        "period": {
            "label": card.period.label,
            "start": card.period.start.isoformat(),
            "end": card.period.end.isoformat(),
        },
        "template": card.template_name,
        "reps": [
            {
                "employee_no": rep.employee_no,
                "name": rep.name,
                "team_code": rep.team_code,
                "rank": rep.rank,
                "metrics": {
                    name: value_as_json(value, kinds[name])
                    for name, value in rep.metrics.items()
                },
                "dimensions": {
                    name: number_as_json(value)
                    for name, value in rep.dimensions.items()
                },
                "score": number_as_json(rep.score),
                "grade": rep.grade,
            }
            for rep in card.reps
        ],
        "teams": [
            {
                "team_code": team.team_code,
                "revenue": value_as_json(team.revenue, ValueKind.MONEY),
                "order_count": team.order_count,
                "new_customers": team.new_customers,
                "complaints": team.complaints,
                "visits": team.visits,
            }
            for team in card.teams
        ],
    }
