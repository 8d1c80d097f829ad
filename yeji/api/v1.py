"""Version 1 of the JSON API, assembled from each app's routes.

Served under ``/api/v1/``: the OpenAPI document at ``openapi.json`` and
readable docs at ``docs``.  Every route needs a personal access token
(``Authorization: Bearer …``) or the web session (with the CSRF token on
writes), and every error answers in one shape (``yeji.api.errors``).
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from yeji.api.auth import SessionCsrfAuth, TokenAuth
from yeji.api.errors import ApiError, problem
from yeji.api.routers import error_response, json_response
from yeji.crm.api import router as crm_router
from yeji.crm.keeping_api import router as keeping_router
from yeji.org.api import router as org_router
from yeji.people.api import router as people_router
from yeji.performance.api import router as performance_router
from yeji.planning.api import router as planning_router
from yeji.sales.api import router as sales_router
from yeji.targets.api import router as targets_router


class YejiAPI(NinjaAPI):
    """The API, whose document lists the errors every route may answer.

    Every route answers 401 without a valid token or log-in, 422 for a
    parameter or body it cannot read, and 404 for a record it names (in the
    path, the query or the body) that does not exist or is outside the
    user's sight; one that writes answers 403 when the user may not, or a
    session's CSRF token is missing.  A route that declares its errors itself (``responses`` in
    ``yeji.api.routers``) keeps its own list.
    """

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                answers = operation.setdefault("responses", {})
                if any(int(code) >= 400 for code in answers):
                    continue
                codes = {401, 404, 422}
                if method.lower() != "get":
                    codes.add(403)
                for code in sorted(codes):
                    answers[code] = error_response(code)
        return schema


api = YejiAPI(
    title="Yeji API",
    version="1",
    description=(
        "Records of the interchange format, addressed by natural key, and the "
        "scorecard. Authenticate with a personal access token "
        "(Authorization: Bearer …) made on the page /account/tokens/."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionCsrfAuth()],
)

for router in (
    org_router,
    crm_router,
    keeping_router,
    sales_router,
    planning_router,
    people_router,
    performance_router,
    targets_router,
):
    api.add_router("/", router)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return json_response(error.body, status=error.status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: Exception) -> HttpResponse:
    detail = [
        problem(
            ["header", "Authorization"],
            _("Log in, or send a valid token as Authorization: Bearer <token>."),
        )
    ]
    return json_response({"detail": detail}, status=401)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    detail = [
        problem(list(e.get("loc", [])), _("not a valid value")) for e in error.errors
    ]
    return json_response({"detail": detail}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    message = (
        _("The CSRF token is missing or wrong.")
        if error.status_code == 403
        else str(error)
    )
    return json_response({"detail": [problem([], message)]}, status=error.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Exception) -> HttpResponse:
    return json_response({"detail": [problem([], _("Not found."))]}, status=404)
