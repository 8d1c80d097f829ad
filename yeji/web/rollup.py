"""Figures of teams made from their reps' scorecard lines, and the data the
home pages' charts draw.

A team's score is the mean of its reps' overall scores, and each dimension
the mean of its reps' dimension scores, over the reps that have one; money
and counts are sums.  Nothing here reads the database: the figures come
from ``scorecard_compute`` and the tree from one read of the team table.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import fmean
from typing import Any

from yeji.performance.models import Dimension
from yeji.performance.queries import RepCard
from yeji.performance.scoring import grade
from yeji.planning.queries import TargetPace

DIMENSIONS = list(Dimension)


@dataclass(frozen=True)
class TeamNode:
    id: int
    code: str
    name: str
    parent_id: int | None


class TeamTree:
    """The company's teams as a tree, read once."""

    def __init__(self, rows: list[tuple[int, str, str, int | None]]) -> None:
        self.nodes = {
            pk: TeamNode(pk, code, name, parent) for pk, code, name, parent in rows
        }
        self.by_code = {node.code: node for node in self.nodes.values()}
        self.children: dict[int | None, list[TeamNode]] = {}
        for node in sorted(self.nodes.values(), key=lambda n: n.code):
            self.children.setdefault(node.parent_id, []).append(node)

    def subtree(self, team_id: int) -> set[int]:
        found, todo = set(), [team_id]
        while todo:
            current = todo.pop()
            if current in found:
                continue
            found.add(current)
            todo.extend(child.id for child in self.children.get(current, []))
        return found

    def roots(self) -> list[TeamNode]:
        return self.children.get(None, [])

    def path(self, team_id: int) -> list[TeamNode]:
        """The team and its parents, the company first."""
        chain: list[TeamNode] = []
        current: int | None = team_id
        while current is not None and current in self.nodes and len(chain) < 64:
            chain.append(self.nodes[current])
            current = self.nodes[current].parent_id
        return list(reversed(chain))


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


@dataclass
class UnitFigures:
    """A team's figures over the reps of its whole subtree."""

    node: TeamNode
    has_children: bool
    reps: int = 0
    score: float | None = None
    dimension_scores: list[float | None] = field(default_factory=list)
    revenue: Decimal = Decimal("0.00")
    revenue_target: Decimal | None = None
    revenue_done: float | None = None
    overdue_tasks: int = 0
    requests_waiting: int = 0

    @property
    def grade(self) -> str | None:
        return grade(self.score)


def unit_figures(
    *,
    tree: TeamTree,
    units: list[TeamNode],
    cards: list[RepCard],
    paces: list[TargetPace],
    overdue_by_team: dict[int, int] | None = None,
    waiting_by_team: dict[int, int] | None = None,
) -> list[UnitFigures]:
    """Each unit's figures from the cards of the reps in its subtree, the
    units ranked by mean score (highest first, those without one last)."""
    revenue_targets = {p.employee_id: p.target for p in paces if p.metric == "revenue"}
    # Each card goes to the units whose subtree holds its team, in one pass
    # over the cards (a company has thousands of reps and hundreds of units).
    subtrees = [tree.subtree(unit.id) for unit in units]
    units_of_team: dict[int, list[int]] = {}
    for index, ids in enumerate(subtrees):
        for team_id in ids:
            units_of_team.setdefault(team_id, []).append(index)
    cards_of_unit: list[list[RepCard]] = [[] for _ in units]
    for card in cards:
        node = tree.by_code.get(card.team_code)
        for index in units_of_team.get(node.id, ()) if node else ():
            cards_of_unit[index].append(card)
    result = []
    for unit, ids, mine in zip(units, subtrees, cards_of_unit, strict=True):
        targets = [
            revenue_targets[c.employee_id]
            for c in mine
            if c.employee_id in revenue_targets
        ]
        revenue = sum(
            (Decimal(c.metrics.get("revenue") or 0) for c in mine), Decimal("0.00")
        )
        target = sum(targets, Decimal("0.00")) if targets else None
        achieved_on_target = sum(
            (
                Decimal(c.metrics.get("revenue") or 0)
                for c in mine
                if c.employee_id in revenue_targets
            ),
            Decimal("0.00"),
        )
        result.append(
            UnitFigures(
                node=unit,
                has_children=bool(tree.children.get(unit.id)),
                reps=len(mine),
                score=_mean([c.score for c in mine]),
                dimension_scores=[
                    _mean([c.dimensions.get(d.value) for c in mine]) for d in DIMENSIONS
                ],
                revenue=revenue,
                revenue_target=target,
                revenue_done=float(achieved_on_target / target) if target else None,
                overdue_tasks=sum((overdue_by_team or {}).get(i, 0) for i in ids),
                requests_waiting=sum((waiting_by_team or {}).get(i, 0) for i in ids),
            )
        )
    return sorted(result, key=lambda u: (u.score is None, -(u.score or 0), u.node.code))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def bar_chart(
    *, title: str, series_name: str, labels: list[str], values: list[float | None]
) -> dict[str, Any]:
    return {
        "kind": "bar",
        "title": title,
        "seriesName": series_name,
        "labels": labels,
        "values": [_rounded(v) for v in values],
    }


def radar_chart(
    *, title: str, chooser_label: str, items: list[tuple[str, list[float | None]]]
) -> dict[str, Any]:
    return {
        "kind": "radar",
        "title": title,
        "chooserLabel": chooser_label,
        "indicators": [str(d.label) for d in DIMENSIONS],
        "items": [
            {"name": name, "values": [_rounded(v) for v in values]}
            for name, values in items
        ],
    }


def line_chart(
    *, title: str, categories: list[str], series: list[tuple[str, list[float | None]]]
) -> dict[str, Any]:
    return {
        "kind": "line",
        "title": title,
        "categories": categories,
        "series": [
            {"name": name, "values": [_rounded(v) for v in values]}
            for name, values in series
        ],
    }


def month_labels(day: dt.date, count: int) -> list[str]:
    """The labels of the ``count`` months ending with the month of ``day``,
    oldest first: 2026-07 … 2026-12."""
    year, month = day.year, day.month
    labels = []
    for _ in range(count):
        labels.append(f"{year}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(labels))
