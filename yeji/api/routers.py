"""The routes of a record kind, built from its declaration.

Every kind answers the same five routes under its name, its records named
by natural key (``/customers/C00000042``; a target by
``employee_no:period:metric``), and a bulk route:

    GET    /<kind>            a page of the records in sight
    POST   /<kind>            create one (``Idempotency-Key`` honoured)
    POST   /<kind>/bulk       create or update up to 1,000, all or nothing
    GET    /<kind>/<key>      read one
    PUT    /<kind>/<key>      replace one (with its ``version``)
    PATCH  /<kind>/<key>      change some fields (with its ``version``)
    DELETE /<kind>/<key>      delete one (``?version=`` optional)

Bodies are read here, not by ninja's schemas, so that their values go
through the import's parsers and their errors read as the import's.  The
OpenAPI document still describes every field, from the same declarations.
"""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from yeji.api import queries, services
from yeji.api.errors import invalid, problem
from yeji.api.records import ACCESS, Access
from yeji.interchange.spec import Kind
from yeji.interchange.values import Date, Enum, Integer, InvalidValue, Number

_DATE = Date()


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )


def read_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise invalid([problem(["body"], _("the body is not valid JSON"))]) from None


def read_object(request: HttpRequest) -> dict[str, Any]:
    body = read_body(request)
    if not isinstance(body, dict):
        raise invalid([problem(["body"], _("the body must be a JSON object"))])
    return body


def _whole(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        return Integer(at_least=low, at_most=high).parse(text)
    except InvalidValue as error:
        raise invalid([problem(["query", name], error.message)]) from None


def _date(request: HttpRequest, name: str) -> Any:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return _DATE.parse(text)
    except InvalidValue as error:
        raise invalid([problem(["query", name], error.message)]) from None


def list_query(request: HttpRequest, access: Access) -> queries.ListQuery:
    return queries.ListQuery(
        limit=_whole(request, "limit", queries.DEFAULT_LIMIT, 1, queries.PAGE_LIMIT),
        offset=_whole(request, "offset", 0, 0, 10**12),
        sort=request.GET.get("sort") or None,
        date_from=_date(request, "date_from"),
        date_to=_date(request, "date_to"),
        filters={
            name: request.GET[name]
            for name in access.filters
            if request.GET.get(name, "").strip()
        },
    )


# -- the OpenAPI description ------------------------------------------------


def _field_schema(kind: Kind, name: str) -> dict[str, Any]:
    column = kind.by_name[name]
    value_type = column.type
    if isinstance(value_type, Enum):
        schema: dict[str, Any] = {"type": "string", "enum": sorted(value_type.words)}
    elif isinstance(value_type, Number):
        schema = {
            "type": ["string", "number"],
            "description": _("a decimal with at most %(places)d places, as text")
            % {"places": value_type.places},
        }
    elif isinstance(value_type, Integer):
        schema = {
            "type": ["integer", "string"],
            "minimum": value_type.at_least,
            "maximum": value_type.at_most,
        }
    else:
        schema = {"type": "string"}
        max_length = getattr(value_type, "max_length", None)
        if max_length:
            schema["maxLength"] = max_length
    if column.ref:
        schema["description"] = _("the key of a record of %(kind)s") % {
            "kind": column.ref
        }
    return schema


def record_schema(kind: Kind, *, write: bool) -> dict[str, Any]:
    properties = {c.name: _field_schema(kind, c.name) for c in kind.columns}
    properties["version"] = {"type": "string"}
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if write:
        schema["additionalProperties"] = False
        schema["required"] = [
            c.name for c in kind.columns if c.required and c.name not in kind.key
        ]
    return schema


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}, "required": True}


def _ok(schema: dict[str, Any], status: int = 200) -> dict[str, Any]:
    return {
        status: {
            "description": "OK",
            "content": {"application/json": {"schema": schema}},
        }
    }


def _list_parameters(access: Access) -> list[dict[str, Any]]:
    names = [
        ("limit", {"type": "integer", "minimum": 1, "maximum": queries.PAGE_LIMIT}),
        ("offset", {"type": "integer", "minimum": 0}),
        (
            "sort",
            {
                "type": "string",
                "enum": [*access.sorts, *(f"-{s}" for s in access.sorts)],
            },
        ),
    ]
    if access.date_field:
        names += [
            ("date_from", {"type": "string", "format": "date"}),
            ("date_to", {"type": "string", "format": "date"}),
        ]
    names += [(name, {"type": "string"}) for name in access.filters]
    return [
        {"name": name, "in": "query", "required": False, "schema": schema}
        for name, schema in names
    ]


# -- the routes ---------------------------------------------------------------


def add_kind(router: Router, access: Access) -> None:
    """The routes of one kind, on ``router``."""
    kind = access.spec
    name = access.kind
    read = record_schema(kind, write=False)
    write = record_schema(kind, write=True)
    page = {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "results": {"type": "array", "items": read},
        },
    }
    tag = [name]

    @router.get(
        f"/{name}",
        operation_id=f"{name}_list",
        url_name=f"{name}_list",
        tags=tag,
        summary=f"List {name}",
        openapi_extra={"parameters": _list_parameters(access), "responses": _ok(page)},
    )
    def list_records(request: HttpRequest) -> HttpResponse:
        query = list_query(request, access)
        return json_response(queries.record_list(request.user, access, query))

    @router.post(
        f"/{name}",
        operation_id=f"{name}_create",
        url_name=f"{name}_list",
        tags=tag,
        summary=f"Create one of {name}",
        openapi_extra={
            "parameters": [
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "maxLength": 200},
                }
            ],
            "requestBody": _body(write),
            "responses": _ok(read, 201),
        },
    )
    def create_record(request: HttpRequest) -> HttpResponse:
        record = services.record_create(
            user=request.user,
            access=access,
            data=read_object(request),
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        return json_response(record, status=201)

    @router.post(
        f"/{name}/bulk",
        operation_id=f"{name}_bulk",
        url_name=f"{name}_bulk",
        tags=tag,
        summary=f"Create or update up to 1,000 {name}",
        openapi_extra={
            "requestBody": _body(
                {
                    "type": "object",
                    "properties": {
                        "records": {
                            "type": "array",
                            "maxItems": services.BULK_LIMIT,
                            "items": write,
                        }
                    },
                    "required": ["records"],
                }
            ),
        },
    )
    def bulk_records(request: HttpRequest) -> HttpResponse:
        body = read_object(request)
        result = services.records_bulk(
            user=request.user, access=access, items=body.get("records")
        )
        return json_response(result)

    detail = f"/{name}/{{key}}"

    @router.get(
        detail,
        operation_id=f"{name}_read",
        url_name=f"{name}_detail",
        tags=tag,
        summary=f"Read one of {name}",
        openapi_extra={"responses": _ok(read)},
    )
    def read_record(request: HttpRequest, key: str) -> HttpResponse:
        return json_response(queries.record_read(request.user, access, key))

    @router.put(
        detail,
        operation_id=f"{name}_replace",
        url_name=f"{name}_detail",
        tags=tag,
        summary=f"Replace one of {name}",
        openapi_extra={"requestBody": _body(write), "responses": _ok(read)},
    )
    def replace_record(request: HttpRequest, key: str) -> HttpResponse:
        record = services.record_update(
            user=request.user,
            access=access,
            key=key,
            data=read_object(request),
            partial=False,
        )
        return json_response(record)

    @router.patch(
        detail,
        operation_id=f"{name}_update",
        url_name=f"{name}_detail",
        tags=tag,
        summary=f"Change one of {name}",
        openapi_extra={"requestBody": _body(write), "responses": _ok(read)},
    )
    def update_record(request: HttpRequest, key: str) -> HttpResponse:
        record = services.record_update(
            user=request.user,
            access=access,
            key=key,
            data=read_object(request),
            partial=True,
        )
        return json_response(record)

    @router.delete(
        detail,
        operation_id=f"{name}_delete",
        url_name=f"{name}_detail",
        tags=tag,
        summary=f"Delete one of {name}",
        openapi_extra={"responses": {204: {"description": "Deleted"}}},
    )
    def delete_record(request: HttpRequest, key: str) -> HttpResponse:
        services.record_delete(
            user=request.user,
            access=access,
            key=key,
            version=request.GET.get("version") or None,
        )
        return HttpResponse(status=204)

    if not queries.is_audited(access):
        return
    history = {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "at": {"type": "string", "format": "date-time"},
                        "type": {
                            "type": "string",
                            "enum": ["created", "changed", "deleted"],
                        },
                        "through": {
                            "type": "string",
                            "enum": ["web", "api", "import", "admin", "command"],
                        },
                        "by": {"type": "string"},
                        "before_known": {"type": "boolean"},
                        "changes": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "field": {"type": "string"},
                                    "before": {"type": ["string", "null"]},
                                    "after": {"type": ["string", "null"]},
                                },
                            },
                        },
                    },
                },
            },
        },
    }

    @router.get(
        f"{detail}/history",
        operation_id=f"{name}_history",
        url_name=f"{name}_history",
        tags=tag,
        summary=f"The changes of one of {name}, newest first",
        openapi_extra={
            "parameters": _list_parameters(access)[:2],
            "responses": _ok(history),
        },
    )
    def record_history(request: HttpRequest, key: str) -> HttpResponse:
        return json_response(
            queries.record_history_read(
                request.user,
                access,
                key,
                limit=_whole(
                    request, "limit", queries.DEFAULT_LIMIT, 1, queries.PAGE_LIMIT
                ),
                offset=_whole(request, "offset", 0, 0, 10**12),
            )
        )


def kind_router(*names: str) -> Router:
    """A router with the routes of each named kind."""
    router = Router()
    for name in names:
        add_kind(router, ACCESS[name])
    return router
