"""What records the security events: Django's and axes' signals, and the
saves of employees and log-ins."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from yeji.org.models import Employee
from yeji.security.middleware import session_touch
from yeji.security.models import EventKind
from yeji.security.services import (
    logins_deactivate,
    security_event_record,
    sessions_end_for_user,
)

User = get_user_model()

# The fields of a log-in that make its holder an administrator.
ADMIN_FIELDS = ("is_staff", "is_superuser")


@receiver(user_logged_in, dispatch_uid="yeji_security_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # The log-in saves the session anyway; noting it as used now spares the
    # next page a write of its own.
    session = getattr(request, "session", None)
    if session is not None:
        session_touch(session)
    security_event_record(kind=EventKind.LOGIN, user=user, request=request)


@receiver(user_logged_out, dispatch_uid="yeji_security_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        security_event_record(kind=EventKind.LOGOUT, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="yeji_security_login_failed")
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Django passes the credentials with the password already masked; only
    # the name typed is kept.
    username = str(credentials.get(User.USERNAME_FIELD) or "")
    security_event_record(
        kind=EventKind.LOGIN_FAILED, username=username, request=request
    )


@receiver(user_locked_out, dispatch_uid="yeji_security_lockout")
def _locked_out(
    sender: Any, request: Any, username: str | None, ip_address: str | None, **kwargs
) -> None:
    security_event_record(
        kind=EventKind.LOCKOUT,
        username=username or "",
        request=request,
        detail={"locked_address": ip_address},
    )


def _saved_values(
    model: Any, instance: Any, fields: tuple[str, ...], update_fields: Any
) -> dict[str, Any] | None:
    """The values of ``fields`` as stored before this save, or None for a
    new row or a save that does not touch them."""
    if instance.pk is None or instance._state.adding:
        return None
    if update_fields is not None and not set(fields) & set(update_fields):
        return None
    return model.objects.filter(pk=instance.pk).values(*fields).first()


# The importer writes employees with set-based SQL, which sends no save
# signal; it records its role changes itself (interchange.history).
@receiver(pre_save, sender=Employee, dispatch_uid="yeji_security_employee_pre")
def _employee_before(sender: Any, instance: Employee, **kwargs: Any) -> None:
    instance._yeji_saved = _saved_values(
        Employee, instance, ("role", "left_on"), kwargs.get("update_fields")
    )


@receiver(post_save, sender=Employee, dispatch_uid="yeji_security_employee_post")
def _employee_after(sender: Any, instance: Employee, **kwargs: Any) -> None:
    saved = getattr(instance, "_yeji_saved", None)
    if saved is None:
        return
    if instance.left_on != saved.get("left_on", instance.left_on):
        _leaver_deactivate(instance)
    if saved["role"] == instance.role:
        return
    security_event_record(
        kind=EventKind.ROLE_CHANGE,
        detail={
            "employee_no": instance.employee_no,
            "before": saved["role"],
            "after": instance.role,
        },
    )


def _leaver_deactivate(employee: Employee) -> None:
    """An employee who has now left (before today) keeps no log-in: it is
    switched off and its sessions end, whoever recorded the leaving."""
    if employee.left_on is None or employee.left_on >= timezone.localdate():
        return
    if employee.user_id is None:
        return
    logins_deactivate(
        user_ids=[employee.user_id],
        detail={"reason": "left", "employee_no": employee.employee_no},
    )


@receiver(pre_save, sender=User, dispatch_uid="yeji_security_user_pre")
def _user_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    instance._yeji_saved = _saved_values(
        User, instance, ("is_active", *ADMIN_FIELDS), kwargs.get("update_fields")
    )


@receiver(post_save, sender=User, dispatch_uid="yeji_security_user_post")
def _user_after(sender: Any, instance: Any, **kwargs: Any) -> None:
    saved = getattr(instance, "_yeji_saved", None)
    if saved is None:
        return
    changed = {
        name: {"before": saved[name], "after": getattr(instance, name)}
        for name in ADMIN_FIELDS
        if saved[name] != getattr(instance, name)
    }
    if changed:
        security_event_record(
            kind=EventKind.ROLE_CHANGE,
            detail={"username": instance.get_username(), **changed},
        )
    if saved["is_active"] and not instance.is_active:
        # Django already refuses an inactive user's session at its next
        # request; deleting the rows ends them for good, so that a user
        # made active again does not find old sessions open.  In the same
        # transaction as the save: a deactivation rolled back keeps them.
        ended = sessions_end_for_user(user=instance)
        security_event_record(
            kind=EventKind.DEACTIVATION,
            detail={"username": instance.get_username(), "sessions_ended": ended},
        )
