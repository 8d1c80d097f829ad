"""Writes of the security app: recording an event, ending sessions."""

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from yeji.security.addresses import client_address
from yeji.security.context import current_request
from yeji.security.models import EventKind, SecurityEvent, Session

logger = logging.getLogger("yeji.security")

# Longest path kept; a path is only a pointer for whoever reads the log.
PATH_LENGTH = SecurityEvent._meta.get_field("path").max_length


def security_event_record(
    *,
    kind: EventKind,
    user: AbstractBaseUser | None = None,
    username: str | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Store a security event and write it to the ``yeji.security`` log.

    ``user`` is who acted (or tried to); without it, the user of
    ``request``.  ``request`` (default: the one being answered) gives the
    address and path.  The row is written even if the surrounding
    transaction later rolls back only when there is none: an event inside
    a failed write did not happen.
    """
    request = request if request is not None else current_request.get()
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    if username is None:
        username = user.get_username() if user is not None else ""
    address = client_address(request) if request is not None else None
    path = request.get_full_path()[:PATH_LENGTH] if request is not None else ""
    detail = detail or {}

    with transaction.atomic():
        event = SecurityEvent.objects.create(
            kind=kind,
            user=user if user is not None and user.pk is not None else None,
            username=username[:150],
            address=address,
            path=path,
            detail=detail,
        )

    logger.info(
        "%s: user %s from %s at %s %s",
        kind.value,
        username or "-",
        address or "-",
        path or "-",
        detail or "",
        extra={
            "event": kind.value,
            "user": username,
            "address": address,
            "path": path,
            "detail": detail,
        },
    )
    return event


def sessions_end_for_user(*, user: AbstractBaseUser) -> int:
    """End every session of ``user`` at once; returns how many there were."""
    with transaction.atomic():
        deleted, _by_model = Session.objects.filter(user_id=user.pk).delete()
    return deleted


def logins_deactivate(
    *,
    user_ids: list[int],
    by: AbstractBaseUser | None = None,
    by_name: str = "",
    detail: dict[str, Any] | None = None,
) -> int:
    """Switch off the log-ins ``user_ids`` and end all their sessions.

    For writes that change many log-ins at once (an import of leavers),
    which send no save signal: each log-in switched off is a security
    event, as one switched off in the admin is.  Returns how many were
    active.
    """
    User = get_user_model()
    with transaction.atomic():
        users = list(
            User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk")
        )
        User.objects.filter(pk__in=[u.pk for u in users]).update(is_active=False)
        ended = dict.fromkeys((u.pk for u in users), 0)
        for user_id in Session.objects.filter(user_id__in=ended).values_list(
            "user_id", flat=True
        ):
            ended[user_id] += 1
        Session.objects.filter(user_id__in=ended).delete()
        for user in users:
            security_event_record(
                kind=EventKind.DEACTIVATION,
                user=by,
                username=by_name or None,
                detail={
                    "username": user.get_username(),
                    "sessions_ended": ended[user.pk],
                    **(detail or {}),
                },
            )
    return len(users)
