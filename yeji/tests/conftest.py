"""Fixtures of the project-wide tests: pages render without collected
static files, and the route walker's world is built once per module."""

import pytest
from django.db import transaction

from yeji.tests.world import World, build_world


@pytest.fixture(autouse=True)
def _plain_static_files(settings, tmp_path) -> None:
    """Serve static files without the manifest that ``collectstatic`` writes;
    an empty STATIC_ROOT keeps WhiteNoise from warning that it is missing."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """Hash passwords cheaply: a slow hash guards nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    """The walker's company, made once for a test module and rolled back
    after it; each test runs in a savepoint inside (it asks for ``db``)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)
