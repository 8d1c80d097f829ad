"""The request being answered, for events recorded deep inside a write.

A role change is saved by the admin, a service or a command; the receiver
that records it learns who did it, and from where, from the request the
middleware noted here.  Outside a request (a command) there is none.
"""

from contextvars import ContextVar

from django.http import HttpRequest

current_request: ContextVar[HttpRequest | None] = ContextVar(
    "yeji_security_request", default=None
)
