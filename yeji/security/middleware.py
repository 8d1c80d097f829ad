"""Middleware of the security app: idle sessions, and the events of a request."""

import time
from collections.abc import Callable
from email.message import Message

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from yeji.security.context import current_request
from yeji.security.models import EventKind
from yeji.security.services import security_event_record

# How often, at most, a session in use has its expiry moved on: every five
# minutes, or a tenth of the idle time if that is shorter.  Saving it on
# every request would write the session table on every page (and make a
# page's query count depend on when the session was last saved); this way
# a session in use stays alive, and one left alone ends within a tenth of
# the idle time of its end.
TOUCH_SECONDS = 300
TOUCHED_KEY = "_yeji_touched"


def touch_interval() -> int:
    return max(1, min(TOUCH_SECONDS, settings.SESSION_COOKIE_AGE // 10))


def session_touch(session, now: int | None = None) -> None:
    """Note that the session is in use now; its next save moves its expiry."""
    session[TOUCHED_KEY] = int(time.time()) if now is None else now


class SessionIdleMiddleware:
    """Move a logged-in session's expiry on while it is used.

    The session (and its cookie) expire ``SESSION_COOKIE_AGE`` after their
    last save; the database refuses an expired session.  So a session that
    is used keeps going, and one left alone for the idle time is gone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(TOUCHED_KEY, 0) >= touch_interval():
                # A change makes SessionMiddleware save the session, which
                # sets its expiry to now plus the idle time.
                session_touch(session, now)
        return self.get_response(request)


class SecurityEventMiddleware:
    """Note the request for events recorded while it is answered, and
    record every download (a response with ``Content-Disposition:
    attachment``), whichever page made it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            disposition = response.get("Content-Disposition", "")
            if disposition.lower().startswith("attachment"):
                security_event_record(
                    kind=EventKind.DOWNLOAD,
                    request=request,
                    detail={
                        "file": attachment_filename(disposition),
                        "status": response.status_code,
                    },
                )
            return response
        finally:
            current_request.reset(token)


def attachment_filename(disposition: str) -> str:
    """The file name a Content-Disposition header gives (``filename*`` first)."""
    message = Message()
    message["Content-Disposition"] = disposition
    return message.get_filename() or ""
