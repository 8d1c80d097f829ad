"""The scorecard and its explanation as text for people and CSV for
spreadsheets.  The machine-readable JSON is ``scorecard.scorecard_as_json``.
"""

import csv
import io
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from yeji.performance.explain import Explanation, MetricExplanation
from yeji.performance.metrics import METRICS, METRICS_BY_NAME, TEAM_SUMS, ValueKind
from yeji.performance.models import Dimension, Metric
from yeji.performance.scorecard import Scorecard, value_as_json

# The metrics a person scanning the table needs first; CSV and JSON have all.
TABLE_METRICS = [
    Metric.REVENUE,
    Metric.ORDER_COUNT,
    Metric.NEW_CUSTOMERS,
    Metric.AVG_SATISFACTION,
    Metric.VISITS_PER_WEEK,
    Metric.TASK_ON_TIME_RATE,
]


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and full-width
    characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - text_width(text))
    return space + text if right else text + space


def text_table(
    headings: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]
) -> str:
    """An aligned table; the columns in ``right`` (numbers) align right."""
    widths = [text_width(h) for h in headings]
    for row in rows:
        widths = [max(w, text_width(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = [
        "  ".join(
            _pad(h, w, i in right)
            for i, (h, w) in enumerate(zip(headings, widths, strict=True))
        ).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in rows:
        lines.append(
            "  ".join(
                _pad(c, w, i in right)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
    return "\n".join(lines)


def display(value: Any, kind: ValueKind = ValueKind.NUMBER, places: int = 2) -> str:
    """A value for people: money with two places, counts whole, other
    numbers to ``places``, an absent value as a dash."""
    if value is None:
        return "-"
    if kind is ValueKind.MONEY:
        return f"{Decimal(value).quantize(Decimal('0.01')):,}"
    if kind is ValueKind.COUNT:
        return str(int(value))
    return f"{float(value):.{places}f}"


def scorecard_table(card: Scorecard) -> str:
    """The scorecard as aligned tables: reps in rank order, then teams."""
    dimensions = (
        list(next(iter(card.reps)).dimensions) if card.reps else list(Dimension.values)
    )
    headings = [
        _("Rank"),
        _("Employee no."),
        _("Name"),
        _("Team"),
        *(str(Metric(m).label) for m in TABLE_METRICS),
        *(str(Dimension(d).label) for d in dimensions),
        _("Score"),
        _("Grade"),
    ]
    rows = [
        [
            display(rep.rank, ValueKind.COUNT),
            rep.employee_no,
            rep.name,
            rep.team_code,
            *(display(rep.metrics[m], METRICS_BY_NAME[m].kind) for m in TABLE_METRICS),
            *(display(rep.dimensions[d], places=1) for d in dimensions),
            display(rep.score),
            rep.grade or "-",
        ]
        for rep in card.reps
    ]
    right = {0, *range(4, len(headings) - 1)}
    period = card.period
    title = _("Scorecard %(label)s (%(start)s to %(end)s), template %(template)s") % {
        "label": period.label,
        "start": period.start,
        "end": period.end,
        "template": card.template_name,
    }
    if period.effective_end < period.end:
        title += "\n" + _("Counted up to %(as_of)s.") % {"as_of": period.effective_end}

    team_headings = [_("Team"), *(str(Metric(m).label) for m in TEAM_SUMS)]
    team_rows = [
        [
            t.team_code,
            display(t.revenue, ValueKind.MONEY),
            *(str(getattr(t, m)) for m in TEAM_SUMS[1:]),
        ]
        for t in card.teams
    ]
    return (
        "\n\n".join(
            [
                title,
                text_table(headings, rows, right),
                text_table(team_headings, team_rows, set(range(1, len(team_headings)))),
            ]
        )
        + "\n"
    )


def scorecard_csv(card: Scorecard) -> str:
    """One row per rep in rank order: rank, employee number, name, team,
    every metric, every dimension, score and grade, machine names as
    headings and values written as in the JSON (absent values empty)."""
    dimensions = list(card.reps[0].dimensions) if card.reps else list(Dimension.values)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "rank",
            "employee_no",
            "name",
            "team_code",
            *(m.name for m in METRICS),
            *dimensions,
            "score",
            "grade",
        ]
    )
    for rep in card.reps:
        values = [
            rep.rank,
            rep.employee_no,
            rep.name,
            rep.team_code,
            *(value_as_json(rep.metrics[m.name], m.kind) for m in METRICS),
            *(value_as_json(rep.dimensions[d], ValueKind.NUMBER) for d in dimensions),
            value_as_json(rep.score, ValueKind.NUMBER),
            rep.grade,
        ]
        writer.writerow(["" if v is None else v for v in values])
    return out.getvalue()


def _plain(value: Any) -> str:
    """A fact or a record's value: a computed float to four places; a stored
    decimal (an amount, a score) or a date as it is; absent as a dash."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _metric_section(item: MetricExplanation) -> list[str]:
    lines = [f"{item.label} ({item.metric}) = {display(item.value, item.kind, 4)}"]
    facts = ", ".join(f"{name} {_plain(v)}" for name, v in item.facts.items())
    if facts:
        lines.append("  " + _("from: %(facts)s") % {"facts": facts})
    if item.dimension is None:
        lines.append("  " + _("not scored by this template"))
    else:
        if item.target_metric:
            if item.target is None:
                target = _("no %(metric)s target for the period") % {
                    "metric": item.target_metric
                }
            else:
                target = _("%(metric)s target %(value)s (%(labels)s)") % {
                    "metric": item.target_metric,
                    "value": display(
                        item.target,
                        ValueKind.MONEY
                        if item.target_metric == "revenue"
                        else ValueKind.NUMBER,
                    ),
                    "labels": " + ".join(item.target_labels),
                }
            lines.append("  " + target)
        lines.append(
            "  "
            + _(
                "scored from %(zero)s (0) to %(full)s (100): score %(score)s, "
                "weight %(weight)s in %(dimension)s"
            )
            % {
                "zero": display(item.zero, places=4),
                "full": display(item.full, places=4),
                "score": display(item.score, places=4),
                "weight": display(item.weight, places=4),
                "dimension": item.dimension,
            }
        )
    count = item.records.count()
    lines.append(
        "  "
        + _("%(count)d records (key, date, %(value)s):")
        % {"count": count, "value": item.record_value}
    )
    for row in item.records:
        lines.append(f"    {row.key}  {row.date}  {_plain(row.value)}")
    return lines


def _mean_formula(
    pairs: list[tuple[Decimal, float | None]], score: float | None
) -> str:
    present = [(w, s) for w, s in pairs if s is not None]
    if not present:
        return _("no score")
    top = " + ".join(
        f"{display(w, places=2)} × {display(s, places=4)}" for w, s in present
    )
    bottom = " + ".join(display(w, places=2) for w, _s in present)
    return f"({top}) / ({bottom}) = {display(score, places=4)}"


def explanation_text(explanation: Explanation) -> str:
    """An explanation for people: the figures, the records behind them, and
    how scores and weights make the total."""
    card, period = explanation.card, explanation.period
    lines = [
        _(
            "%(no)s %(name)s (%(team)s), %(label)s (%(start)s to %(end)s), template %(template)s"
        )
        % {
            "no": card.employee_no,
            "name": card.name,
            "team": card.team_code,
            "label": period.label,
            "start": period.start,
            "end": period.end,
            "template": explanation.template_name,
        },
        _("Counted from %(start)s to %(end)s; employed on %(days)d of those days.")
        % {
            "start": period.start,
            "end": period.effective_end,
            "days": card.employed_days,
        },
        "",
    ]
    for item in explanation.metrics:
        lines += _metric_section(item)
        lines.append("")
    for dim in explanation.dimensions:
        pairs = [(w, card.metric_scores.get(m)) for m, w in dim.metrics]
        lines.append(
            f"{dim.label} ({dim.dimension}): {_mean_formula(pairs, dim.score)}"
        )
    overall = [(d.weight, d.score) for d in explanation.dimensions]
    lines.append(
        _("Score: %(formula)s, grade %(grade)s")
        % {"formula": _mean_formula(overall, card.score), "grade": card.grade or "-"}
    )
    return "\n".join(lines) + "\n"
