from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    LOGIN = "login", _("Log-in")
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    LOCKOUT = "lockout", _("Lock-out")
    LOGOUT = "logout", _("Log-out")
    ROLE_CHANGE = "role_change", _("Role change")
    DEACTIVATION = "deactivation", _("Log-in deactivated")
    DOWNLOAD = "download", _("Download")
    TOKEN_USE = "token_use", _("Token used")
    TOKEN_REVOCATION = "token_revocation", _("Token revoked")


class SecurityEvent(models.Model):
    """Something that matters to the safety of the data: who logged in or
    failed to, who was locked out, whose role changed, who downloaded what.

    Written once and never changed; the same event goes to the security log
    (logger ``yeji.security``).  ``username`` keeps the name typed or used
    even when no such user exists or the user is later deleted.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("log-in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("address visited"), max_length=500, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["kind", "-at"], name="security_event_kind_at"),
            models.Index(fields=["username", "-at"], name="security_event_user_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values),
                name="security_event_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"


class Session(AbstractBaseSession):
    """A log-in session, stored with the user it belongs to.

    Django's own session table keeps only encoded data; naming the user in
    a column of its own lets ``sessions_end_for_user`` end all of one
    user's sessions with one indexed delete.
    """

    user_id = models.BigIntegerField(_("log-in"), null=True, db_index=True)

    @classmethod
    def get_session_store_class(cls):
        from yeji.security.sessions import SessionStore

        return SessionStore

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
