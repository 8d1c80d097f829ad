"""The API's scorecard and its explanation, for a period.

Both are the engine's own results (``performance.queries``), as the
scorecard pages show them: narrowed to the reps the user sees in the
PERFORMANCE area, with ranks counted among those shown.  For a user who
sees everyone the scorecard is exactly ``scorecard_as_json`` of
``scorecard_compute``.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from yeji.api.errors import invalid, not_found, problem
from yeji.api.records import storable
from yeji.api.routers import (
    _whole,
    json_response,
    query_text,
    response_codes,
    responses,
)
from yeji.org.models import Role
from yeji.org.queries import Area, user_employee, visible_employees, visible_teams
from yeji.performance.queries import (
    EmployeeNotOnScorecard,
    Explanation,
    PeriodError,
    TeamNotFound,
    TemplateNotFound,
    UnknownMetric,
    period_parse,
    scorecard_as_json,
    scorecard_compute,
    scorecard_explain,
)
from yeji.performance.scorecard import number_as_json, value_as_json

router = Router(tags=["scorecard"])

_PERIOD_PARAMETERS = [
    {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
    for name in ("period", "from", "to", "as_of", "template")
]


def _period(request: HttpRequest) -> Any:
    try:
        return period_parse(
            query_text(request, "period"),
            start=query_text(request, "from"),
            end=query_text(request, "to"),
            as_of=query_text(request, "as_of"),
        )
    except PeriodError as error:
        raise invalid([problem(["query", "period"], str(error))]) from None


@router.get(
    "/scorecard",
    operation_id="scorecard",
    url_name="scorecard",
    summary="The scorecard of a period",
    response=response_codes(200, 404, 422),
    openapi_extra={
        "responses": responses(200, None, 404, 422),
        "parameters": [
            *_PERIOD_PARAMETERS,
            {
                "name": "team",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
            },
        ],
    },
)
def scorecard(request: HttpRequest) -> HttpResponse:
    sight = visible_employees(request.user, area=Area.PERFORMANCE)
    whole = not sight.query.where
    team_codes = set(
        visible_teams(request.user, area=Area.PERFORMANCE).values_list(
            "code", flat=True
        )
    )
    team = query_text(request, "team")
    if team is not None and team not in team_codes:
        raise not_found(["query", "team"])
    period = _period(request)
    employee_no = None
    if not whole and team is None:
        # Only a shortcut, as on the scorecard page: a manager's teams or a
        # rep's own line are computed, not the whole company.  What is shown
        # is still narrowed to the sight below.
        employee = user_employee(request.user)
        if employee is not None and employee.role == Role.MANAGER:
            team = employee.team.code
        elif employee is not None and employee.role == Role.REP:
            employee_no = employee.employee_no
    try:
        card = scorecard_compute(
            period=period,
            template=query_text(request, "template"),
            team_code=team,
            employee_no=employee_no,
        )
    except (TemplateNotFound, TeamNotFound) as error:
        raise invalid([problem(["query", "template"], str(error))]) from None
    data = scorecard_as_json(card)
    if whole:
        return json_response(data)

    shown = set(sight.filter(role=Role.REP).values_list("employee_no", flat=True))
    reps = [rep for rep in data["reps"] if rep["employee_no"] in shown]
    ranked = sorted((r for r in reps if r["rank"] is not None), key=lambda r: r["rank"])
    for position, rep in enumerate(ranked, start=1):
        rep["rank"] = position
    data["reps"] = reps
    data["teams"] = [t for t in data["teams"] if t["team_code"] in team_codes]
    return json_response(data)


def explanation_as_json(
    explanation: Explanation, *, limit: int, offset: int
) -> dict[str, Any]:
    card = explanation.card
    metrics = []
    for item in explanation.metrics:
        records = item.records[offset : offset + limit]
        metrics.append(
            {
                "metric": item.metric,
                "label": item.label,
                "value": value_as_json(item.value, item.kind),
                "facts": {
                    name: value
                    if value is None or isinstance(value, int)
                    else str(value)
                    for name, value in item.facts.items()
                },
                "dimension": item.dimension,
                "weight": None if item.weight is None else str(item.weight),
                "zero": None if item.zero is None else str(item.zero),
                "full": None if item.full is None else str(item.full),
                "target": None if item.target is None else str(item.target),
                "target_labels": item.target_labels,
                "score": number_as_json(item.score),
                "records_count": item.records.count(),
                "records": [
                    {
                        "key": row.key,
                        "date": row.date.isoformat(),
                        "value": None if row.value is None else str(row.value),
                    }
                    for row in records
                ],
            }
        )
    return {
        "period": {
            "label": explanation.period.label,
            "start": explanation.period.start.isoformat(),
            "end": explanation.period.end.isoformat(),
        },
        "template": explanation.template_name,
        "employee_no": card.employee_no,
        "name": card.name,
        "team_code": card.team_code,
        "score": number_as_json(explanation.score),
        "grade": explanation.grade,
        "dimensions": [
            {
                "dimension": d.dimension,
                "label": d.label,
                "weight": str(d.weight),
                "score": number_as_json(d.score),
                "metrics": [
                    {"metric": name, "weight": str(weight)}
                    for name, weight in d.metrics
                ],
            }
            for d in explanation.dimensions
        ],
        "metrics": metrics,
    }


@router.get(
    "/scorecard/{employee_no}",
    operation_id="scorecard_explain",
    url_name="scorecard_explain",
    summary="A rep's scorecard explained",
    response=response_codes(200, 404, 422),
    openapi_extra={
        "responses": responses(200, None, 404, 422),
        "parameters": [
            *_PERIOD_PARAMETERS,
            {
                "name": "metric",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
            },
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "schema": {"type": "integer"},
            },
            {
                "name": "offset",
                "in": "query",
                "required": False,
                "schema": {"type": "integer"},
            },
        ],
    },
)
def explain(request: HttpRequest, employee_no: str) -> HttpResponse:
    if not storable(employee_no):
        raise not_found(["path", "employee_no"])
    visible = visible_employees(request.user, area=Area.PERFORMANCE).filter(
        role=Role.REP, employee_no=employee_no
    )
    if not visible.exists():
        raise not_found(["path", "employee_no"])
    period = _period(request)
    limit = _whole(request, "limit", 50, 1, 500)
    offset = _whole(request, "offset", 0, 0, 10**12)
    try:
        explanation = scorecard_explain(
            period=period,
            employee_no=employee_no,
            template=query_text(request, "template"),
            metric=query_text(request, "metric"),
        )
    except EmployeeNotOnScorecard:
        raise not_found(["path", "employee_no"]) from None
    except UnknownMetric as error:
        raise invalid([problem(["query", "metric"], str(error))]) from None
    except TemplateNotFound as error:
        raise invalid([problem(["query", "template"], str(error))]) from None
    return json_response(explanation_as_json(explanation, limit=limit, offset=offset))
