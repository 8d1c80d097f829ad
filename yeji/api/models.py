from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessToken(models.Model):
    """A personal access token: a program acting as its user through the API.

    Only the SHA-256 digest of the token is kept; the token itself is shown
    once, when it is made.  Tokens are random and long, so a plain hash is
    enough (a slow password hash guards guessable secrets, not these).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="access_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    # The first characters of the token, so a person can tell tokens apart.
    prefix = models.CharField(_("prefix"), max_length=12)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # The one-time token of the form that made it, so a double submit of the
    # page makes one token.
    form_token = models.CharField(
        _("form token"), max_length=64, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotentCreate(models.Model):
    """The answer to a create sent with an ``Idempotency-Key`` header.

    A repeat of the request with the same key gets this answer again and
    creates nothing; the fingerprint of the body tells a repeat from a
    different request that reuses a key.
    """

    # TODO: answers are kept for ever; nothing yet deletes those older than
    # a day or so, so the table grows by one row per create sent with a key.

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("key"), max_length=200)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"), default=0)
    body = models.JSONField(_("body"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotent create")
        verbose_name_plural = _("idempotent creates")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="idempotent_create_one_per_user_key"
            ),
        ]

    def __str__(self) -> str:
        return self.key
