"""Who is changing records, and through what, for the history rows.

A history row names the user and the channel (a page, the API, an import,
the admin, the command line).  During a request both come from the request
the security middleware noted (``security.context``); an import says so
for the time it runs with :func:`audit_channel`; anything else is the
command line, done by the user the operating system knows.
"""

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from yeji.security.context import current_request


class Channel(models.TextChoices):
    WEB = "web", _("web page")
    API = "api", _("API")
    IMPORT = "import", _("import")
    ADMIN = "admin", _("admin pages")
    COMMAND = "command", _("command line")


@dataclass(frozen=True)
class Source:
    """Where a change comes from: the channel, the log-in (if any) and the
    name to show for whoever made it."""

    channel: Channel
    user: AbstractBaseUser | None
    username: str


_explicit: ContextVar[Source | None] = ContextVar("yeji_audit_source", default=None)


@contextmanager
def audit_channel(
    channel: Channel, *, user: AbstractBaseUser | None = None
) -> Iterator[Source]:
    """Credit the changes made inside to ``channel`` and ``user``; without a
    user, to the operating system's user (someone at the command line)."""
    source = Source(
        channel=channel,
        user=user,
        username=user.get_username() if user is not None else os_username(),
    )
    token = _explicit.set(source)
    try:
        yield source
    finally:
        _explicit.reset(token)


def os_username() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        # A container may run under a user id with no name.
        return f"uid {os.getuid()}"


def _request_channel(request: Any) -> Channel:
    match = getattr(request, "resolver_match", None)
    namespaces = match.namespaces if match is not None else []
    if "admin" in namespaces:
        return Channel.ADMIN
    if "api" in namespaces:
        return Channel.API
    return Channel.WEB


def current_source() -> Source:
    """The source of a change made now."""
    explicit = _explicit.get()
    if explicit is not None:
        return explicit
    request = current_request.get()
    if request is None:
        return Source(Channel.COMMAND, None, os_username())
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Source(_request_channel(request), None, "")
    return Source(_request_channel(request), user, user.get_username())


def history_user(instance: Any = None, request: Any = None, **kwargs: Any) -> Any:
    """The log-in a history row names (simple-history's ``get_user``)."""
    return current_source().user
