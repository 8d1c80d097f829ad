"""Every write of the org app: for now, what a log-in chooses for itself."""

import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from yeji.org.models import AccountPreference

logger = logging.getLogger(__name__)


class UnknownLanguage(ValueError):
    """A language code that is not one of settings.LANGUAGES."""


def account_language_set(*, user: AbstractBaseUser, language: str) -> AccountPreference:
    """Keep ``language`` as the log-in's own language, applied at each log-in.

    Only the stored choice changes; the caller sets the language cookie of
    the response that answers the choice, so the page shown next speaks it.
    """
    if language not in dict(settings.LANGUAGES):
        raise UnknownLanguage(language)

    with transaction.atomic():
        preference, _created = AccountPreference.objects.update_or_create(
            user=user, defaults={"language": language}
        )

    logger.info("Account language set", extra={"user": user.pk, "language": language})
    return preference


def account_password_change(*, user: AbstractBaseUser, new_password: str) -> None:
    """Give the log-in a new password, already checked by the caller's form
    (old password right, validators passed).

    Besides the user row, this ends the log-in's other sessions: Django keys
    sessions to a hash of the password.  The caller keeps its own session
    with ``update_session_auth_hash``.
    """
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])

    logger.info("Account password changed", extra={"user": user.pk})
