"""One-time keys for the forms that make plans, meetings and their tasks.

A form is opened with a signed key that becomes the natural key of what it
makes (a plan number, a meeting number, the first of a batch of task
numbers).  Sending the same form twice then finds what the first send
made, and the database's unique key settles two sends at the same moment.
The signature keeps anyone from choosing a key or reusing another user's
form.
"""

import datetime as dt

from django.core import signing
from django.utils import timezone

from yeji.numbering import new_key

# How long a form stays good for one submit.  A form left open longer asks
# to be sent again, with a fresh key.
FORM_MAX_AGE = dt.timedelta(hours=12)

_SALT = "yeji.planning.formkeys"


class StaleForm(Exception):
    """The form's key is missing, forged, another user's or too old."""


def form_key(*, prefix: str, user_pk: int, today: dt.date | None = None) -> str:
    """A signed new key of kind ``prefix`` for a form opened by ``user_pk``."""
    key = new_key(prefix, on=today or timezone.localdate())
    return signing.dumps({"key": key, "user": user_pk, "kind": prefix}, salt=_SALT)


def form_key_read(token: str, *, prefix: str, user_pk: int) -> str:
    """The key carried by ``token``, or StaleForm."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=FORM_MAX_AGE)
    except signing.BadSignature:
        raise StaleForm from None
    if (
        not isinstance(data, dict)
        or data.get("user") != user_pk
        or data.get("kind") != prefix
    ):
        raise StaleForm
    return str(data["key"])
