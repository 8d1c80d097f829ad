"""Set-up shared by the whole test suite, before Django starts."""

from yeji.i18n import compile_stale_catalogues

# The test suite reads the Chinese translations like a running server does:
# from .mo files compiled from the .po files kept in the repository.
compile_stale_catalogues()
