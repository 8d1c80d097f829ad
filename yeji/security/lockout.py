"""Log-in throttling with django-axes: one limit per account, a higher one
per address, and the page a locked-out person sees."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginThrottle(AxesDatabaseHandler):
    """axes' database handler, with the address limit apart from the
    account's.

    axes compares one count, the larger of the failures of the account
    and those of the address, with one limit (``AXES_FAILURE_LIMIT``, the
    account's).  The address's failures are scaled here so that they reach
    that limit exactly when they reach ``YEJI_LOGIN_ADDRESS_FAILURE_LIMIT``:
    a whole office behind one address may mistype more often than one
    person, and locking it out would lock out everybody in it.
    """

    def get_failures(self, request: HttpRequest, credentials: Any = None) -> int:
        # One queryset per entry of AXES_LOCKOUT_PARAMETERS, in its order:
        # the account's attempts, then the address's.
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if len(counts) != 2:
            return max(counts, default=0)
        account, address = counts
        account_limit = settings.YEJI_LOGIN_FAILURE_LIMIT
        address_limit = settings.YEJI_LOGIN_ADDRESS_FAILURE_LIMIT
        return max(account, address * account_limit // address_limit)


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The answer to a log-in while its account or address is locked out.

    axes calls it with the response the view gave (the log-in form), which
    is replaced.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "security/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class LoginThrottleBackend(AxesStandaloneBackend):
    """axes' check before every log-in made through a request.

    A log-in without a request (the test client's ``login``, a management
    command) comes from no address and through no page an attacker can
    reach, so there is nothing to throttle: it goes on to the next
    backend instead of failing.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
