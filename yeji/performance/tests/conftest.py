"""Fixtures of the scorecard tests.

``acme_company`` loads the sample company ``acme`` through the importer,
as a user would with ``yeji import``.
"""

import pytest
from django.db import transaction
from django.utils import translation

from yeji.interchange.services import import_path
from yeji.samples import sample


@pytest.fixture(scope="class")
def acme_company(django_db_setup, django_db_blocker):
    """The acme sample, loaded once for a test class and rolled back after."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            report = import_path(sample("acme"))
            assert report.ok, report.errors[:5]
            yield
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def english(settings):
    """Messages in English, whatever translations are compiled; the test of
    Chinese headings switches language itself."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
