"""The people pages' tests use the web tests' cast (see its docstring)."""

from yeji.web.tests.conftest import (  # noqa: F401
    _fast_passwords,
    _plain_static_files,
    company,
    stranger,
)
