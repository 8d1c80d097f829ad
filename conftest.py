"""Set-up shared by the whole test suite, before Django starts."""

import pytest

from yeji.i18n import compile_stale_catalogues

# The test suite reads the Chinese translations like a running server does:
# from .mo files compiled from the .po files kept in the repository.
compile_stale_catalogues()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Hash test passwords cheaply; Argon2 still checks any hash made with it.

    Production hashes with Argon2 (settings.PASSWORD_HASHERS); a test of
    that setting asks for it explicitly (yeji/security/tests).
    """
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
