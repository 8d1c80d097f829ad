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
from yeji.api.errors import Loc, invalid, problem
from yeji.api.records import ACCESS, Access, storable
from yeji.interchange.spec import Kind
from yeji.interchange.values import Date, Enum, Integer, InvalidValue, Number

_DATE = Date()
# The largest offset a list takes.
OFFSET_LIMIT = 10**12


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )


def read_body(request: HttpRequest) -> Any:
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise invalid([problem(["body"], _("the body is not valid JSON"))]) from None
    place = _unstorable(body, ["body"])
    if place is not None:
        raise invalid([problem(place, _("not a valid value"))])
    return body


def _unstorable(value: Any, loc: Loc) -> Loc | None:
    """The place of the first text in a JSON value that cannot be stored
    (see ``records.storable``), or None."""
    if isinstance(value, str):
        return None if storable(value) else loc
    if isinstance(value, list):
        items: Any = enumerate(value)
    elif isinstance(value, dict):
        items = value.items()
    else:
        return None
    for name, item in items:
        if isinstance(name, str) and not storable(name):
            return [*loc, name.encode(errors="replace").decode()]
        place = _unstorable(item, [*loc, name])
        if place is not None:
            return place
    return None


def _query_value(request: HttpRequest, name: str) -> str | None:
    """A query parameter as sent, None when absent; 422 for one that
    cannot be text of a record."""
    text = request.GET.get(name)
    if text is not None and not storable(text):
        raise invalid([problem(["query", name], _("not a valid value"))])
    return text


def query_text(request: HttpRequest, name: str) -> str | None:
    """A query parameter's text, None when absent or empty; 422 for one
    that cannot be text of a record."""
    return _query_value(request, name) or None


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
    # Present, a date is required: ``?date_to=`` is refused, as the
    # document's format says, rather than read as no bound.
    if name not in request.GET:
        return None
    text = request.GET[name].strip()
    try:
        return _DATE.parse(text)
    except InvalidValue as error:
        raise invalid([problem(["query", name], error.message)]) from None


def list_query(request: HttpRequest, access: Access) -> queries.ListQuery:
    return queries.ListQuery(
        limit=_whole(request, "limit", queries.DEFAULT_LIMIT, 1, queries.PAGE_LIMIT),
        offset=_whole(request, "offset", 0, 0, OFFSET_LIMIT),
        # Present, a sort must be one the document lists: ``?sort=`` is
        # refused (by queries, naming the sorts there are), not read as none.
        sort=_query_value(request, "sort"),
        date_from=_date(request, "date_from"),
        date_to=_date(request, "date_to"),
        filters={
            name: text
            for name in access.filters
            if (text := query_text(request, name)) and text.strip()
        },
    )


# -- the OpenAPI description ------------------------------------------------
# The document is for programs, so it is in English whatever the language
# of the request; the errors it describes answer in the request's language.

# Every error answers in this one shape (yeji.api.errors).
ERRORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["loc", "msg"],
                "properties": {
                    "loc": {
                        "type": "array",
                        "items": {"type": ["string", "integer"]},
                    },
                    "msg": {"type": "string"},
                },
            },
        }
    },
}

_ERROR_MEANINGS = {
    401: "No valid token and no log-in",
    403: "The user may read these records but not change them, or the CSRF "
    "token of a session is missing",
    404: "No such record, or one outside the user's sight",
    409: "The record changed since the version sent, or its key is taken",
    422: "A value that breaks the format's rules, each named by its place",
}


def _field_schema(kind: Kind, name: str, *, write: bool) -> dict[str, Any]:
    """A field as a request may send it (``write``) or a response gives it.

    A response gives every value as text, as the format's files do, or
    null when it is empty; a request may send a number as a JSON number.
    """
    column = kind.by_name[name]
    value_type = column.type
    empty = [] if write and column.required else ["null"]
    schema: dict[str, Any]
    if isinstance(value_type, Enum):
        words: list[Any] = sorted(value_type.words)
        schema = {"type": ["string", *empty], "enum": words + ([None] if empty else [])}
    elif isinstance(value_type, Number) and write:
        schema = {
            "type": ["string", "number", *empty],
            "description": f"a decimal with at most {value_type.places} places",
        }
    elif isinstance(value_type, Integer) and write:
        schema = {
            "type": ["integer", "string", *empty],
            "minimum": value_type.at_least,
            "maximum": value_type.at_most,
        }
    else:
        schema = {"type": ["string", *empty]}
        max_length = getattr(value_type, "max_length", None)
        if max_length:
            schema["maxLength"] = max_length
        if isinstance(value_type, Date):
            schema["format"] = "date"
    if column.ref:
        schema["description"] = f"the key of a record of {column.ref}"
    return schema


def record_schema(kind: Kind, *, write: bool, partial: bool = False) -> dict[str, Any]:
    """A record of the kind as a response gives it, or as a request sends
    it whole (``write``) or only in part (``partial``)."""
    properties = {
        c.name: _field_schema(kind, c.name, write=write) for c in kind.columns
    }
    properties["version"] = {"type": "string"}
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if not write:
        schema["required"] = list(properties)
    else:
        schema["additionalProperties"] = False
        if not partial:
            schema["required"] = [
                c.name for c in kind.columns if c.required and c.name not in kind.key
            ]
    return schema


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}, "required": True}


def responses(
    status: int, schema: dict[str, Any] | None, *errors: int
) -> dict[int, Any]:
    """The answers of a route, for ``openapi_extra``: its success and the
    errors it may give, 401 always."""
    ok: dict[str, Any] = {"description": "OK" if status != 204 else "Deleted"}
    if schema is not None:
        ok["content"] = {"application/json": {"schema": schema}}
    result: dict[int, Any] = {status: ok}
    for code in sorted({401, *errors}):
        result[code] = error_response(code)
    return result


def error_response(code: int) -> dict[str, Any]:
    """The OpenAPI description of an error answer of ``code``."""
    return {
        "description": _ERROR_MEANINGS[code],
        "content": {"application/json": {"schema": ERRORS_SCHEMA}},
    }


def response_codes(status: int, *errors: int) -> dict[int, None]:
    """The ``response`` argument of a route: which statuses it answers, so
    that ninja lists no other; the bodies are described by ``responses``."""
    return dict.fromkeys((status, 401, *errors))


def _list_parameters(access: Access) -> list[dict[str, Any]]:
    names = [
        ("limit", {"type": "integer", "minimum": 1, "maximum": queries.PAGE_LIMIT}),
        ("offset", {"type": "integer", "minimum": 0, "maximum": OFFSET_LIMIT}),
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
    partial = record_schema(kind, write=True, partial=True)
    page = {
        "type": "object",
        "required": ["count", "limit", "offset", "results"],
        "properties": {
            "count": {"type": "integer"},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "results": {"type": "array", "items": read},
        },
    }
    tag = [name]
    bulk_answer = {
        "type": "object",
        "required": ["created", "updated", "unchanged", "records"],
        "properties": {
            "created": {"type": "integer"},
            "updated": {"type": "integer"},
            "unchanged": {"type": "integer"},
            "records": {"type": "array", "items": read},
        },
    }

    @router.get(
        f"/{name}",
        operation_id=f"{name}_list",
        url_name=f"{name}_list",
        tags=tag,
        summary=f"List {name}",
        response=response_codes(200, 422),
        openapi_extra={
            "parameters": _list_parameters(access),
            "responses": responses(200, page, 422),
        },
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
        response=response_codes(201, 403, 409, 422),
        openapi_extra={
            "parameters": [
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "schema": {
                        "type": "string",
                        "maxLength": services.IDEMPOTENCY_KEY_LENGTH,
                    },
                }
            ],
            "requestBody": _body(write),
            "responses": responses(201, read, 403, 409, 422),
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
        response=response_codes(200, 403, 404, 409, 422),
        openapi_extra={
            "requestBody": _body(
                {
                    "type": "object",
                    "properties": {
                        "records": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": services.BULK_LIMIT,
                            "items": partial,
                        }
                    },
                    "required": ["records"],
                }
            ),
            "responses": responses(200, bulk_answer, 403, 404, 409, 422),
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
        response=response_codes(200, 404),
        openapi_extra={"responses": responses(200, read, 404)},
    )
    def read_record(request: HttpRequest, key: str) -> HttpResponse:
        return json_response(queries.record_read(request.user, access, key))

    @router.put(
        detail,
        operation_id=f"{name}_replace",
        url_name=f"{name}_detail",
        tags=tag,
        summary=f"Replace one of {name}",
        response=response_codes(200, 403, 404, 409, 422),
        openapi_extra={
            "requestBody": _body(write),
            "responses": responses(200, read, 403, 404, 409, 422),
        },
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
        response=response_codes(200, 403, 404, 409, 422),
        openapi_extra={
            "requestBody": _body(partial),
            "responses": responses(200, read, 403, 404, 409, 422),
        },
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
        response=response_codes(204, 403, 404, 409, 422),
        openapi_extra={
            "parameters": [
                {
                    "name": "version",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string"},
                }
            ],
            "responses": responses(204, None, 403, 404, 409, 422),
        },
    )
    def delete_record(request: HttpRequest, key: str) -> HttpResponse:
        services.record_delete(
            user=request.user,
            access=access,
            key=key,
            version=query_text(request, "version"),
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
            "responses": responses(200, history, 404, 422),
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
