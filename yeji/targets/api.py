"""The API's routes of the target cascade and pace, the same reads and
writes as the pages (``cascade``, ``pace``, ``services``) for programs.

- ``GET /target-cascade?team=&year=&metric=``: a team's cascade (default:
  the highest team the user sees whole) with every mismatch below it;
- ``PUT /team-targets/<team>:<period>:<metric>``: set (``{"value":
  "1200.00"}``) or clear (``{"value": null}``) a team's target;
- ``POST /target-splits``: split a team's target among its members or over
  its months;
- ``GET /target-pace?period=&as_of=&limit=&offset=``: the pace of every
  team's and rep's target the user sees.

A team outside the user's sight answers 404; a change the user may not
make, 403.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from yeji.api.errors import ApiError, invalid, not_found, problem
from yeji.api.routers import _whole, json_response, read_body
from yeji.org.models import Role, Team
from yeji.org.queries import Area, visible_employees, visible_teams
from yeji.performance.periods import PeriodError, period_parse
from yeji.planning.models import TargetMetric
from yeji.targets.cascade import Cascade, cascade_read, year_labels
from yeji.targets.models import RevisionHow
from yeji.targets.pace import PaceLine, most_at_risk, pace_lines
from yeji.targets.services import (
    target_split_among_members,
    target_split_over_periods,
    team_target_set,
)
from yeji.targets.splitting import SplitError

router = Router(tags=["targets"])

AT_RISK_LIMIT = 10


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _forbidden() -> ApiError:
    return ApiError(
        403, [problem([], _("You may read these targets but not change them."))]
    )


def _team(request: HttpRequest, code: str | None, loc: list) -> Team:
    teams = visible_teams(request.user, area=Area.PERFORMANCE)
    if code:
        team = teams.filter(code=code).first()
    else:
        listed = list(teams)
        ids = {t.id for t in listed}
        tops = sorted(
            (t for t in listed if t.parent_id not in ids), key=lambda t: t.code
        )
        team = tops[0] if tops else None
    if team is None:
        raise not_found(loc)
    return team


def _metric(value: Any, loc: list) -> str:
    if value not in TargetMetric.values:
        raise invalid(
            [
                problem(
                    loc,
                    _("one of %(choices)s")
                    % {"choices": ", ".join(TargetMetric.values)},
                )
            ]
        )
    return value


def cascade_as_json(cascade: Cascade) -> dict[str, Any]:
    def row(r: Any) -> dict[str, Any]:
        return {
            "kind": r.member.kind,
            "key": r.member.key,
            "name": r.member.name,
            "targets": {c.label: _money(c.value) for c in r.cells},
            "own": {c.label: _money(c.own) for c in r.cells},
        }

    return {
        "team_code": cascade.node.member.key,
        "year": cascade.year,
        "metric": cascade.metric,
        "periods": cascade.labels,
        "team": row(cascade.node),
        "members": [row(r) for r in cascade.members],
        "mismatches": [
            {
                "kind": m.member.kind,
                "key": m.member.key,
                "period": m.label,
                "parts": m.kind,
                "target": str(m.whole),
                "parts_sum": str(m.parts),
                "difference": str(m.gap),
            }
            for m in cascade.mismatches
        ],
    }


@router.get(
    "/target-cascade",
    operation_id="target_cascade",
    url_name="target_cascade",
    summary="A team's target cascade for a year and metric, with its mismatches",
)
def target_cascade(request: HttpRequest) -> HttpResponse:
    team = _team(request, request.GET.get("team"), ["query", "team"])
    year = _whole(request, "year", timezone.localdate().year, 2000, 2100)
    metric = _metric(request.GET.get("metric") or "revenue", ["query", "metric"])
    return json_response(
        cascade_as_json(cascade_read(team=team, year=year, metric=metric))
    )


def _is_label(period: str) -> bool:
    """Whether ``period`` is a year, quarter or month label."""
    return period[:4].isdigit() and period in year_labels(int(period[:4]))


def _value(body: dict, metric: str) -> Decimal | None:
    value = body.get("value")
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise invalid(
            [problem(["body", "value"], _("This is not a number."))]
        ) from None
    if not amount.is_finite():
        raise invalid([problem(["body", "value"], _("This is not a number."))])
    return amount


@router.put(
    "/team-targets/{key}",
    operation_id="team_target_put",
    url_name="team_target",
    summary="Set or clear a team's target (key TEAM:PERIOD:METRIC)",
)
def team_target_put(request: HttpRequest, key: str) -> HttpResponse:
    parts = key.split(":")
    if len(parts) != 3:
        raise not_found()
    code, period, metric = parts
    team = _team(request, code, ["path", "key"])
    if not _is_label(period) or metric not in TargetMetric.values:
        raise not_found()
    body = read_body(request)
    if not isinstance(body, dict) or "value" not in body:
        raise invalid([problem(["body", "value"], _("a value is required"))])
    value = _value(body, metric)
    try:
        team_target_set(
            user=request.user, team=team, period=period, metric=metric, value=value
        )
    except PermissionDenied:
        raise _forbidden() from None
    except SplitError as error:
        raise invalid([problem(["body", "value"], str(error))]) from None
    return json_response(
        {
            "team_code": team.code,
            "period": period,
            "metric": metric,
            "value": _money(value),
        }
    )


@router.post(
    "/target-splits",
    operation_id="target_split",
    url_name="target_splits",
    summary="Split a team's target among its members or over its months",
)
def target_split(request: HttpRequest) -> HttpResponse:
    body = read_body(request)
    if not isinstance(body, dict):
        raise invalid([problem(["body"], _("a JSON object is required"))])
    team = _team(request, str(body.get("team_code") or ""), ["body", "team_code"])
    metric = _metric(body.get("metric"), ["body", "metric"])
    period = str(body.get("period") or "")
    if not _is_label(period) or period not in year_labels(int(period[:4]))[:5]:
        raise invalid(
            [
                problem(
                    ["body", "period"], _("Write a year or a quarter: 2026, 2026-Q3.")
                )
            ]
        )
    across = body.get("across")
    rule = body.get("rule")
    if across not in {"members", "months"}:
        raise invalid([problem(["body", "across"], _("one of members, months"))])
    if rule not in RevisionHow.values or rule == RevisionHow.HAND:
        raise invalid(
            [problem(["body", "rule"], _("one of equal, last_year, profile"))]
        )
    profile = body.get("profile")
    try:
        weights = None if profile is None else [Decimal(str(w)) for w in profile]
    except (InvalidOperation, TypeError):
        raise invalid(
            [problem(["body", "profile"], _("a list of numbers, one per month"))]
        ) from None
    try:
        if across == "members":
            changes = target_split_among_members(
                user=request.user,
                team=team,
                period=period,
                metric=metric,
                rule=rule,
                whole_year=bool(body.get("whole_year")),
            )
        else:
            changes = target_split_over_periods(
                user=request.user,
                team=team,
                period=period,
                metric=metric,
                rule=rule,
                profile=weights,
            )
    except PermissionDenied:
        raise _forbidden() from None
    except SplitError as error:
        raise invalid([problem(["body", "rule"], str(error))]) from None
    return json_response(
        {
            "changes": [
                {
                    "kind": c.member.kind,
                    "key": c.member.key,
                    "period": c.period,
                    "before": _money(c.before),
                    "after": _money(c.after),
                }
                for c in changes
            ]
        }
    )


def _line(line: PaceLine) -> dict[str, Any]:
    pace = line.pace
    return {
        "kind": line.member.kind,
        "key": line.member.key,
        "name": line.member.name,
        "team_code": line.team_code,
        "metric": line.metric,
        "target": str(pace.target),
        "achieved": str(pace.achieved),
        "done": round(pace.done, 4),
        "expected": str(pace.expected),
        "run_rate_projection": _money(pace.run_rate_projection),
        "pipeline_projection": str(pace.pipeline_projection),
        "status": pace.status.value if pace.status else None,
    }


@router.get(
    "/target-pace",
    operation_id="target_pace",
    url_name="target_pace",
    summary="The pace, projections and status of every target in sight",
)
def target_pace(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    as_of = request.GET.get("as_of") or today
    try:
        period = period_parse(
            request.GET.get("period") or f"{today:%Y-%m}", as_of=as_of
        )
    except PeriodError as error:
        raise invalid([problem(["query", "period"], str(error))]) from None
    limit = _whole(request, "limit", 100, 1, 500)
    offset = _whole(request, "offset", 0, 0, 10**9)
    teams = list(visible_teams(request.user, area=Area.PERFORMANCE))
    reps = list(
        visible_employees(request.user, area=Area.PERFORMANCE)
        .filter(role=Role.REP)
        .select_related("team")
    )
    team_lines, rep_lines = pace_lines(period=period, teams=teams, reps=reps)
    lines = team_lines or rep_lines
    elapsed = lines[0].pace.elapsed if lines else None
    return json_response(
        {
            "period": {
                "label": period.label,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "as_of": period.as_of.isoformat(),
            },
            "working_days": None
            if elapsed is None
            else {"gone": elapsed.gone, "total": elapsed.total},
            "teams": [_line(line) for line in team_lines],
            "reps_count": len(rep_lines),
            "reps": [_line(line) for line in rep_lines[offset : offset + limit]],
            "at_risk": [
                _line(line)
                for line in most_at_risk(team_lines + rep_lines, limit=AT_RISK_LIMIT)
            ]
            if teams
            else [],
        }
    )
