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
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone

M = TypeVar("M", bound=models.Model)

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_key(letter: str, *, on: dt.date | None = None) -> str:
    """A new natural key for a record of the kind ``letter`` (``"V"``)."""
    day = on or timezone.localdate()
    tail = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"{letter}-{day:%Y%m%d}-{tail}"


def create_once(
    model: type[M],
    *,
    key_field: str,
    key: str | None,
    letter: str,
    on: dt.date | None = None,
    **fields: Any,
) -> tuple[M, bool]:
    """Create a record under ``key``, the number its form was opened with,
    or return the record a first submit of that form made; returns it and
    whether it is new.  Without a key a fresh one is drawn
    (:func:`new_key` of ``letter`` and ``on``).

    Two submits at the same moment both pass the first look; the unique
    key refuses the second, which then returns the first one's record.  The
    insert runs in a savepoint, so that the caller's transaction can still
    read the winner.
    """
    if key is not None:
        existing = model._default_manager.filter(**{key_field: key}).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            made = model._default_manager.create(
                **{key_field: key or new_key(letter, on=on)},
                **fields,
            )
    except IntegrityError:
        existing = (
            model._default_manager.filter(**{key_field: key}).first() if key else None
        )
        if existing is None:
            raise
        return existing, False
    return made, True
