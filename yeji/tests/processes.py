"""Running the ``yeji`` command in a child process, as a user would."""

import os
import subprocess
import sys
from pathlib import Path


def yeji_command() -> list[str]:
    """The installed ``yeji`` script beside this Python, else its module."""
    script = Path(sys.executable).with_name("yeji")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "yeji.cli"]


def yeji_environment(home: Path, **variables: str) -> dict[str, str]:
    """The environment of a fresh installation: its own home, no database URL."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "YEJI_DEMO", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith("PYTEST_")
    }
    environment.update(YEJI_HOME=str(home), **variables)
    return environment


def run_yeji(
    home: Path, *arguments: str, timeout: float = 120, **variables: str
) -> subprocess.CompletedProcess:
    """Run ``yeji ARGUMENTS`` with its own YEJI_HOME; output as text."""
    return subprocess.run(
        [*yeji_command(), *arguments],
        env=yeji_environment(home, **variables),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
