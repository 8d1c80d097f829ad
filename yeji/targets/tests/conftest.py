from yeji.sales.tests.cast import (  # noqa: F401
    _fast_passwords,
    _plain_static_files,
    cast,
    stranger,
)
