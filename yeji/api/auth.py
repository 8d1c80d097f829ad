"""Who is calling: a personal access token, or the web session.

A token acts as its user: ``request.user`` becomes the token's user, so the
visibility rules of the pages apply unchanged.  The session serves the
pages' own scripts and, like the pages, needs the CSRF token on writes.
"""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from yeji.api.services import token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token=token)
        if user is None:
            return None
        request.user = user
        return user


class SessionCsrfAuth(SessionAuth):
    """The logged-in web session; writes need the CSRF token (header
    ``X-CSRFToken``), as the pages' forms do."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None
