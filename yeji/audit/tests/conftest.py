"""The audit tests' cast: the web tests' company and its API clients."""

from yeji.api.tests.conftest import api  # noqa: F401  (fixtures)
from yeji.web.tests.conftest import (  # noqa: F401  (fixtures)
    Company,
    _fast_passwords,
    _plain_static_files,
    company,
)
