"""Set-up of the security tests: pages render without collected static files."""

import pytest


@pytest.fixture(autouse=True)
def _plain_static_files(settings, tmp_path) -> None:
    """Serve static files without the manifest that ``collectstatic`` writes."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
