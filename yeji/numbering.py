"""Natural keys for records made in Yeji itself rather than imported.

An imported record keeps the number the company gave it (``V000000001``).
A record made in a page or through the API gets a number of its own kind,
``V-20261204-7K3Q9X``: the record kind's letter, the local date it was made
and six random characters of Crockford's base 32 (no I, L, O or U, so a
number read aloud or copied by hand is not misread).  Two people saving at
the same moment need no lock between them; the unique constraint of the key
is the last word, and :func:`new_key` is cheap to call again in the rare
case that it refuses one.
"""

import datetime as dt
import secrets

from django.utils import timezone

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_key(letter: str, *, on: dt.date | None = None) -> str:
    """A new natural key for a record of the kind ``letter`` (``"V"``)."""
    day = on or timezone.localdate()
    tail = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"{letter}-{day:%Y%m%d}-{tail}"
