"""The API of customer keeping, under ``/api/v1/keeping/``: the follow-ups
due, churn warnings, the pool and claims, overdue requests, on-site
check-ins and survey links.

The same queries and services as the pages, scoped by ``org.queries``: a
customer outside the user's sight answers 404; a rule broken answers 422
with the field and the reason.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from yeji.api.errors import invalid, not_found, problem
from yeji.api.routers import (
    _whole,
    json_response,
    read_object,
    response_codes,
    responses,
)
from yeji.crm import churn, followups, pool, queries, satisfaction, service, services
from yeji.crm.checkin import at_customer
from yeji.crm.keeping import keeping_scope
from yeji.crm.models import Channel, Customer
from yeji.crm.rules import keeping_settings
from yeji.interchange.values import Date, InvalidValue, Number
from yeji.org.queries import Area, visible_employees

router = Router(tags=["keeping"])

PAGE_LIMIT = 500
_PAGE_PARAMETERS = [
    {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer"}},
    {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer"}},
]
# The follow-up and churn lists, like their pages, take a team or a rep
# when the user sees more reps than one list sorts (crm.keeping.SCOPE_REPS).
_SCOPE_PARAMETERS = [
    *_PAGE_PARAMETERS,
    {"name": "team", "in": "query", "required": False, "schema": {"type": "string"}},
    {"name": "owner", "in": "query", "required": False, "schema": {"type": "string"}},
]
# A list answers its page, or 422 for a limit or offset out of range.
_LISTED = responses(200, None, 422)


def _page(request: HttpRequest, rows: Any) -> tuple[list[Any], int, int, int]:
    limit = _whole(request, "limit", 100, 1, PAGE_LIMIT)
    offset = _whole(request, "offset", 0, 0, 10**12)
    return list(rows[offset : offset + limit]), rows.count(), limit, offset


def _listing(items: list[dict], total: int, limit: int, offset: int) -> dict:
    return {"count": total, "limit": limit, "offset": offset, "results": items}


def _scoped_customers(request: HttpRequest) -> Any:
    """The customers of the list's ``team`` or ``owner`` (every customer in
    sight without either); 422 past SCOPE_REPS reps, as the pages ask."""
    scope = keeping_scope(
        request.user, team=request.GET.get("team"), owner=request.GET.get("owner")
    )
    if scope.too_wide:
        raise invalid(
            [
                problem(
                    ["query", "team"],
                    _(
                        "Choose a team or a rep: the customers of %(count)s reps "
                        "are too many for one list (at most %(limit)s reps)."
                    )
                    % {"count": scope.too_wide, "limit": scope.limit},
                )
            ]
        )
    return scope.customers


def _invalid(error: ValidationError) -> Exception:
    return invalid(
        [
            problem(["body", field], message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    )


@router.get(
    "/keeping/follow-ups",
    url_name="keeping_follow_ups",
    summary="Follow-ups due within a week, or overdue (overdue=true)",
    response=response_codes(200, 422),
    openapi_extra={"parameters": _SCOPE_PARAMETERS, "responses": _LISTED},
)
def follow_ups(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    only_overdue = request.GET.get("overdue", "").lower() in {"1", "true", "yes"}
    due = followups.follow_ups_due(
        _scoped_customers(request), today=today, only_overdue=only_overdue
    )
    rows, total, limit, offset = _page(request, due)
    settings = keeping_settings()
    items = []
    for customer in rows:
        f = followups.follow_up_of(customer, today=today, rules=settings)
        items.append(
            {
                "customer_code": customer.code,
                "owner_employee_no": customer.owner.employee_no,
                "level": customer.level,
                "last_contact_on": f.last_contact_on.isoformat(),
                "due_on": f.due_on.isoformat(),
                "days_late": f.days_late,
            }
        )
    return json_response(_listing(items, total, limit, offset))


@router.get(
    "/keeping/churn",
    url_name="keeping_churn",
    summary="Customers with a sign of churn, highest risk first, with reasons",
    response=response_codes(200, 422),
    openapi_extra={"parameters": _SCOPE_PARAMETERS, "responses": _LISTED},
)
def churn_warnings(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    found = churn.customers_at_risk(
        _scoped_customers(request),
        today=today,
        sight=visible_employees(request.user, area=Area.SALES),
    )
    rows, total, limit, offset = _page(request, found)
    settings = keeping_settings()
    items = []
    for customer in rows:
        warning = churn.warning_of(customer, today=today, rules=settings)
        items.append(
            {
                "customer_code": customer.code,
                "owner_employee_no": customer.owner.employee_no,
                "risk": str(warning.risk),
                "points": warning.points,
                "reasons": warning.reasons,
            }
        )
    return json_response(_listing(items, total, limit, offset))


@router.get(
    "/keeping/pool",
    url_name="keeping_pool",
    summary="Customers in the pool the user sees",
    response=response_codes(200, 422),
    openapi_extra={"parameters": _PAGE_PARAMETERS, "responses": _LISTED},
)
def pool_list(request: HttpRequest) -> HttpResponse:
    found = pool.pool_customers(request.user).order_by("pooled_at", "code")
    rows, total, limit, offset = _page(request, found)
    items = [
        {
            "customer_code": c.code,
            "name": c.name,
            "last_owner_employee_no": c.owner.employee_no,
            "pooled_at": c.pooled_at.isoformat(),
        }
        for c in rows
    ]
    return json_response(_listing(items, total, limit, offset))


@router.post(
    "/keeping/pool/{code}/claim",
    url_name="keeping_pool_claim",
    summary="Claim a customer of the pool for the acting rep",
    response=response_codes(200, 403, 404, 422),
    openapi_extra={"responses": responses(200, None, 403, 404, 422)},
)
def pool_claim(request: HttpRequest, code: str) -> HttpResponse:
    customer = pool.pool_customers(request.user).filter(code=code).first()
    if customer is None or not queries.may_write(request.user):
        raise not_found(["path", "code"])
    try:
        claimed = pool.pool_claim(user=request.user, customer=customer)
    except pool.NotAllowed:
        raise not_found(["path", "code"]) from None
    except ValidationError as error:
        raise _invalid(error) from None
    return json_response(
        {"customer_code": claimed.code, "owner_employee_no": claimed.owner.employee_no}
    )


@router.get(
    "/keeping/requests-overdue",
    url_name="keeping_requests_overdue",
    summary="Requests past their priority's response target",
    response=response_codes(200, 422),
    openapi_extra={"parameters": _PAGE_PARAMETERS, "responses": _LISTED},
)
def requests_overdue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    found = service.overdue_requests_of(request.user, now=now)
    rows, total, limit, offset = _page(request, found)
    settings = keeping_settings()
    items = [
        {
            "request_no": r.request_no,
            "customer_code": r.customer.code,
            "employee_no": r.employee.employee_no,
            "priority": r.priority,
            "opened_at": r.opened_at.isoformat(),
            "response_due_at": service.response_due_at(r, settings).isoformat(),
        }
        for r in rows
    ]
    return json_response(_listing(items, total, limit, offset))


def _decimal(body: dict, name: str, places: int) -> Any:
    value = body.get(name)
    if value is None or value == "":
        return None
    try:
        # A phone gives more places than are kept: round to those.
        number = Number(places=12, digits=24).parse(str(value))
    except InvalidValue as error:
        raise invalid([problem(["body", name], error.message)]) from None
    return number.quantize(Decimal(1).scaleb(-places))


@router.post(
    "/keeping/check-ins",
    url_name="keeping_check_in",
    summary="Log an on-site visit checked in now, with the location if consented",
    response=response_codes(201, 403, 404, 422),
    openapi_extra={"responses": responses(201, None, 403, 404, 422)},
)
def check_in(request: HttpRequest) -> HttpResponse:
    body = read_object(request)
    code = body.get("customer_code")
    customer = (
        queries.writable_customers(request.user).filter(code=code).first()
        if isinstance(code, str)
        else None
    )
    if customer is None:
        raise not_found(["body", "customer_code"])
    next_on = body.get("next_follow_up_on")
    try:
        next_follow_up_on = Date().parse(next_on) if next_on else None
    except InvalidValue as error:
        raise invalid([problem(["body", "next_follow_up_on"], error.message)]) from None
    consent = body.get("location_consent") is True
    try:
        visit = services.visit_log(
            user=request.user,
            customer=customer,
            channel=Channel.ONSITE,
            visited_at=timezone.now(),
            summary=str(body.get("summary") or ""),
            next_follow_up_on=next_follow_up_on,
            latitude=_decimal(body, "latitude", 6),
            longitude=_decimal(body, "longitude", 6),
            accuracy=_decimal(body, "accuracy", 1),
            location_consent=consent,
            location_source=str(body.get("location_source") or ""),
        )
    except services.NotAllowed:
        raise not_found(["body", "customer_code"]) from None
    except ValidationError as error:
        raise _invalid(error) from None
    return json_response(
        {
            "visit_no": visit.visit_no,
            "customer_code": customer.code,
            "checked_in_at": visit.checked_in_at.isoformat(),
            "location_kept": visit.latitude is not None,
            "distance_m": str(visit.distance_m)
            if visit.distance_m is not None
            else None,
            "at_customer": at_customer(visit),
        },
        status=201,
    )


@router.post(
    "/keeping/customers/{code}/survey-links",
    url_name="keeping_survey_link",
    summary="Make a single-use, expiring survey link for a customer",
    response=response_codes(201, 403, 404, 422),
    openapi_extra={"responses": responses(201, None, 403, 404, 422)},
)
def survey_link(request: HttpRequest, code: str) -> HttpResponse:
    customer: Customer | None = (
        queries.writable_customers(request.user).filter(code=code).first()
    )
    if customer is None:
        raise not_found(["path", "code"])
    try:
        invitation = satisfaction.survey_invitation_create(
            user=request.user, customer=customer
        )
    except satisfaction.NotAllowed:
        raise not_found(["path", "code"]) from None
    url = request.build_absolute_uri(
        reverse("crm:survey_answer", args=[satisfaction.survey_link_token(invitation)])
    )
    return json_response(
        {
            "customer_code": customer.code,
            "url": url,
            "expires_at": invitation.expires_at.isoformat(),
            "detail": _("Send this link to the customer."),
        },
        status=201,
    )
