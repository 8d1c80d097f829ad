"""The address a request came from, as the log-in throttle and the log see it.

Behind ``YEJI_PROXIES`` reverse proxies, each proxy appends the address it
was reached from to ``X-Forwarded-For``; the client's is the one the
outermost trusted proxy appended.  Anything further left was written by
the client and may be forged, so it is never used.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, or None when the request names none."""
    proxies = settings.YEJI_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
