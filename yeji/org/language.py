"""A log-in's own language, applied when it logs in.

Django picks a page's language from the language cookie (then the browser's
headers, then Chinese).  A log-in that chose a language on its account page
keeps that choice in :class:`~yeji.org.models.AccountPreference`; when it
logs in again, on this browser or another, the response to the log-in sets
the cookie to it, so every page after speaks the chosen language.

The log-in signal knows the request but not the response, so it leaves the
language on the request and :class:`LanguageAtLogInMiddleware` writes the
cookie on the way out.  That covers every way in (Yeji's log-in page, the
admin's) without touching their views.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from yeji.org.queries import account_language

# Where the log-in signal leaves the language for the middleware.
_REQUEST_ATTRIBUTE = "yeji_language_at_log_in"


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Set Django's language cookie the way its own ``set_language`` does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def remember_language_at_log_in(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """Receiver of ``user_logged_in``: note the log-in's language, if any."""
    if request is None:
        return
    language = account_language(user)
    if language is not None:
        setattr(request, _REQUEST_ATTRIBUTE, language)


class LanguageAtLogInMiddleware:
    """Sets the language cookie on the response to a log-in whose user
    chose a language; every other response passes untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = getattr(request, _REQUEST_ATTRIBUTE, None)
        if language is not None:
            set_language_cookie(response, language)
        return response
