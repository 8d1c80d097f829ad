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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """Put back what the migrations wrote once a test that empties the
    database is done.

    A test with ``transaction=True`` (the browser tests, which serve pages
    from another thread) ends by emptying every table, and Django puts the
    migrations' rows back (the default scorecard template, China's
    holidays) only at the start of the next such test.  Any other test run
    after it would find them gone: which test that is depends on how the
    suite is shared among workers, so the rows are put back here, after
    the emptying, whatever runs next.
    """
    yield
    # After the last test the test databases are gone already (their
    # session fixture ends with it) and the connections name the real ones
    # again: nothing is to be put back, and nowhere.
    if nextitem is None:
        return
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
