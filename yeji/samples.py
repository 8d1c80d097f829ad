"""Where the sample companies of the interchange format are.

The samples live in the project's shared folder, beside the repository
(``../shared/samples``); ``YEJI_SAMPLES`` points elsewhere.  Tests and the
benchmark load them to check Yeji against their expected scorecards.
"""

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def samples_dir() -> Path:
    configured = os.environ.get("YEJI_SAMPLES")
    if configured:
        return Path(configured)
    return REPOSITORY.parent / "shared" / "samples"


def sample(name: str) -> Path:
    """The folder of one sample company, e.g. ``sample("acme")``."""
    return samples_dir() / name
