"""The security log's file handler.

Configured in ``settings.LOGGING`` before any directory may exist, so it
makes the log's folder when it first writes, and opens the file only
then: a process that logs no security event creates no file.  A file it
creates is readable by its owner only, as it names who logged in from where.
"""

import logging.handlers
import os
from pathlib import Path


class SecurityLogFileHandler(logging.handlers.WatchedFileHandler):
    """Append to a file that log rotation may move away (reopened then)."""

    def __init__(self, filename: str, encoding: str = "utf-8") -> None:
        super().__init__(filename, encoding=encoding, delay=True)

    def _open(self):  # noqa: ANN202 - logging's own signature
        path = Path(self.baseFilename)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        return super()._open()
