"""The WSGI entry point that `yeji serve` (or any WSGI server) loads."""

import os

from django.core.wsgi import get_wsgi_application

from yeji.i18n import compile_stale_catalogues

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yeji.settings")
# A server started without the `yeji` command still gets current translations.
compile_stale_catalogues()
application = get_wsgi_application()
